#!/usr/bin/env bash
# Set up (first run only), build the index if there is none, and serve the chat.
# Usage: scripts/serve.sh [--host 127.0.0.1] [--port 7860]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/python app.py "$@"
