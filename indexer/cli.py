"""Command line of the indexer: ``python -m indexer build|info``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from indexer.build import build_index, list_versions, load_live_index
from indexer.chunking import StructureError
from indexer.documents import DocumentError
from indexer.embedding import SentenceTransformerEmbedder
from indexer.settings import Settings, describe_settings, get_settings
from indexer.store import IndexStoreError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m indexer",
        description="Build and inspect the index of the note 'Alles Vloeit'.",
        epilog="Settings (environment variables):\n" + describe_settings(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="rebuild the index from the corpus folder")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    commands.add_parser("info", help="show what the live index holds (JSON)")
    return parser


def main(argv: Sequence[str] | None = None, settings: Settings | None = None) -> int:
    """Run the command; returns the exit status (0 ok, 1 failed, 2 usage)."""
    args = _parser().parse_args(argv)
    settings = settings or get_settings()
    try:
        if args.command == "build":
            embedder = SentenceTransformerEmbedder.from_settings(settings)
            report = build_index(settings, embedder, progress=not args.quiet, log=_info)
            print(report.summary())
        else:
            index = load_live_index(settings.index_root)
            info = {
                "live": index.manifest.version,
                "path": str(index.path),
                "model": index.manifest.model,
                "chunks": index.manifest.chunk_count,
                "documents": sorted(index.manifest.documents),
                "built_at": index.manifest.built_at,
                "versions": list_versions(settings.index_root),
            }
            print(json.dumps(info, indent=2, ensure_ascii=False))
    except (DocumentError, StructureError, IndexStoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _info(message: str) -> None:
    print(message, file=sys.stderr)
