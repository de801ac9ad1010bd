#!/usr/bin/env bash
# Runs the real-window e2e suite (or some of its specs) with the whole process tree's clock set
# to a chosen day: the suites must pass on any day, month ends and leap days included.
#   scripts/e2e-on-date.sh 2026-12-01                      every spec
#   scripts/e2e-on-date.sh 2028-02-29 calendar birthdays   only these specs
# The clock starts at 09:30 that day and runs on (libfaketime, Debian package faketime); the
# monotonic clock is left alone so timeouts stay real. Needs the app built (scripts/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
day=${1:?usage: scripts/e2e-on-date.sh YYYY-MM-DD [spec ...]}
shift
command -v faketime >/dev/null || { echo "faketime is missing: bash scripts/setup.sh --test" >&2; exit 1; }
specs=()
for s in "$@"; do specs+=("specs/$s.test.mjs"); done
[[ ${#specs[@]} -gt 0 ]] || specs=(specs/)
export QUNZHU_SHOTS="${QUNZHU_SHOTS:-$PWD/tests/e2e/screenshots-$day}"
rm -rf "$QUNZHU_SHOTS"
echo "e2e with the clock at $day 09:30 (${specs[*]})"
cd tests/e2e
FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "@$day 09:30:00" \
  xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- node --test --test-concurrency=1 "${specs[@]}"
