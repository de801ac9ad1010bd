#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser a user's file reaches (cargo-fuzz + libFuzzer, which
# need a nightly toolchain: `rustup toolchain list`). Each corpus is seeded from the test
# fixtures, the bundled templates and SOPs, and a demo export as CSV and XLSX.
#   scripts/fuzz.sh                    every target: 10 minutes for the sheet and chat readers, 3 for the rest
#   scripts/fuzz.sh --seconds 60 sop   chosen targets for a chosen time
#   scripts/fuzz.sh --smoke            a few seconds each (CI); nothing when there is no nightly
# Prints, per target: seconds, executions, and crashes found (saved in src-tauri/fuzz/artifacts/).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
all=(member_sheet values chat_export survey sop svg_template certificate_payload)
seconds=""
targets=()
smoke=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --smoke) smoke=1; seconds=${seconds:-4}; shift ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ ${#targets[@]} -gt 0 ]] || targets=("${all[@]}")
if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  echo "fuzz: no nightly toolchain (rustup toolchain install nightly): not run"
  [[ $smoke -eq 1 ]] && exit 0 || exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
fuzz=src-tauri/fuzz
corpus() { mkdir -p "$fuzz/corpus/$1"; echo "$fuzz/corpus/$1"; }
# A file as a seed, behind the byte that picks the extension the target gives it.
seed() { local dir=$1 prefix=$2 file=$3; { printf "$prefix"; cat "$file"; } > "$dir/seed-$(basename "$file")"; }

c=$(corpus member_sheet)
for f in src-tauri/core/tests/fixtures/import/*.csv; do seed "$c" '\x02' "$f"; done
cli=target/debug/qunzhu-cli
if [[ -x $cli ]]; then
  demo=$(mktemp -d)
  "$cli" --data-dir "$demo" demo load >/dev/null
  "$cli" --data-dir "$demo" members export "$demo/demo.xlsx" >/dev/null
  "$cli" --data-dir "$demo" members export "$demo/demo-gbk.csv" --encoding gbk >/dev/null
  seed "$c" '\x00' "$demo/demo.xlsx"
  seed "$c" '\x02' "$demo/demo-gbk.csv"
  rm -rf "$demo"
fi
c=$(corpus values)
for v in 13800138000 "+86 138-0013-8000" 1990-05-06 1990/5/6 "农历三月初八" "闰四月十五" "腊月廿三" 32874 女 北京市 "D+3" "E-1" "1.38E+10"; do
  printf '%s' "$v" > "$c/seed-$(printf '%s' "$v" | md5sum | cut -c1-8)"
done
c=$(corpus chat_export)
for f in src-tauri/core/tests/fixtures/chats/*; do
  case "$f" in *.csv) seed "$c" '\x00' "$f" ;; *) seed "$c" '\x01' "$f" ;; esac
done
c=$(corpus survey)
for f in src-tauri/core/tests/fixtures/import/{wjx-utf8-bom,jinshuju,tencent-qq}.csv; do seed "$c" '\x00' "$f"; done
c=$(corpus sop)
cp assets/sop/*.toml "$c/"
c=$(corpus svg_template)
cp assets/templates/*.svg "$c/"
c=$(corpus certificate_payload)
printf 'QZ1|QZ-2026-000001|林小雨|AAAA' > "$c/seed-1"
printf 'QZ1|XZ4-2026-0001|Alexandra Johnson-Smith|bm90IGEgc2lnbmF0dXJl' > "$c/seed-2"

printf '%-20s %8s %12s %8s\n' target seconds executions crashes
for t in "${targets[@]}"; do
  s=${seconds:-180}
  [[ -z $seconds && ( $t == member_sheet || $t == chat_export ) ]] && s=600
  mkdir -p "$fuzz/artifacts/$t"
  log=$(mktemp)
  # -rss_limit_mb: a parser that needs more than 2 GB for a small input is itself a finding.
  cargo +nightly fuzz run --fuzz-dir "$fuzz" "$t" "$fuzz/corpus/$t" -- \
    -max_total_time="$s" -rss_limit_mb=2048 -timeout=20 -max_len=1048576 \
    -artifact_prefix="$fuzz/artifacts/$t/" -print_final_stats=1 >"$log" 2>&1 || true
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  crashes=$(find "$fuzz/artifacts/$t" -type f \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' \) | wc -l)
  printf '%-20s %8s %12s %8s\n' "$t" "$s" "${execs:-?}" "$crashes"
  if [[ $crashes -gt 0 ]]; then tail -40 "$log"; fi
  rm -f "$log"
done
