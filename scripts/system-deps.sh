#!/usr/bin/env bash
# Debian packages the tests need, installed only when missing: PostgreSQL with PostGIS (the store's
# PostgreSQL backend is tested against a real server) and Chromium (the browser tests drive it).
set -euo pipefail
missing=()
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 || missing+=(postgresql-15-postgis-3)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)  # the page's map libraries come from npm at install
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "system-deps: missing ${missing[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
  echo "system-deps: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Start PostgreSQL when it is installed but not answering (a fresh machine, or after a reboot).
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v pg_ctlcluster >/dev/null 2>&1; then
    for version in $(ls /etc/postgresql 2>/dev/null); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
  fi
fi
# The PostgreSQL tests connect to database `test` on 127.0.0.1 as user postgres: create it when missing.
if [ "$(id -u)" = 0 ] && command -v createdb >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  # From /, which the postgres user may enter (a CI clone's folder may not be readable to it).
  if ! (cd / && runuser -u postgres -- psql -Atqc "SELECT 1 FROM pg_database WHERE datname = 'test'") | grep -q 1; then
    (cd / && runuser -u postgres -- createdb test)
  fi
fi
