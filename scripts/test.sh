#!/usr/bin/env bash
# Set up (first run only), then lint, type-check and run the whole test suite.
# Extra arguments go to pytest, e.g. scripts/test.sh -m "not slow" for a quick run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh dev
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
    # The PDF tests typeset the note with DejaVu Sans.
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && apt-get install -y -qq fonts-dejavu-core >/dev/null
    else
        echo "Please install the DejaVu fonts (Debian: fonts-dejavu-core)." >&2
        exit 1
    fi
fi
if [ ! -x /usr/bin/chromium ]; then
    # The browser tests drive Debian's Chromium with Playwright (never `playwright install`).
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq chromium chromium-driver >/dev/null
    else
        echo "Please install Chromium (Debian: chromium chromium-driver)." >&2
        exit 1
    fi
fi
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    # The feedback and replica tests start a throwaway PostgreSQL server (tests/web/postgres.py).
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq postgresql >/dev/null
    else
        echo "Please install PostgreSQL (Debian: postgresql)." >&2
        exit 1
    fi
fi
if [ ! -f tests/web/node_modules/axe-core/axe.min.js ]; then
    # The accessibility tests inject axe-core (npm, pinned in tests/web/package-lock.json).
    if command -v npm >/dev/null; then
        npm ci --prefix tests/web --no-audit --no-fund --loglevel=error
    elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
        npm ci --prefix tests/web --no-audit --no-fund --loglevel=error
    else
        echo "Please install npm (Debian: npm) for the accessibility tests." >&2
        exit 1
    fi
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
