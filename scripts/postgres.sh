#!/usr/bin/env bash
# A PostgreSQL for the sync server's tests and benchmark (docs/decisions.md §9): Debian's postgresql 15,
# installed when missing, its cluster started with pg_ctlcluster, and a throwaway role and
# database made afresh. The cluster serves TLS with a certificate from a test CA made here, and
# refuses the test role any connection without it, so every test runs over verified TLS
# (docs/operations.md, "PostgreSQL"). Prints nothing on success; the URL is the one the
# Makefile exports, whose sslrootcert is the CA written to $CLINIC_TEST_POSTGRES_CA.
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
# The test CA and the server's certificate (for localhost and 127.0.0.1), made once.
ca_copy=${CLINIC_TEST_POSTGRES_CA:-$HOME/.cache/clinic-desk/postgres-ca.pem}
tls_dir=/var/lib/postgresql/clinic-tls
if [ ! -s "$tls_dir/server.crt" ] || [ ! -s "$ca_copy" ] || ! cmp -s "$tls_dir/ca.crt" "$ca_copy"; then
  $sudo_cmd mkdir -p "$tls_dir"
  work=$(mktemp -d)
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 -subj "/CN=Clinic Desk test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=localhost" \
    -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' >"$work/ext"
  openssl x509 -req -in "$work/server.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial -days 3650 \
    -extfile "$work/ext" -out "$work/server.crt" 2>/dev/null
  $sudo_cmd cp "$work/ca.crt" "$work/server.crt" "$work/server.key" "$tls_dir/"
  $sudo_cmd chown -R postgres:postgres "$tls_dir"
  $sudo_cmd chmod 600 "$tls_dir/server.key"
  mkdir -p "$(dirname "$ca_copy")"
  cp "$work/ca.crt" "$ca_copy"
  rm -rf "$work"
  tls_changed=1
fi
hba=/etc/postgresql/15/main/pg_hba.conf
if ! grep -q "clinic-desk: TLS only" "$hba"; then
  hba_new=$(mktemp)
  printf '# clinic-desk: TLS only for the test role\nhostnossl all %s 0.0.0.0/0 reject\nhostnossl all %s ::/0 reject\n' "$role" "$role" >"$hba_new"
  $sudo_cmd cat "$hba" >>"$hba_new"
  $sudo_cmd cp "$hba_new" "$hba"
  rm -f "$hba_new"
  tls_changed=1
fi

for _ in $(seq 50); do
  $sudo_cmd su postgres -c "pg_isready -q -h 127.0.0.1 -p 5432" && break
  sleep 0.2
done

psql_admin() { $sudo_cmd su postgres -c "psql -v ON_ERROR_STOP=1 -q -X $*"; }
if [ "${tls_changed:-0}" = 1 ] || [ "$($sudo_cmd su postgres -c "psql -tAX -c 'SHOW ssl'")" != on ]; then
  psql_admin "-c \"ALTER SYSTEM SET ssl = on\""
  psql_admin "-c \"ALTER SYSTEM SET ssl_cert_file = '$tls_dir/server.crt'\""
  psql_admin "-c \"ALTER SYSTEM SET ssl_key_file = '$tls_dir/server.key'\""
  psql_admin "-c 'SELECT pg_reload_conf()'" >/dev/null
  sleep 0.5
fi
psql_admin "-c \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN CREATE ROLE $role LOGIN PASSWORD '$password'; END IF; END \\\$\\\$\""
psql_admin "-c 'DROP DATABASE IF EXISTS $database WITH (FORCE)'" 2>&1 | grep -v 'does not exist, skipping' || true
psql_admin "-c 'CREATE DATABASE $database OWNER $role'"
