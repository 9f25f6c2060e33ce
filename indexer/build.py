"""Building the index from the corpus, incrementally, and publishing it atomically.

A build

1. takes the build lock (one build at a time) and clears what killed builds left behind;
2. checksums the corpus; if the live version was built from the same files with the same
   recipe (chunking code and settings, model) and still verifies, it stops there: nothing
   changed, and the model is not even loaded;
3. chunks each document, or takes its chunks from the cache if its bytes did not change;
4. embeds only the passages that are not in the vector cache;
5. writes a new version into a hidden staging folder, verifies it by loading it back, renames
   it into ``versions/`` and only then switches ``current``; then prunes old versions and the
   cache entries that no kept version needs.

A failed or killed build therefore never touches the live index; see ``indexer.versions``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from indexer.cache import BuildCaches, ChunkCache, digest
from indexer.chunking import Chunk
from indexer.documents import (
    SUPPORTED_SUFFIXES,
    DocumentError,
    corpus_files,
    read_document,
    unread_documents,
)
from indexer.embedding import Embedder, Vectors
from indexer.examples import load_example_questions, match_examples
from indexer.files import fsync_dir, remove_temporaries
from indexer.generic import chunk_any, document_warnings, naming_warnings
from indexer.lock import BuildLockedError, build_lock
from indexer.settings import Settings
from indexer.store import (
    CHUNKS,
    IndexMismatchError,
    IndexStoreError,
    StoredIndex,
    load_index,
    read_manifest,
    sha256_file,
    verify_answers,
    write_index,
)
from indexer.vector_index import VectorIndexInfo, VectorIndexPlan, build_vector_index
from indexer.versions import (
    CURRENT,
    STAGING_PREFIX,
    VERSIONS,
    list_versions,
    live_index_dir,
    live_version,
    load_live_index,
    previous_version,
    prune,
    publish,
    remove_leftovers,
)

__all__ = [
    "CURRENT",
    "VERSIONS",
    "BuildLockedError",
    "BuildReport",
    "ChunkChanges",
    "DocumentChanges",
    "build_index",
    "build_recipe",
    "list_versions",
    "live_index_dir",
    "load_live_index",
    "publish",
    "rebuild_and_publish",
    "rollback",
    "vector_index_plan",
]

Log = Callable[[str], None]
_CHUNKING_CODE = (
    "calc.py",
    "cell_format.py",
    "chunking.py",
    "documents.py",
    "excel.py",
    "faq_headings.py",
    "generic.py",
    "mail.py",
    "open_document.py",
    "pdf_layout.py",
    "pdf_lines.py",
    "pdf_tables.py",
    "plain_text.py",
    "presentation.py",
    "spreadsheet.py",
    "web_page.py",
    "word.py",
)
_READING_LIBRARIES = (
    "pypdf",
    "markdown-it-py",
    "python-docx",
    "odfdo",
    "python-pptx",
    "openpyxl",
    "icalendar",
    "beautifulsoup4",
    "lxml",
)
_logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DocumentChanges:
    """Corpus files compared with the version the build replaces."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ChunkChanges:
    """Chunks compared with the version the build replaces; a chunk 'changed' when a chunk in
    the same place (document, recommendation, section, item, part) has other words."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did."""

    version: str
    """The live version after the build."""
    path: Path
    documents: int
    chunks: int
    model: str
    seconds: float
    changed: bool = True
    """False if nothing had changed and the live version stayed."""
    previous: str | None = None
    """The version that was live before, if any."""
    document_changes: DocumentChanges = field(default_factory=DocumentChanges)
    chunk_changes: ChunkChanges = field(default_factory=ChunkChanges)
    documents_read: int = 0
    """Documents parsed and chunked; the others came from the chunk cache."""
    embedded: int = 0
    """Passages sent to the model; the others came from the vector cache."""
    from_cache: int = 0
    examples: str = ""
    """Which example questions apply to the new passages and which went stale."""
    warnings: tuple[str, ...] = ()
    """Lines staff must read, e.g. a file indexed as an ordinary document by its name."""
    vector_index: VectorIndexInfo = field(default_factory=VectorIndexInfo)
    """The kind of dense index built, its parameters and measured recall."""

    def summary(self) -> str:
        """A few lines for staff: what went live, what they must read (right under it: a
        document that was not read is no line to find at the end of a log), what changed."""
        warnings = [f"  Warning: {warning}" for warning in self.warnings]
        if not self.changed:
            return "\n".join(
                [
                    f"Nothing changed: {self.documents} document(s), {self.chunks} chunks; "
                    f"{self.version} stays live (checked in {self.seconds:.1f} s)",
                    *warnings,
                ]
            )
        docs, chunks = self.document_changes, self.chunk_changes
        replaces = f" (replaces {self.previous})" if self.previous else ""
        lines = [
            f"Published {self.version}{replaces} in {self.seconds:.1f} s",
            *warnings,
            f"  documents: {self.documents} ({len(docs.added)} added, {len(docs.changed)} "
            f"changed, {len(docs.removed)} removed, {len(docs.unchanged)} unchanged; "
            f"{self.documents_read} read)",
        ]
        for label, names in (("added", docs.added), ("changed", docs.changed)):
            if names:
                lines.append(f"    {label}: {', '.join(names)}")
        if docs.removed:
            lines.append(f"    removed: {', '.join(docs.removed)}")
        lines += [
            f"  chunks: {self.chunks} ({chunks.added} added, {chunks.changed} changed, "
            f"{chunks.removed} removed, {chunks.unchanged} unchanged)",
            f"  embedded: {self.embedded} passage(s), {self.from_cache} from the cache "
            f"(model {self.model})",
            f"  {self.vector_index.describe()}",
            f"  folder: {self.path}",
        ]
        if self.examples:
            lines.append(f"  {self.examples}")
        return "\n".join(lines)

    def one_line(self) -> str:
        """The summary without names and times, as recorded in the manifest (whose
        ``vector_index`` entry holds the vector index line's figures)."""
        docs, chunks = self.document_changes, self.chunk_changes
        return (
            f"documents {self.documents} (+{len(docs.added)} ~{len(docs.changed)} "
            f"-{len(docs.removed)}), chunks {self.chunks} (+{chunks.added} ~{chunks.changed} "
            f"-{chunks.removed}), embedded {self.embedded}"
        )


