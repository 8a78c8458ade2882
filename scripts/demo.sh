#!/usr/bin/env bash
# The main job: install, ingest the bundled sample articles into frontwire.db, serve it on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
samples=$(.venv/bin/python -c "from frontwire.samples import sample_dir; print(sample_dir())")
.venv/bin/frontwire ingest "$samples" --db sqlite:///frontwire.db
.venv/bin/frontwire stats --db sqlite:///frontwire.db
exec .venv/bin/frontwire serve --db sqlite:///frontwire.db --host 127.0.0.1 --port "${PORT:-8080}"
