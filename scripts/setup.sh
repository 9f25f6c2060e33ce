#!/usr/bin/env bash
# Create .venv and install the project into it from the lock file, every package pinned with
# its sha256 hash (requirements/lock.txt; with "dev", requirements/dev-lock.txt, the same pins
# plus the test tools), then the project itself without dependencies. PyTorch is the CPU
# build from this machine's wheel (torch==2.13.0+cpu in the lock; pip finds it through its
# configured find-links), not the multi-GB CUDA build. Quick when nothing changed.
# Refresh the lock files with scripts/lock.sh after changing dependencies in pyproject.toml.
# Usage: scripts/setup.sh [dev]
set -euo pipefail
cd "$(dirname "$0")/.."

extra="${1:-}"
case "$extra" in
    "" | postgresql) lock=requirements/lock.txt ;;  # the app's lock holds the PostgreSQL driver
    dev) lock=requirements/dev-lock.txt ;;
    *) echo "Unknown extra '$extra' (use dev, or nothing)." >&2; exit 2 ;;
esac
python="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
stamp=".venv/.installed-$(cat pyproject.toml scripts/setup.sh "$lock" | sha256sum | cut -c1-16)-${extra:-base}"
if [ ! -f "$stamp" ]; then
    pip=(.venv/bin/python -m pip --quiet --disable-pip-version-check)
    "${pip[@]}" install --require-hashes --only-binary :all: -r "$lock"
    # The project itself: its dependencies are all in the lock; setuptools (to build it) too.
    "${pip[@]}" install --no-deps --no-build-isolation -e .
    touch "$stamp"
fi
