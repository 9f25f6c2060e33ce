"""Command line of the indexer: ``python -m indexer build|info|list|verify|rollback``.

Exit status: 0 done, 1 failed (the message says why and what to do), 2 wrong usage,
3 another build is running.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from indexer.build import build_index, rollback
from indexer.chunking import StructureError
from indexer.documents import DocumentError
from indexer.embedding import Embedder, SentenceTransformerEmbedder
from indexer.lock import BuildLockedError
from indexer.settings import Settings, describe_settings, get_settings
from indexer.store import IndexStoreError, load_index, verify_answers
from indexer.versions import (
    VERSIONS,
    describe_versions,
    list_versions,
    live_version,
    load_live_index,
)

LOCKED = 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m indexer",
        description="Build, inspect, verify and roll back the index of the note 'Alles Vloeit'.",
        epilog="Settings (environment variables):\n" + describe_settings(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser(
        "build", help="update the index from the corpus folder (only what changed)"
    )
    build.add_argument(
        "--quiet", action="store_true", help="print only the summary, warnings and errors"
    )
    build.add_argument(
        "--force", action="store_true", help="ignore the caches: read and embed everything again"
    )
    build.add_argument(
        "--no-wait", action="store_true", help="stop at once if another build is running"
    )
    commands.add_parser("info", help="show what the live index holds (JSON)")
    commands.add_parser("list", help="list the versions on disk, the live one marked with *")
    verify = commands.add_parser(
        "verify", help="check checksums and that the index answers (default: the live version)"
    )
    verify.add_argument("versions", nargs="*", metavar="VERSION", help="versions to check")
    verify.add_argument("--all", action="store_true", help="check every version on disk")
    verify.add_argument(
        "--no-model", action="store_true", help="do not load the model to check the vectors"
    )
    back = commands.add_parser("rollback", help="make the previous version (or VERSION) live again")
    back.add_argument("version", nargs="?", help="the version to make live (see: list)")
    return parser


def main(
    argv: Sequence[str] | None = None,
    settings: Settings | None = None,
    *,
    embedder: Embedder | None = None,
) -> int:
    """Run the command; returns the exit status (0 ok, 1 failed, 2 usage, 3 locked)."""
    args = _parser().parse_args(argv)
    settings = settings or get_settings()
    model = embedder or SentenceTransformerEmbedder.from_settings(settings)
    commands = {
        "build": lambda: _build(args, settings, model),
        "info": lambda: _info(settings),
        "list": lambda: _list(settings),
        "verify": lambda: _verify(args, settings, None if args.no_model else model),
        "rollback": lambda: _rollback(args, settings, model),
    }
    try:
        return commands[args.command]()
    except BuildLockedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return LOCKED
    except (DocumentError, StructureError, IndexStoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _rollback(args: argparse.Namespace, settings: Settings, embedder: Embedder) -> int:
    was, now = rollback(settings, args.version, embedder=embedder, log=_say, wait_seconds=0)
    print(f"Rolled back: {now} is live (was {was}).")
    print("A running chat switches to it by itself. The next build rebuilds from corpus/.")
    return 0


def _build(args: argparse.Namespace, settings: Settings, embedder: Embedder) -> int:
    try:
        report = build_index(
            settings,
            embedder,
            progress=not args.quiet,
            log=_say,
            steps=_silent if args.quiet else None,
            force=args.force,
            wait_seconds=0 if args.no_wait else None,
        )
    except (DocumentError, StructureError, IndexStoreError) as exc:
        live = live_version(settings.index_root)
        print(f"error: {exc}", file=sys.stderr)
        if live:
            print(f"Nothing was published; {live} stays live.", file=sys.stderr)
        else:
            print("Nothing was published; there is no live index yet.", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def _info(settings: Settings) -> int:
    index = load_live_index(settings.index_root)
    info = {
        "live": index.manifest.version,
        "path": str(index.path),
        "model": index.manifest.model,
        "chunks": index.manifest.chunk_count,
        "documents": sorted(index.manifest.documents),
        "built_at": index.manifest.built_at,
        "summary": index.manifest.summary,
        "vector_index": index.manifest.vector_index,
        "versions": list_versions(settings.index_root),
    }
    print(json.dumps(info, indent=2, ensure_ascii=False))
    return 0


def _list(settings: Settings) -> int:
    versions = describe_versions(settings.index_root)
    if not versions:
        print("No versions yet; build one with: python -m indexer build")
        return 0
    for v in versions:
        mark = "*" if v.live else " "
        if v.problem:
            print(f"{mark} {v.version}  UNREADABLE: {v.problem}")
            continue
        print(f"{mark} {v.version}  {v.built_at}  {v.chunks:>5} chunks  {v.documents} document(s)")
        if v.summary:
            print(f"      {v.summary}")
    return 0


def _verify(args: argparse.Namespace, settings: Settings, embedder: Embedder | None) -> int:
    root = settings.index_root
    names = list_versions(root) if args.all else list(args.versions)
    if not names:
        live = live_version(root)
        if live is None:
            load_live_index(root)  # raises the "build one" error
        names = [str(live)]
    failed = 0
    for name in names:
        try:
            index = load_index(root / VERSIONS / name)
            probes = verify_answers(index, embedder)
        except IndexStoreError as exc:
            print(f"FAILED {name}: {exc}")
            failed += 1
            continue
        model = f", the model {index.manifest.model} agrees" if embedder else ""
        print(
            f"ok     {name}: {len(index.chunks)} chunks, {len(index.manifest.documents)} "
            f"document(s); checksums match, {probes} vectors find their passage{model}"
        )
    return 1 if failed else 0


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _silent(message: str) -> None:
    """Where the steps of a quiet build go."""
    del message
