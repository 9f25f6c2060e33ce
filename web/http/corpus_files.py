"""The corpus documents, served read-only so that a citation can link to its page.

``GET /corpus/<name>`` (and ``/embed/corpus/<name>``, for links from the widget's frame)
serves a file only when ``<name>`` is exactly the name of a document the indexer reads from
the corpus folder: no directory listing, hidden files or other folders, and no path is ever
built from the request. PDFs are ``application/pdf`` (a browser opens ``#page=7``), text and
Markdown plain UTF-8 text; a Word document and a web archive are downloaded (no browser shows
them). A saved web page is shown as the page it is, sandboxed (``PAGE_POLICY``): its scripts,
forms and requests to other sites stay off.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Response
from fastapi.responses import FileResponse

from indexer.documents import DocumentError, corpus_files

CORPUS_PATHS = ("/corpus", "/embed/corpus")
_TYPES = {
    ".pdf": "application/pdf",
    ".md": "text/plain; charset=utf-8",
    ".markdown": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".fodt": "application/vnd.oasis.opendocument.text-flat-xml",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".fods": "application/vnd.oasis.opendocument.spreadsheet-flat-xml",
    ".html": "text/html",
    ".htm": "text/html",
    ".mht": "multipart/related",
    ".mhtml": "multipart/related",
    ".eml": "message/rfc822",
}
_DOWNLOADED = frozenset(
    {".docx", ".odt", ".fodt", ".pptx", ".xlsx", ".xlsm", ".ods", ".fods", ".mht", ".mhtml", ".eml"}
)
PAGE_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
"""A saved page runs nothing and loads nothing from our origin or any other: staff saved
it from a site whose scripts and trackers came along."""


def corpus_router(corpus_dir: Path) -> APIRouter:
    """The read-only routes over the documents of ``corpus_dir``."""
    router = APIRouter(include_in_schema=False)

    def serve(name: str) -> Response:
        found = _lookup(corpus_dir, name)
        if found is None:
            return Response(status_code=404, content="not found", media_type="text/plain")
        return FileResponse(
            found,
            media_type=_TYPES[found.suffix.lower()],
            content_disposition_type=(
                "attachment" if found.suffix.lower() in _DOWNLOADED else "inline"
            ),
            filename=found.name,
            headers={
                "Cache-Control": "no-cache",
                "X-Content-Type-Options": "nosniff",
                **({"Content-Security-Policy": PAGE_POLICY} if _is_page(found) else {}),
            },
        )

    for prefix in CORPUS_PATHS:
        router.add_api_route(f"{prefix}/{{name:path}}", serve, methods=["GET", "HEAD"])
    return router


def _is_page(path: Path) -> bool:
    return _TYPES[path.suffix.lower()] == "text/html"


def _lookup(corpus_dir: Path, name: str) -> Path | None:
    """The corpus document whose name relative to the folder is exactly ``name``."""
    try:
        documents = corpus_files(corpus_dir)
    except DocumentError:
        return None
    for path in documents:
        if path.relative_to(corpus_dir).as_posix() == name and path.suffix.lower() in _TYPES:
            return path
    return None


def corpus_link(document: str, page: int | None) -> str:
    """The relative address of a corpus document (at its page, for a PDF) from a chat view."""
    from urllib.parse import quote

    address = f"corpus/{quote(document)}"
    if page is not None and document.lower().endswith(".pdf"):
        address += f"#page={page}"
    return address
