"""Splitting the note along its own structure into citable chunks.

The note reads: front matter (the colophon), a table of contents ("Aanbeveling N: title"),
a foreword, then per recommendation an upper-case title, "CONTEXT EN UITDAGINGEN" and
"DOORBRAAKPROJECTEN" with numbered items. The body headings carry no numbers, so each
recommendation's number comes from the table of contents (matched on its title) or, without
one, from its position; any disagreement is a StructureError rather than a wrong citation.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, get_args

from indexer.documents import Block, Document, is_heading

Section = Literal["context", "doorbraakproject", "voorwoord", "colofon", "inhoud", "document"]
"""Where a chunk stands: the note's five kinds of section, or ``document`` for a passage of
another corpus file (a FAQ, a page) that does not have the note's structure."""
SECTIONS: tuple[Section, ...] = get_args(Section)
TokenCounter = Callable[[str], int]


class StructureError(ValueError):
    """The document does not have the note's structure; nothing is numbered by guesswork."""


@dataclass(frozen=True, slots=True)
class Chunk:
    """One citable passage: its exact text and where it stands in the note."""

    id: str
    document: str
    recommendation: int
    """1-12, or 0 for the foreword, the colophon, the table of contents and other documents."""
    title: str
    """The recommendation's title; for a ``document`` chunk the heading above it, or ""."""
    section: Section
    item: int | None
    """The doorbraakproject's number, or None."""
    page: int | None
    """The PDF page (1-based) the passage starts on, or None for Markdown and text."""
    text: str
    """The passage exactly as it reads in the note: what gets quoted."""
    part: int = 1
    parts: int = 1
    document_title: str = ""
    """The document's own title (a Markdown file's opening ``#`` heading), to name it to
    readers; "" when it has none. Not part of the id: it says what the document is called,
    not where the passage stands."""
    group: str = ""
    """For a ``document`` chunk under a question heading, the heading above that question
    that has no text of its own (a FAQ's "ASVERSTROOIING EN URNEN"), or "". Embedded with
    the passage, so its words find it; not part of the id, nor of the citation."""

    @property
    def document_name(self) -> str:
        """How the document is named to readers: its title, else its file name."""
        return self.document_title or self.document

    @property
    def embedding_text(self) -> str:
        """The text that gets embedded: the passage with its heading for context.

        A ``document`` chunk is embedded with its own heading (and its group's), not its file
        name.
        """
        if self.section == "document":
            above = " · ".join(part for part in (self.group, self.title) if part)
            return f"{above}: {self.text}" if above else self.text
        return f"{heading(self)}: {self.text}"


def heading(chunk: Chunk) -> str:
    """Where a chunk stands, in Dutch: 'Aanbeveling 6 · <title> · Doorbraakproject 3'.

    A chunk of another document names the document, by its title if it has one:
    'Woonloket Rivierenland · <heading above it>', 'faq.md · <heading above it>'.
    """
    if chunk.section == "document":
        # a page's introduction stands under the page's own title: named once
        title = "" if chunk.title == chunk.document_name else chunk.title
        return " · ".join(part for part in (chunk.document_name, title) if part)
    if chunk.recommendation == 0:
        return _NOTE_SECTION_LABELS[chunk.section]
    label = (
        f"Doorbraakproject {chunk.item}"
        if chunk.section == "doorbraakproject"
        else "Context en uitdagingen"
    )
    return f"Aanbeveling {chunk.recommendation} · {chunk.title} · {label}"


_NOTE_SECTION_LABELS: dict[Section, str] = {
    "voorwoord": "Voorwoord",
    "colofon": "Colofon",
    "inhoud": "Inhoud",
    "context": "Context en uitdagingen",
    "doorbraakproject": "Doorbraakproject",
    "document": "Document",
}


