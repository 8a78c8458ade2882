#!/usr/bin/env bash
# Install everything (system packages too, when missing and we may) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/install.sh
exec .venv/bin/python -m pytest "$@"
