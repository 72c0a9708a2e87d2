#!/usr/bin/env bash
# Installs what building, running and testing Clinic Desk needs, skipping what is already there.
# Debian 12: WebKitGTK for Tauri, Xvfb + WebKitWebDriver + tauri-driver for the end-to-end tests,
# gnome-keyring for a keychain on headless machines, poppler for PDF checks; npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev webkit2gtk-driver xvfb xauth dbus-daemon gnome-keyring dbus-x11
  libsecret-tools fonts-dejavu-core poppler-utils)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "install-deps: Node.js 20+ and npm are needed (apt-get install nodejs npm)" >&2
  exit 1
fi

if [ "${1:-}" = "--e2e" ] && ! command -v tauri-driver >/dev/null; then
  echo "install-deps: installing tauri-driver"
  cargo install tauri-driver --locked --quiet
fi

# npm ci only when the lock changed since the last install.
npm_ci() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.clinic-desk-lock"; then
    echo "install-deps: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$dir/node_modules/.clinic-desk-lock"
  fi
}
npm_ci ui
[ "${1:-}" = "--e2e" ] && npm_ci tests/e2e
exit 0
