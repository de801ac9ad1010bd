#!/usr/bin/env bash
# The chat-import benchmark against pandas: makes a venv with pandas (from PyPI) once, under
# target/, then runs `qunzhu-bench chats` with it. Extra arguments go to the benchmark
# (--messages N).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/bench-venv
if ! "$venv/bin/python" -c 'import pandas' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet pandas
fi
cargo run --release -p qunzhu-bench -- chats --python "$venv/bin/python" "$@"
