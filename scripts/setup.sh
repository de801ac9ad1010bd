#!/usr/bin/env bash
# Installs what Qunzhu needs on a Debian/Ubuntu machine, skipping whatever is already there.
#   scripts/setup.sh            build + run the app
#   scripts/setup.sh --test     also what the test suite needs (Xvfb, WebKitWebDriver, tauri-driver)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

say() { printf '\033[1;33m[setup]\033[0m %s\n' "$*"; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# ---- system packages -------------------------------------------------------------------------
packages=(pkg-config build-essential libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev
  libayatana-appindicator3-dev libssl-dev libsoup-3.0-dev patchelf
  # Chinese text and emoji (the 话术 templates use them) in the UI on Linux; Windows and macOS ship both
  fonts-noto-cjk fonts-noto-color-emoji)
if [[ $want_test -eq 1 ]]; then
  # python3-icalendar: one of the two independent parsers the ICS export is checked with
  # faketime: the e2e suite is also run on a fixed day (scripts/e2e-on-date.sh); strace: the
  # check that Qunzhu opens no network socket
  packages+=(xvfb xauth dbus-x11 webkit2gtk-driver python3 python3-icalendar xclip poppler-utils faketime strace)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  say "installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

# ---- toolchains --------------------------------------------------------------------------------
if ! command -v cargo >/dev/null; then
  [[ -x "$HOME/.cargo/bin/cargo" ]] && export PATH="$HOME/.cargo/bin:$PATH"
fi
if ! command -v cargo >/dev/null; then
  say "Rust is missing: install it with rustup (https://rustup.rs), then run this again."
  exit 1
fi
if ! command -v npm >/dev/null; then
  say "installing Node.js and npm"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if (( node_major < 20 )); then
  say "Node.js $(node -v) is too old: Qunzhu's UI build needs Node 20 or newer."
  exit 1
fi

# ---- npm packages (reinstalled only when the lock file changed) -------------------------------
npm_install() {
  local dir=$1
  if [[ ! -f "$dir/node_modules/.package-lock.json" || "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
    say "installing npm packages in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_install ui
if [[ $want_test -eq 1 ]]; then
  npm_install tests/e2e
  if ! command -v tauri-driver >/dev/null; then
    say "installing tauri-driver (WebDriver bridge for the real-window tests)"
    cargo install tauri-driver --version '^2' --locked
  fi
fi
say "setup complete"
