"""Layouts printed to PDF by Chromium (Debian's, through Playwright) from HTML and CSS:
an A4 page in two columns, and title-case bold headings."""

from __future__ import annotations

import html
from pathlib import Path

from indexer.chunking import title_key
from tests.layouts.content import Content

CHROMIUM = Path("/usr/bin/chromium")
_CSS = """
@page { size: A4; margin: 16mm 14mm; }
body { font-family: 'DejaVu Sans'; font-size: 8pt; line-height: 1.3; margin: 0; }
.page { break-after: page; }
.page:last-child { break-after: auto; }
h1 { font-size: 15pt; margin: 0 0 3mm; }
h1.panel { font-size: 19pt; }
.badge { font-size: 28pt; font-weight: bold; margin: 0 0 2mm; }
h2 { font-size: 10.5pt; margin: 3mm 0 1.5mm; }
p { margin: 0 0 2.2mm; text-align: justify; hyphens: manual; }
"""
_COLUMNS = ".body { column-count: 2; column-gap: 9mm; } h2 { break-after: avoid; }"
_TITLE_CASE = "h1 { font-size: 12pt; } h1.panel { font-size: 16pt; } h2 { font-size: 8pt; }"


def to_html(content: Content, *, columns: bool) -> tuple[str, list[tuple[str, int]]]:
    """The HTML of the note, one logical page per printed page; where each paragraph goes."""
    placed: list[tuple[str, int]] = []
    pages = []
    for number, page in enumerate(content.pages, start=1):
        head: list[str] = []
        body: list[str] = []
        previous = ""
        for piece in page:
            text = html.escape(piece.text).replace("\n", "<br>")
            if piece.kind in ("title", "badge") and not body:
                cls = "badge" if piece.kind == "badge" else "" if previous == "title" else "panel"
                head.append(f'<h1 class="{cls}">{text}</h1>')
            elif piece.kind == "section" or (piece.kind == "title" and number == 1):
                body.append(f"<h2>{text}</h2>")
            else:
                body.append(f"<p>{text}</p>")
                placed.append((piece.text, number))
            previous = piece.kind
        is_rec = any(title_key(p.text) == "doorbraakprojecten" for p in page)
        cls = "body" if columns and is_rec else ""
        inner = f'{"".join(head)}<div class="{cls}">{"".join(body)}</div>'
        pages.append(f'<section class="page">{inner}</section>')
    css = _CSS + (_COLUMNS if columns else _TITLE_CASE)
    head_html = f'<head><meta charset="utf-8"><style>{css}</style></head>'
    document = f'<!doctype html><html lang="nl">{head_html}<body>{"".join(pages)}</body></html>'
    return document, placed


def print_pdf(content: Content, path: Path, *, columns: bool) -> list[tuple[str, int]]:
    """Print the note to ``path`` with Chromium; where each paragraph went."""
    from playwright.sync_api import sync_playwright

    from tests.web.conftest import CHROMIUM_ARGS

    document, placed = to_html(content, columns=columns)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_content(document)
            page.pdf(path=str(path), format="A4", print_background=True)
        finally:
            browser.close()
    return placed