def build_recipe(settings: Settings, model_id: str, fingerprint: str) -> dict[str, str]:
    """What chunks and vectors depend on besides the documents, with the cache namespaces:
    ``chunks`` (code, libraries, settings, tokenizer) and ``vectors`` (weights, prompt)."""
    package = Path(__file__).resolve().parent
    code = digest(*((package / name).read_text(encoding="utf-8") for name in _CHUNKING_CODE))
    libraries = ",".join(f"{name}={_version_of(name)}" for name in _READING_LIBRARIES)
    return {
        "chunks": digest(
            code,
            libraries,
            str(settings.max_tokens),
            model_id,
            fingerprint,
            settings.passage_prompt,
        )[:32],
        "vectors": digest(fingerprint, settings.passage_prompt)[:32],
        "model": model_id,
        "fingerprint": fingerprint,
        "max_tokens": str(settings.max_tokens),
        "vector_index": repr(vector_index_plan(settings)),
    }


def vector_index_plan(settings: Settings) -> VectorIndexPlan:
    """How the settings say vectors are indexed (exact or approximate, and how)."""
    return VectorIndexPlan(
        threshold=settings.dense_index_threshold,
        lists_per_sqrt=settings.ann_lists_per_sqrt,
        nprobe=settings.ann_nprobe,
        min_recall=settings.ann_min_recall,
        recall_queries=settings.ann_recall_queries,
    )


