#!/usr/bin/env bash
# Refresh the lock files from pyproject.toml, every package pinned with its sha256 hashes:
#   requirements/lock.txt      the app and its PostgreSQL driver (scripts/setup.sh)
#   requirements/dev-lock.txt  the same pins plus the test tools (scripts/setup.sh dev)
# Run it after changing dependencies in pyproject.toml, then commit both files.
# Usage: scripts/lock.sh [--upgrade | --upgrade-package NAME]   (otherwise pins stay put)
# Uses pip-tools from .venv (scripts/setup.sh dev) and this machine's pip configuration
# (its indexes and find-links, where the CPU build of torch lies); takes several minutes,
# most of it hashing every file of every pinned release.
set -euo pipefail
cd "$(dirname "$0")/.."
export CUSTOM_COMPILE_COMMAND="scripts/lock.sh"
flags=(
    --quiet --generate-hashes --allow-unsafe --strip-extras
    --no-emit-index-url --no-emit-find-links --no-emit-trusted-host
)
compile="${LOCK_COMPILER:-.venv/bin/pip-compile}"
"$compile" "${flags[@]}" --extra dev -o requirements/dev-lock.txt "$@" pyproject.toml
# The app's lock starts from the dev lock's pins, so both install the same versions.
cp requirements/dev-lock.txt requirements/lock.txt
"$compile" "${flags[@]}" --extra postgresql -o requirements/lock.txt pyproject.toml
