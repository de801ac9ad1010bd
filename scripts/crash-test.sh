#!/usr/bin/env bash
# Crash-safety harness: starts write-heavy qunzhu-cli jobs (imports, bursts of adds and marks,
# certificates, a restore) against one data folder, SIGKILLs each at a random moment and checks
# the store afterwards (integrity, nothing acknowledged lost, nothing half-imported, serials).
#
#   scripts/crash-test.sh [--runs N] [--seed S] [--keep]     # default 200 runs
#   scripts/crash-test.sh --self-test     # damages a store on purpose: every check must notice
#
# The CLI: $QUNZHU_CLI if set, else target/debug/qunzhu-cli (built when missing).
# The work is done by scripts/crash/harness.py (Python 3 standard library only).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [[ -n "${QUNZHU_CLI:-}" ]]; then
    cli="$QUNZHU_CLI"
    if [[ ! -x "$cli" ]]; then
        echo "crash-test: QUNZHU_CLI=$cli is not an executable file" >&2
        exit 2
    fi
else
    cli="$root/target/debug/qunzhu-cli"
    if [[ ! -x "$cli" ]]; then
        echo "crash-test: building qunzhu-cli" >&2
        (cd "$root" && cargo build -p qunzhu-cli)
    fi
fi

command -v python3 >/dev/null || { echo "crash-test: python3 is needed" >&2; exit 2; }
export PYTHONDONTWRITEBYTECODE=1
exec python3 "$root/scripts/crash/harness.py" --cli "$cli" "$@"
