#!/usr/bin/env bash
# A PostgreSQL for the sync server's tests and benchmark (docs/decisions.md §9): Debian's postgresql 15,
# installed when missing, its cluster started with pg_ctlcluster, and a throwaway role and
# database made afresh. Prints nothing on success; the URL is the one the Makefile exports.
set -euo pipefail

role=clinic_test
password=clinic_test
database=${1:-clinic_test}
sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"

if ! dpkg-query -W -f='${Status}' postgresql-15 2>/dev/null | grep -q "install ok installed"; then
  echo "postgres: installing postgresql (Debian's 15)"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql >/dev/null
fi

if ! pg_lsclusters -h 2>/dev/null | awk '$1 == "15" && $2 == "main"' | grep -q .; then
  $sudo_cmd pg_createcluster 15 main >/dev/null
fi
if ! pg_lsclusters -h | awk '$1 == "15" && $2 == "main" {print $4}' | grep -q online; then
  $sudo_cmd pg_ctlcluster 15 main start
fi
for _ in $(seq 50); do
  $sudo_cmd su postgres -c "pg_isready -q -h 127.0.0.1 -p 5432" && break
  sleep 0.2
done

psql_admin() { $sudo_cmd su postgres -c "psql -v ON_ERROR_STOP=1 -q -X $*"; }
psql_admin "-c \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN CREATE ROLE $role LOGIN PASSWORD '$password'; END IF; END \\\$\\\$\""
psql_admin "-c 'DROP DATABASE IF EXISTS $database WITH (FORCE)'" 2>&1 | grep -v 'does not exist, skipping' || true
psql_admin "-c 'CREATE DATABASE $database OWNER $role'"
