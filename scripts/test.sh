#!/usr/bin/env bash
# Sets everything up and runs every test: UI unit tests, Rust tests (core on real SQLite, shell
# IPC on Tauri's mock runtime, bindings drift), then the real-window e2e suite under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1;36m==> %s\033[0m\n' "$*"; }

step "UI: type check and build"
npm --prefix ui run build --silent

step "UI: unit tests (vitest)"
npm --prefix ui test --silent

step "Rust: core (real SQLite), qunzhu-cli, shell IPC (mock runtime), bindings drift"
cargo test --workspace --locked

step "Rust: build the app for the real-window tests"
cargo build --locked --bin qunzhu

step "E2E: real window under Xvfb (tauri-driver + WebKitWebDriver)"
export QUNZHU_SHOTS="${QUNZHU_SHOTS:-$PWD/tests/e2e/screenshots}"
rm -rf "$QUNZHU_SHOTS"
xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- npm --prefix tests/e2e test
echo "screenshots: $QUNZHU_SHOTS"

step "E2E on a fixed day: the date-sensitive specs with the clock at 2028-02-29 (faketime)"
bash scripts/e2e-on-date.sh 2028-02-29 calendar birthdays journey renewals

step "Fuzz smoke: a few seconds a target (only where a nightly toolchain is installed)"
bash scripts/fuzz.sh --smoke