def chunk_id(
    document: str,
    recommendation: int,
    section: Section,
    item: int | None,
    text: str,
    *,
    title: str = "",
) -> str:
    """The id of a chunk, derived from where it stands and what it says.

    A ``document`` chunk also hashes its heading: the same answer under two questions of a
    FAQ is two passages.
    """
    fields = [document, str(recommendation), section, str(item), text]
    if section == "document":
        fields.append(title)
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()[:16]


def expected_id(chunk: Chunk) -> str:
    """The id a chunk must carry given its content (a stored chunk is checked against it)."""
    return chunk_id(
        chunk.document,
        chunk.recommendation,
        chunk.section,
        chunk.item,
        chunk.text,
        title=chunk.title,
    )


_TOC_ENTRY = re.compile(r"^Aanbeveling\s+(\d{1,2})\s*:\s*(.+?)[\s.]*\d*$", re.IGNORECASE)
_ITEM = re.compile(r"^(\d{1,2})\.\s+(.*)$", re.DOTALL)
_NUMBER_MARK = re.compile(r"^\d{1,2}$")
_NUMBER_LABEL = re.compile(r"^Aanbeveling\s+(\d{1,2})$", re.IGNORECASE)
"""A label over a recommendation's title ('AANBEVELING 7'): its number, as a badge is."""
_CAPTION = re.compile(r"^(foto|beeld|bron foto)\s*:", re.IGNORECASE)
_BACK_COLOPHON = re.compile(
    r"^(?:'?Alles Vloeit'?\s*[-\u2013]|Uitgave\s*:|V\.?\s?U\.?\s*:|Verantwoordelijke uitgever)",
    re.IGNORECASE,
)
PLAIN_MARK = ".document"
"""A file named '<name>.document.<suffix>' is indexed as an ordinary document, never as the note."""
_CONTINUES = re.compile(r"[^.!?:;)\"\u201d\u2019]$")  # no closing punctuation or quote


def plain_name(source: str) -> str:
    """The name under which a file is indexed as an ordinary document: 'nota.document.pdf'."""
    stem, dot, suffix = source.rpartition(".")
    return f"{stem}{PLAIN_MARK}.{suffix}" if dot and stem else f"{source}{PLAIN_MARK}"


def is_plain(source: str) -> bool:
    """Whether a file's name asks for it to be indexed as an ordinary document."""
    stem = source.rsplit("/", 1)[-1].rpartition(".")[0]
    return stem.casefold().endswith(PLAIN_MARK)


def title_key(title: str) -> str:
    """A spelling-insensitive key: 'KLIMAAT-ROBUUSTE' and 'klimaatrobuuste' match."""
    text = unicodedata.normalize("NFKD", title.casefold().replace("&", " en "))
    return "".join(ch for ch in text if ch.isalnum())


@dataclass
class _Section:
    recommendation: int
    title: str
    section: Section
    item: int | None
    blocks: list[Block] = field(default_factory=list)


@dataclass
class _Recommendation:
    title_heading: str
    number_marks: list[int] = field(default_factory=list)
    front_start: int | None = None
    """Where its title stands among the front matter's blocks, if it was read as such."""
    intro: list[Block] = field(default_factory=list)
    context: _Section | None = None
    items: list[_Section] = field(default_factory=list)


_NOTE_HEADINGS = frozenset({"contextenuitdagingen", "doorbraakprojecten"})


def looks_like_the_note(document: Document) -> bool:
    """Whether a document claims the note's structure, so that it must have all of it.

    It does when a block reads exactly 'Context en uitdagingen' or 'Doorbraakprojecten' (in
    any case), or when two blocks are table-of-contents entries ('Aanbeveling 3: ...').
    """
    toc_entries = 0
    for block in document.blocks:
        if title_key(block.text) in _NOTE_HEADINGS:
            return True
        if _TOC_ENTRY.match(block.text):
            toc_entries += 1
            if toc_entries >= 2:
                return True
    return False


