"""The note's content as typed pieces on logical pages: what every test layout typesets."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from indexer.chunking import Chunk, title_key
from indexer.documents import Block, is_heading, read_document
from tests.conftest import NOTE
from tests.pdf_maker import page_breaks

Kind = Literal["title", "section", "badge", "toc", "text", "sub", "caption", "table", "footnote"]
_STRUCTURAL = {"contextenuitdagingen", "doorbraakprojecten", "inhoud", "voorwoord"}
_TOC = re.compile(r"^Aanbeveling\s+(\d{1,2})\s*:\s*(.+)$")


@dataclass(frozen=True)
class Piece:
    kind: Kind
    text: str
    rows: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Content:
    """Logical pages: the cover (front matter), table of contents, foreword, one per
    recommendation; ``back`` is the colophon when it goes on the back page."""

    pages: list[list[Piece]]
    back: list[Piece]
    toc_titles: dict[int, str]


def _kind(block: Block) -> Kind:
    key = title_key(block.text)
    if block.heading and block.text.isdigit():
        return "badge"
    if key in _STRUCTURAL:
        return "section"
    if _TOC.match(block.text):
        return "toc"
    if block.heading or is_heading(block.text):
        return "title"
    return "text"


def note_content(*, back_page: bool = False, title_case: bool = False) -> Content:
    """The note's blocks as pieces; ``back_page`` moves the colophon to a last page,
    ``title_case`` sets the body's headings in sentence case (the cover keeps its own)."""
    blocks = read_document(NOTE).blocks
    toc = {int(m[1]): m[2] for b in blocks if (m := _TOC.match(b.text))}
    pages = [[Piece(_kind(b), b.text) for b in page] for page in page_breaks(blocks)]
    back: list[Piece] = []
    if back_page:
        cover = pages[0]
        start = next(i for i, p in enumerate(cover) if p.text == "2025-2030")
        back, pages[0] = cover[:start], cover[start:]
    if title_case:
        titles = {title_key(t): t for t in toc.values()}
        words = {"contextenuitdagingen": "Context en uitdagingen", "inhoud": "Inhoud"}
        words |= {"doorbraakprojecten": "Doorbraakprojecten", "voorwoord": "Voorwoord"}
        for page in pages[1:]:
            for i, piece in enumerate(page):
                key = title_key(piece.text)
                if piece.kind == "section":
                    page[i] = replace(piece, text=words[key])
                elif piece.kind == "title":
                    page[i] = replace(piece, text=titles.get(key, piece.text.capitalize()))
    return Content(pages, back, toc)


def lengthen(content: Content, extra: int = 0) -> Content:
    """The long variant: each recommendation gains a sub-heading with a paragraph, a table
    and a figure caption in its context, and a footnote to its last doorbraakproject;
    ``extra`` more paragraphs of filler per recommendation make the document longer still."""
    pages: list[list[Piece]] = []
    for page in content.pages:
        if not any(p.kind == "section" and title_key(p.text) == "doorbraakprojecten" for p in page):
            pages.append(page)
            continue
        n = len(pages) - 2  # cover, toc and foreword come first: this is recommendation n
        grown: list[Piece] = []
        for piece in page:
            if piece.kind == "section" and title_key(piece.text) == "doorbraakprojecten":
                grown += [
                    Piece("sub", f"Cijfers bij aanbeveling {n} in beeld"),
                    Piece("text", f"Extra toelichting {n}: de regio telt twaalf gemeenten."),
                    *(
                        Piece("text", f"Aanvulling {n}.{k}: " + _FILLER)
                        for k in range(1, extra + 1)
                    ),
                    Piece("table", "", (("Gemeente", "Inwoners"), ("Mechelen", f"{86 + n}.000"))),
                    Piece("caption", f"Figuur {n}: kaart van Rivierenland bij aanbeveling {n}"),
                ]
            grown.append(piece)
        grown.append(Piece("footnote", f"Bron bij aanbeveling {n}: IGEMO, omgevingsanalyse."))
        pages.append(grown)
    return Content(pages, content.back, content.toc_titles)


_FILLER = (
    "De besturen van Rivierenland werken samen aan deze aanbeveling en delen hun kennis, "
    "hun mensen en hun middelen. Elke gemeente brengt haar eigen ervaring mee, en samen "
    "kiezen ze wat regionaal beter werkt dan lokaal. Zo groeit stap voor stap een gedeelde "
    "aanpak die de inwoners van de hele regio ten goede komt."
)


def normalized(text: str) -> str:
    return " ".join(text.split())


def expected_pages(chunks: list[Chunk], placed: list[tuple[str, int]]) -> list[int | None]:
    """The page each chunk starts on, from where the typesetter put each paragraph."""
    pages: list[int | None] = []
    used: set[int] = set()
    for chunk in chunks:
        start = normalized(chunk.text)
        for index, (raw, page) in enumerate(placed):
            text = re.sub(r"^\d{1,2}\.\s+", "", normalized(raw))
            if index not in used and text and start.startswith(text[:60]):
                pages.append(page)
                used.add(index)
                break
        else:
            pages.append(None)
    return pages