def _version_of(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


def build_index(
    settings: Settings,
    embedder: Embedder,
    *,
    progress: bool = False,
    log: Log = print,
    steps: Log | None = None,
    force: bool = False,
    wait_seconds: float | None = None,
) -> BuildReport:
    """Build a new version from the corpus if anything changed, verify it and make it live.

    ``log`` is told what needs attention (warnings, stale examples, a build waited for) and,
    unless ``steps`` is given, each step too; ``steps`` is told the steps alone ("Reading 2
    document(s) ...", "... is live"). ``force`` ignores the caches: every document is read and
    every passage embedded again. ``wait_seconds`` (default: the setting) is how long to wait
    for another build.
    """
    step = log if steps is None else steps
    started = time.perf_counter()
    root = settings.index_root
    wait = settings.build_wait_seconds if wait_seconds is None else wait_seconds
    with build_lock(root, wait_seconds=wait, log=log):
        for name in remove_leftovers(root):
            log(f"Removed {name}, left behind by an interrupted build")
        caches = BuildCaches(settings.cache_dir)
        remove_temporaries(caches.root)
        unread = unread_documents(settings.corpus_dir)
        files = {
            p.relative_to(settings.corpus_dir).as_posix(): p for p in _corpus(settings, unread)
        }
        checksums = {source: sha256_file(path) for source, path in files.items()}
        fingerprint = embedder.fingerprint() if force else caches.fingerprints.fingerprint(embedder)
        recipe = build_recipe(settings, embedder.model_id, fingerprint)
        live = _live_index(root, log)
        if (
            live
            and not force
            and (live.manifest.documents, live.manifest.recipe)
            == (
                checksums,
                recipe,
            )
        ):
            return _nothing_changed(live, settings.model, time.perf_counter() - started, unread)
        not_read = f" ({len(unread)} not read: see the warnings)" if unread else ""
        step(f"Reading {len(files)} document(s) from {settings.corpus_dir}{not_read} ...")
        chunks, read = _chunk_corpus(
            settings,
            files,
            checksums,
            recipe=recipe["chunks"],
            cache=None if force else caches.chunks,
            embedder=embedder,
            live=None if force else live,
            log=log,
            step=step,
        )
        vectors, embedded = _embed(
            chunks,
            recipe["vectors"],
            caches,
            embedder,
            live=None if force else live,
            force=force,
            progress=progress,
            step=step,
        )
        same_model = live is not None and live.manifest.recipe.get("vectors") == recipe["vectors"]
        searchable, index_info = build_vector_index(
            vectors,
            vector_index_plan(settings),
            previous=(live.vectors, live.vector_info)
            if live and same_model and not force
            else None,
        )
        step(index_info.describe())
        unique_texts = len({chunk.embedding_text for chunk in chunks})
        report = BuildReport(
            version="",
            path=Path(),
            documents=len(files),
            chunks=len(chunks),
            model=settings.model,
            seconds=0.0,
            previous=live.manifest.version if live else live_version(root),
            document_changes=_document_changes(live.manifest.documents if live else {}, checksums),
            chunk_changes=_chunk_changes(live.chunks if live else (), chunks),
            documents_read=read,
            embedded=embedded,
            from_cache=unique_texts - embedded,
            examples=_examples_line(settings, chunks, log),
            warnings=(*unread, *naming_warnings(files)),
            vector_index=index_info,
        )
        version = _version_name(chunks, fingerprint)
        final = _write_verified(
            root,
            version,
            chunks,
            vectors,
            vector_index=(searchable, index_info),
            model=settings.model,
            fingerprint=fingerprint,
            documents=checksums,
            recipe=recipe,
            summary=report.one_line(),
            seconds=time.perf_counter() - started,
        )
        publish(root, version)
        step(f"{version} is live")
        for name in prune(root, keep=settings.keep_versions):
            step(f"Deleted old version {name}")
        _collect_garbage(root, caches, log, step, built=(version, recipe, chunks, checksums))
    return replace(report, version=version, path=final, seconds=time.perf_counter() - started)


def _examples_line(settings: Settings, chunks: Sequence[Chunk], log: Log) -> str:
    """The build summary's line on example questions (their passages' words are checked)."""
    try:
        match = match_examples(load_example_questions(settings.examples_file), chunks)
    except (OSError, ValueError) as exc:
        log(f"Example questions not read: {exc}")
        return f"example questions: not read ({exc})"
    for example in match.stale:
        log(f"Stale example (passage changed or gone): {example.question!r} ({example.where})")
    return match.summary()


def _nothing_changed(
    live: StoredIndex, model: str, seconds: float, warnings: list[str]
) -> BuildReport:
    return BuildReport(
        version=live.manifest.version,
        path=live.path,
        documents=len(live.manifest.documents),
        chunks=len(live.chunks),
        model=model,
        seconds=seconds,
        changed=False,
        previous=live.manifest.version,
        document_changes=DocumentChanges(unchanged=tuple(live.manifest.documents)),
        chunk_changes=ChunkChanges(unchanged=len(live.chunks)),
        warnings=tuple(warnings),
    )


def _corpus(settings: Settings, unread: list[str]) -> list[Path]:
    """The corpus's documents; an error naming those that are not read when there is none."""
    files = corpus_files(settings.corpus_dir)
    if not files:
        raise DocumentError(
            f"no documents ({', '.join(SUPPORTED_SUFFIXES)}) in {settings.corpus_dir}"
            + "".join(f"; {line}" for line in unread)
        )
    return files


def _live_index(root: Path, log: Log) -> StoredIndex | None:
    """The live version, verified, or None (saying why) if there is none or it is broken."""
    try:
        return load_live_index(root)
    except IndexStoreError as exc:
        if live_version(root) is not None:
            log(f"The live version does not load ({exc}); building a new one")
        return None
    except OSError as exc:
        log(f"The live version cannot be read ({exc}); building a new one")
        return None


def _chunk_corpus(
    settings: Settings,
    files: dict[str, Path],
    checksums: dict[str, str],
    *,
    recipe: str,
    cache: ChunkCache | None,
    embedder: Embedder,
    live: StoredIndex | None = None,
    log: Log,
    step: Log,
) -> tuple[list[Chunk], int]:
    """Every document's chunks, from the live version or the cache when its bytes did not
    change; the chunks and how many documents were read. The live version's chunks were
    checked when it loaded: taking them spares a cache file per document."""
    chunks: list[Chunk] = []
    read = 0
    kept = _live_chunks(live, recipe, checksums)
    for source, path in files.items():
        found = kept.get(source)
        if found is None and cache is not None:
            found = cache.get(recipe, source, checksums[source])
        if found is None:
            document = read_document(path, source)
            if sha256_file(path) != checksums[source]:
                raise DocumentError(f"{source} changed while it was being read; build again")
            for warning in document_warnings(document):
                log(f"Warning: {warning}")
            found = chunk_any(document, embedder.count_tokens, settings.max_tokens)
            if cache is not None:
                cache.put(recipe, source, checksums[source], found)
            read += 1
            step(f"  {source}: {len(found)} chunks")
        chunks.extend(found)
    if len({chunk.id for chunk in chunks}) != len(chunks):
        raise DocumentError("two corpus files hold the same passage under the same name")
    return chunks, read


def _live_chunks(
    live: StoredIndex | None, recipe: str, checksums: dict[str, str]
) -> dict[str, list[Chunk]]:
    """The live version's chunks of each document whose bytes and chunking recipe are the same."""
    if live is None or live.manifest.recipe.get("chunks") != recipe:
        return {}
    same = {
        source for source, sha in live.manifest.documents.items() if checksums.get(source) == sha
    }
    by_document: dict[str, list[Chunk]] = {}
    for chunk in live.chunks:
        if chunk.document in same:
            by_document.setdefault(chunk.document, []).append(chunk)
    return by_document


def _embed(
    chunks: Sequence[Chunk],
    namespace: str,
    caches: BuildCaches,
    embedder: Embedder,
    *,
    live: StoredIndex | None = None,
    force: bool,
    progress: bool,
    step: Log,
) -> tuple[Vectors, int]:
    """One vector per chunk, embedding only the texts not in the cache; and how many were.

    The live version's own vectors come first when it was embedded the same way (same
    namespace): one read of vectors.faiss instead of a cache file per passage."""
    texts = [chunk.embedding_text for chunk in chunks]
    unique = list(dict.fromkeys(texts))
    found: dict[str, Vectors] = {} if force else _live_vectors(live, namespace, set(unique))
    if not force and len(found) < len(unique):
        found |= caches.vectors.get(namespace, [text for text in unique if text not in found])
    missing = [text for text in unique if text not in found]
    if missing:
        step(f"Embedding {len(missing)} passage(s); {len(found)} from the cache ...")
        fresh = embedder.embed_passages(missing, progress=progress)
        caches.vectors.put(namespace, missing, fresh)
        found.update(zip(missing, fresh, strict=True))
    else:
        step(f"All {len(unique)} passage vectors come from the cache")
    if len({vector.shape for vector in found.values()}) != 1:
        raise IndexMismatchError(
            "the cached vectors have different dimensions; build again with --force"
        )
    return np.vstack([found[text] for text in texts]).astype(np.float32), len(missing)


def _live_vectors(live: StoredIndex | None, namespace: str, wanted: set[str]) -> dict[str, Vectors]:
    """The live version's vectors of the wanted texts, if it was embedded in ``namespace``."""
    if live is None or live.manifest.recipe.get("vectors") != namespace:
        return {}
    stored = live.vectors.reconstruct_n(0, len(live.chunks))
    return {
        chunk.embedding_text: stored[position]
        for position, chunk in enumerate(live.chunks)
        if chunk.embedding_text in wanted
    }


def _document_changes(before: dict[str, str], after: dict[str, str]) -> DocumentChanges:
    return DocumentChanges(
        added=tuple(name for name in after if name not in before),
        changed=tuple(name for name in after if name in before and before[name] != after[name]),
        removed=tuple(name for name in before if name not in after),
        unchanged=tuple(name for name in after if before.get(name) == after[name]),
    )


def _chunk_changes(before: Sequence[Chunk], after: Sequence[Chunk]) -> ChunkChanges:
    old_ids = {chunk.id for chunk in before}
    new_ids = {chunk.id for chunk in after}
    gone = Counter(_place(chunk) for chunk in before if chunk.id not in new_ids)
    came = [chunk for chunk in after if chunk.id not in old_ids]
    changed = 0
    for chunk in came:
        if gone[_place(chunk)] > 0:
            gone[_place(chunk)] -= 1
            changed += 1
    return ChunkChanges(
        added=len(came) - changed,
        changed=changed,
        removed=len(before) - len(old_ids & new_ids) - changed,
        unchanged=len(old_ids & new_ids),
    )


def _place(chunk: Chunk) -> tuple[str, int, str, int | None, str, int]:
    title = chunk.title if chunk.section == "document" else ""
    return (chunk.document, chunk.recommendation, chunk.section, chunk.item, title, chunk.part)


def _version_name(chunks: Sequence[Chunk], fingerprint: str) -> str:
    hasher = hashlib.sha256(fingerprint.encode())
    for chunk in chunks:
        hasher.update(chunk.id.encode())
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    return f"{stamp}-{hasher.hexdigest()[:8]}"


def _write_verified(
    root: Path,
    version: str,
    chunks: list[Chunk],
    vectors: Vectors,
    *,
    vector_index: tuple[Any, VectorIndexInfo],
    model: str,
    fingerprint: str,
    documents: dict[str, str],
    recipe: dict[str, str],
    summary: str,
    seconds: float,
) -> Path:
    """Write a version into a staging folder, verify it, and rename it into place."""
    versions = root / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    staging = versions / f"{STAGING_PREFIX}{version}"
    staging.mkdir()
    final = versions / version
    try:
        write_index(
            staging,
            chunks,
            vectors,
            version=version,
            model=model,
            model_fingerprint=fingerprint,
            documents=documents,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            build_seconds=seconds,
            recipe=recipe,
            summary=summary,
            vector_index=vector_index,
        )
        verify_answers(load_index(staging))
        staging.rename(final)
        fsync_dir(versions)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final


def _collect_garbage(
    root: Path,
    caches: BuildCaches,
    log: Log,
    step: Log,
    built: tuple[str, dict[str, str], Sequence[Chunk], dict[str, str]] | None = None,
) -> None:
    """Drop the cache entries that no kept version needs (a failure here is only logged).
    ``built`` is the version just written (name, recipe, chunks, documents), whose files
    need not be read again."""
    vectors: dict[str, set[str]] = {}
    documents: set[str] = set()
    try:
        for name in list_versions(root):
            directory = root / VERSIONS / name
            try:
                if built is not None and name == built[0]:
                    _, recipe, chunks, sources = built
                else:
                    manifest = read_manifest(directory)
                    recipe, sources = manifest.recipe, manifest.documents
                    chunks = _chunks_unchecked(directory / CHUNKS)
            except (IndexStoreError, OSError, ValueError, TypeError):
                continue
            if namespace := recipe.get("vectors"):
                vectors.setdefault(namespace, set()).update(c.embedding_text for c in chunks)
            if chunk_recipe := recipe.get("chunks"):
                documents.update(
                    ChunkCache.key(chunk_recipe, source, sha) for source, sha in sources.items()
                )
        removed = caches.vectors.keep_only(vectors) + caches.chunks.keep_only(documents)
    except OSError as exc:
        log(f"Warning: cleaning the build cache failed ({exc}); it will be retried next build")
        return
    if removed:
        step(f"Removed {removed} cache entr{'y' if removed == 1 else 'ies'} no version needs")


def _chunks_unchecked(path: Path) -> list[Chunk]:
    """A published version's chunks without checking their ids (only their embedded texts
    are needed, to keep their vectors; checking costs seconds at 100,000 chunks)."""
    with path.open(encoding="utf-8") as handle:
        return [Chunk(**json.loads(line)) for line in handle]


def rollback(
    settings: Settings,
    version: str | None = None,
    *,
    embedder: Embedder | None = None,
    log: Log = print,
    wait_seconds: float | None = None,
) -> tuple[str, str]:
    """Make an earlier version live (by default the one before the live one), after
    verifying it; with ``embedder``, also that it was built with that model (by fingerprint,
    from the cache if the weights did not change). Returns (was live, now live)."""
    root = settings.index_root
    wait = settings.build_wait_seconds if wait_seconds is None else wait_seconds
    with build_lock(root, wait_seconds=wait, log=log):
        was = live_index_dir(root).name
        target = version or previous_version(root)
        if target not in list_versions(root):
            raise IndexStoreError(f"there is no version {target!r}; see: python -m indexer list")
        index = load_index(root / VERSIONS / target)
        verify_answers(index)
        if embedder is not None:
            fingerprint = BuildCaches(settings.cache_dir).fingerprints.fingerprint(embedder)
            if fingerprint != index.manifest.model_fingerprint:
                raise IndexMismatchError(
                    f"{target} was built with model {index.manifest.model!r} (weights "
                    f"{index.manifest.model_fingerprint[:12]}), not with the configured "
                    f"{embedder.model_id!r} (weights {fingerprint[:12]}); pick another version"
                )
        publish(root, target)
    _logger.info("rolled back from %s to %s", was, target)
    return was, target


def rebuild_and_publish(
    settings: Settings,
    embedder: Embedder | None = None,
    *,
    force: bool = False,
    wait_seconds: float = 0.0,
    log: Log | None = None,
) -> BuildReport:
    """What the staff route calls: build if anything changed and publish; a running app's
    ``LiveIndex`` picks the new version up by itself. Pass the app's embedder to reuse the
    loaded model. By default it does not wait: BuildLockedError if a build is running."""
    if embedder is None:
        from indexer.embedding import SentenceTransformerEmbedder

        embedder = SentenceTransformerEmbedder.from_settings(settings)
    report = build_index(
        settings, embedder, log=log or _logger.info, force=force, wait_seconds=wait_seconds
    )
    _logger.info("%s", report.summary())
    return report