def chunk_document(
    document: Document, token_counter: TokenCounter | None = None, max_tokens: int = 500
) -> list[Chunk]:
    """Chunk a document of the note's shape; raises StructureError if the shape is not there."""
    count = token_counter or word_count
    chunks: list[Chunk] = []
    for section in _sections(document):
        paragraphs = merge_broken_paragraphs(section.blocks)
        parts = list(split_to_fit(paragraphs, count, max_tokens))
        for number, (text, page) in enumerate(parts, start=1):
            chunks.append(
                _make_chunk(document.source, section, text, page, part=number, parts=len(parts))
            )
    return chunks


def _make_chunk(
    source: str, section: _Section, text: str, page: int | None, *, part: int, parts: int
) -> Chunk:
    return Chunk(
        id=chunk_id(source, section.recommendation, section.section, section.item, text),
        document=source,
        recommendation=section.recommendation,
        title=section.title,
        section=section.section,
        item=section.item,
        page=page,
        text=text,
        part=part,
        parts=parts,
    )


def _sections(document: Document) -> list[_Section]:
    """Walk the blocks once and assign each to its section.

    A heading is an upper-case line or a block its reader marked (Markdown ``#``, a PDF
    line set larger or bold); a marked lone number is a badge, and so is a heading
    'Aanbeveling 7': the next recommendation's number.
    """
    reader = _StructureReader(document.source)
    try:
        for block in document.blocks:
            if _CAPTION.match(block.text):
                continue
            if block.heading and _NUMBER_MARK.match(block.text):
                reader.badge(int(block.text))
            elif (
                (block.heading or is_heading(block.text))
                and (label := _NUMBER_LABEL.match(block.text))
                and reader.next_number == int(label.group(1))
            ):
                reader.badge(int(label.group(1)))
            elif is_heading(block.text) or block.heading:
                reader.heading(block)
            else:
                reader.text(block)
        return reader.sections()
    except StructureError as exc:
        raise StructureError(f"{exc}\n{structure_report(document)}") from exc


