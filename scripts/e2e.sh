#!/usr/bin/env bash
# Drives the real desktop app through WebDriver: Xvfb, a private unlocked keychain on its own
# D-Bus session, tauri-driver (WebKitWebDriver), then the node:test suites in tests/e2e.
# Each suite file gets a fresh driver and a fresh data folder (docs/decisions.md §9: a failed session
# delete can wedge a driver). E2E_SUITES="tests/e2e/x.test.mjs ..." runs only those suites.
set -euo pipefail
cd "$(dirname "$0")/.."
app=$(realpath "${1:?usage: e2e.sh <path of the built clinic-desk binary>}")
# The sync suite runs the clinic-server built beside the app.
export CLINIC_SERVER_BIN="${CLINIC_SERVER_BIN:-$(dirname "$app")/clinic-server}"
work=$(mktemp -d /tmp/clinic-desk-e2e.XXXXXX)
pids=()
# Every helper runs in its own process group (setsid), so stopping it stops its children too:
# tauri-driver's WebKitWebDriver, the app, dbus-daemon and gnome-keyring.
stop_group() { kill -- "-$1" 2>/dev/null || true; }
cleanup() {
  for pid in "${pids[@]}"; do stop_group "$pid"; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

display=:$((90 + RANDOM % 100))
setsid Xvfb "$display" -screen 0 1366x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
export DISPLAY=$display
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done

status=0
for suite in ${E2E_SUITES:-tests/e2e/*.test.mjs}; do
  name=$(basename "$suite" .test.mjs)
  port=$((20000 + RANDOM % 20000))
  export CLINIC_DESK_DATA_DIR="$work/$name/data" CLINIC_DESK_KEYRING_DIR="$work/$name/keyring"
  export CLINIC_DESK_EXPORT_DIR="$work/$name/exports"
  mkdir -p "$CLINIC_DESK_DATA_DIR"
  # A suite may prepare its data folder first (tests/e2e/<suite>.setup.sh).
  if [ -x "tests/e2e/$name.setup.sh" ]; then "tests/e2e/$name.setup.sh"; fi
  setsid scripts/with-keychain.sh tauri-driver --port "$port" --native-port "$((port + 1))" >"$work/$name-driver.log" 2>&1 &
  driver=$!
  pids+=($driver)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/status" >/dev/null 2>&1 && break; sleep 0.1; done
  if ! CLINIC_DESK_APP="$app" WEBDRIVER_URL="http://127.0.0.1:$port" node --test --test-reporter=spec "$suite"; then
    status=1
    echo "---- tauri-driver log ($name) ----"; tail -n 50 "$work/$name-driver.log"
  fi
  stop_group "$driver"
done
exit $status
