#!/usr/bin/env bash
# Runs a command with an unlocked Secret Service (gnome-keyring) on a private D-Bus session, for
# headless machines (CI, SSH) that have none. A convenience of `make run` and the end-to-end tests
# only: the installed app never starts a keychain of its own (docs/decisions.md §9).
#
# The keyring's password is made once per machine and kept next to the keyring (mode 0600);
# set CLINIC_DESK_KEYRING_DIR to use another folder (the tests use a throwaway one).
set -euo pipefail
keyring_dir=${CLINIC_DESK_KEYRING_DIR:-$HOME/.local/share/clinic-desk-dev-keyring}
mkdir -p "$keyring_dir"
chmod 700 "$keyring_dir"
pass_file="$keyring_dir/unlock-password"
if [ ! -s "$pass_file" ]; then
  (umask 077; head -c 24 /dev/urandom | base64 > "$pass_file")
fi
export CLINIC_DESK_KEYRING_DIR_RESOLVED="$keyring_dir"
export CLINIC_DESK_KEYRING_PASS_FILE="$pass_file"
# Only the keyring daemon keeps its files under the keyring folder; the app keeps its own
# data folder.
exec dbus-run-session -- sh -c '
  XDG_DATA_HOME="$CLINIC_DESK_KEYRING_DIR_RESOLVED" gnome-keyring-daemon --unlock --components=secrets \
    < "$CLINIC_DESK_KEYRING_PASS_FILE" > /dev/null
  exec "$@"' sh "$@"