class _StructureReader:
    """The state of one pass over a document's blocks."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.front = _Section(0, "Colofon", "colofon", None)
        self.toc = _Section(0, "Inhoud", "inhoud", None)
        self.foreword = _Section(0, "Voorwoord", "voorwoord", None)
        self.toc_titles: dict[int, str] = {}
        self.recommendations: list[_Recommendation] = []
        self.current: _Section | None = self.front
        """Where running text goes; None inside a DOORBRAAKPROJECTEN list."""
        self.pending: _Recommendation | None = None
        """A recommendation whose title was read but not yet its context heading."""
        self.badges: list[int] = []
        """Number badges read before the title they belong to."""
        self.back = _Section(0, "Colofon", "colofon", None)
        """A colophon printed on the back page, after the last recommendation."""

    @property
    def next_number(self) -> int:
        """The number the next recommendation must carry: a label with another ("AANBEVELING
        6" set once inside recommendation 2) is no badge of it."""
        return len(self.recommendations) + 1

    def badge(self, number: int) -> None:
        if self.pending is not None:
            self.pending.number_marks.append(number)
        else:
            self.badges.append(number)

    def _sub_heading(self, key: str) -> bool:
        """A heading inside a recommendation that the table of contents does not list."""
        return bool(
            self.toc_titles
            and self.recommendations
            and self.pending is None
            and self.current is not self.back
            and key not in {title_key(title) for title in self.toc_titles.values()}
            and key not in ("colofon", "contextenuitdagingen", "doorbraakprojecten")
        )

    def heading(self, block: Block) -> None:
        key = title_key(block.text)
        if self.current is self.back:
            self.back.blocks.append(block)
            return
        if self._sub_heading(key):
            self.text(block)  # a sub-heading of the section: part of its text
            return
        if key in ("inhoud", "voorwoord"):
            self.current = self.toc if key == "inhoud" else self.foreword
            self.pending = None
        elif key == "contextenuitdagingen":
            self._open_context(block)
        elif key == "doorbraakprojecten":
            if not self.recommendations or self.pending is not None:
                raise StructureError(f"{self.source}: '{block.text}' outside a recommendation")
            self.current = None
        elif self.pending is not None:
            self.pending.title_heading = block.text  # the leaflet repeats titles; keep the last
        else:
            self.pending = _Recommendation(title_heading=block.text, number_marks=self.badges)
            self.badges = []
            if self.current is self.front:  # a cover title, unless a context section follows
                self.pending.front_start = len(self.front.blocks)
            else:
                self.current = None
        if self.current is self.front:
            self.front.blocks.append(block)

    def _open_context(self, block: Block) -> None:
        rec = self.pending
        if rec is None:
            raise StructureError(
                f"{self.source}: '{block.text}' without a recommendation title above it"
            )
        if rec.front_start is not None:  # its title was not cover text after all
            moved = self.front.blocks[rec.front_start :]
            del self.front.blocks[rec.front_start :]
            rec.intro[:0] = [b for b in moved if not is_heading(b.text)]
        rec.context = _Section(0, "", "context", None, rec.intro)
        self.recommendations.append(rec)
        self.current, self.pending = rec.context, None

    def text(self, block: Block) -> None:
        text = block.text
        if self.recommendations and self.pending is None and _BACK_COLOPHON.match(text):
            self.current = self.back  # the colophon on the back page
        if self.current is self.toc and (entry := _TOC_ENTRY.match(text)):
            self.toc_titles[int(entry.group(1))] = entry.group(2).strip()
            self.toc.blocks.append(block)
        elif self.pending is not None and _NUMBER_MARK.match(text):
            self.pending.number_marks.append(int(text))
        elif self.current is not None:
            self.current.blocks.append(block)
        elif self.pending is not None:
            self.pending.intro.append(block)  # text under a title, before its context heading
        elif item := _ITEM.match(text):
            self._open_item(int(item.group(1)), Block(item.group(2), block.page))
        elif self.recommendations[-1].items:
            self.recommendations[-1].items[-1].blocks.append(block)  # e.g. the seven principles
        else:
            raise StructureError(f"{self.source}: text before the first doorbraakproject: {text!r}")

    def _open_item(self, number: int, block: Block) -> None:
        rec = self.recommendations[-1]
        expected = len(rec.items) + 1
        if number != expected:
            raise StructureError(
                f"{self.source}: doorbraakproject {number} where {expected} was expected, "
                f"under '{rec.title_heading}'"
            )
        rec.items.append(_Section(0, "", "doorbraakproject", expected, [block]))

    def sections(self) -> list[_Section]:
        if self.back.blocks:  # a leaflet's back page is its colophon: it leads the front matter
            self.front.blocks[:0] = self.back.blocks
        back = _Section(0, "Colofon", "colofon", None)
        if self.pending is not None and self.pending.front_start is None:
            if title_key(self.pending.title_heading) != "colofon":
                raise StructureError(
                    f"{self.source}: '{self.pending.title_heading}' after the last "
                    "recommendation is not part of the note's structure"
                )
            back.blocks = self.pending.intro
        numbered = _number(self.source, self.recommendations, self.toc_titles)
        note = [s for s in (self.front, self.toc, self.foreword) if s.blocks]
        return note + numbered + ([back] if back.blocks else [])


def structure_report(document: Document) -> str:
    """For a StructureError: the recommendation titles found in the body, the entries of the
    table of contents not found, and how staff can go on."""
    toc = {
        int(m.group(1)): m.group(2).strip()
        for block in document.blocks
        if (m := _TOC_ENTRY.match(block.text))
    }
    keys = {title_key(title): number for number, title in toc.items()}
    headings = [b.text for b in document.blocks if b.heading or is_heading(b.text)]
    found = [h for h in headings if title_key(h) in keys]
    seen = {keys[title_key(h)] for h in found}
    missing = [f"{number}: {title}" for number, title in sorted(toc.items()) if number not in seen]
    distinct = list(dict.fromkeys(" ".join(h.split()) for h in found))
    return "\n".join(
        [
            f"  recommendation titles found in the body ({len(seen)}): "
            + ("; ".join(distinct) if distinct else "none"),
            f"  table of contents: {len(toc)} entries"
            + (f"; not found in the body: {'; '.join(missing)}" if missing else ""),
            "  If this file is the note, send it to the developers with this message. To index "
            "it as an ordinary document instead (cited by file name and heading), rename it to "
            f"{plain_name(document.source)} and build again.",
        ]
    )


def _number(
    source: str, recommendations: Sequence[_Recommendation], toc_titles: dict[int, str]
) -> list[_Section]:
    """Give each recommendation its number and title, checked against the table of contents."""
    if not recommendations:
        raise StructureError(
            f"{source}: no recommendations found (no 'Context en uitdagingen' headings)"
        )
    by_key = {title_key(title): number for number, title in toc_titles.items()}
    sections: list[_Section] = []
    for position, rec in enumerate(recommendations, start=1):
        if toc_titles:
            number = by_key.get(title_key(rec.title_heading))
            if number is None:
                raise StructureError(
                    f"{source}: recommendation '{rec.title_heading}' is not in the table of "
                    "contents"
                )
            title = toc_titles[number]
        else:
            number, title = position, _sentence_case(rec.title_heading)
        if number != position:
            raise StructureError(
                f"{source}: '{rec.title_heading}' is recommendation {number} in the table of "
                f"contents but stands at position {position}"
            )
        if any(mark != number for mark in rec.number_marks):
            raise StructureError(
                f"{source}: '{rec.title_heading}' carries number {rec.number_marks[0]}, "
                f"expected {number}"
            )
        if rec.context is None or not rec.context.blocks:
            raise StructureError(f"{source}: recommendation {number} has no context text")
        if not rec.items:
            raise StructureError(f"{source}: recommendation {number} has no doorbraakprojecten")
        for section in (rec.context, *rec.items):
            section.recommendation, section.title = number, title
            sections.append(section)
    if toc_titles and len(recommendations) != len(toc_titles):
        raise StructureError(
            f"{source}: the table of contents lists {len(toc_titles)} recommendations, "
            f"the body has {len(recommendations)}"
        )
    return sections


def _sentence_case(heading_text: str) -> str:
    lowered = heading_text.lower()
    return lowered[:1].upper() + lowered[1:]


def merge_broken_paragraphs(blocks: Iterable[Block]) -> list[Block]:
    """Rejoin a sentence that a conversion broke over two paragraphs ('ruimtelijke / opgaven.')."""
    merged: list[Block] = []
    for block in blocks:
        if (
            merged
            and not block.listed
            and _CONTINUES.search(merged[-1].text)
            and block.text[:1].islower()
        ):
            previous = merged.pop()
            merged.append(Block(f"{previous.text} {block.text}", previous.page))
        else:
            merged.append(block)
    return merged


def split_to_fit(
    paragraphs: Sequence[Block], count: TokenCounter, max_tokens: int
) -> Iterable[tuple[str, int | None]]:
    """Group paragraphs into parts of at most max_tokens, as (text, first page).

    An overlong paragraph splits between sentences; pieces of one paragraph are rejoined with
    the single space that separated them, so every part stays word for word the note's text.
    """
    pieces: list[tuple[Block, str]] = []  # (piece, separator before it)
    for block in paragraphs:
        if count(block.text) <= max_tokens:
            pieces.append((block, "\n\n"))
        else:
            sentences = _sentences(block.text)
            pieces.extend(
                (Block(sentence, block.page), " " if i else "\n\n")
                for i, sentence in enumerate(sentences)
            )
    text, page, size = "", None, 0
    for piece, separator in pieces:
        tokens = count(piece.text)
        if text and size + tokens > max_tokens:
            yield text, page
            text, size = "", 0
        if not text:
            page = piece.page
        text = f"{text}{separator}{piece.text}" if text else piece.text
        size += tokens
    if text:
        yield text, page


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?]) (?=[A-ZÀ-Ý0-9\"“])", text) if s]


def word_count(text: str) -> int:
    return len(text.split())
