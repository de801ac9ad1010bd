#!/usr/bin/env bash
# Sets everything up, builds Qunzhu and opens it on the default data folder
# (~/.local/share/app.qunzhu, or $QUNZHU_DATA_DIR). Extra arguments go to the app,
# e.g. scripts/run.sh --data-dir /path/to/folder
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
echo "[run] building the UI"
npm --prefix ui run build --silent
echo "[run] building Qunzhu (the first build takes several minutes)"
cargo build -p qunzhu -p qunzhu-cli
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "[run] no display found: Qunzhu needs a desktop session (or run it under xvfb-run)." >&2
  exit 1
fi
exec target/debug/qunzhu "$@"
