#!/usr/bin/env bash
# A database file is already there, but this machine's keychain has no key for it (as after a
# lost keychain or a file copied from another machine).
set -euo pipefail
head -c 65536 /dev/urandom > "$CLINIC_DESK_DATA_DIR/clinic.db"
