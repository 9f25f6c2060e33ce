"""A PDF read with its layout: blocks in reading order, headings told by size and weight.

Per document: the body text size (the most common one), running headers and footers (the
same line, numbers aside, at the same height on several pages) and page numbers are found and
dropped. Per page: two columns are read left then right (a full-width line ends a band of
columns), lines are grouped into paragraphs by spacing and style, and a paragraph set larger
than the body, or all in bold, short and without a full stop, is a heading; a heading wrapped
over several lines is one heading. A lone large number is a badge (the recommendation's
number). Table-of-contents entries lose their dot leaders and page numbers.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from indexer.chunking import title_key
from indexer.documents import (
    Block,
    DocumentError,
    is_heading,
    is_upper_case_heading,
    table_row,
    tidy,
)
from indexer.pdf_lines import (
    BADGE,
    BULLET,
    Line,
    Run,
    median_size,
    page_runs,
    read_at,
    runs_to_lines,
)
from indexer.pdf_tables import PdfTable, split_tables

if TYPE_CHECKING:
    from pypdf import PdfReader

MARGIN_ZONE = 0.075
"""The top and bottom share of a page where running headers, footers and page numbers stand."""
OUTER_ZONE = 0.15
"""A page's first or last line this far from its edge, set smaller than the body, is a
running line too when it comes back, word for word, on another page: a word processor sets
its header at the top margin, below ``MARGIN_ZONE`` when that margin is wide."""
HEADING_SCALE = 1.18
"""A line this much larger than the body text is a heading (or a badge)."""
_PAGE_NUMBER = re.compile(
    r"^(?:(?:pagina|p\.|blz\.?|page)\s*)?[-\u2013]?\s*\d{1,3}\s*[-\u2013]?(?:\s*(?:/|van|of)\s*\d{1,3})?$",
    re.IGNORECASE,
)
_BLOCK_START = re.compile(rf"^(\d{{1,2}}\.\s|{BULLET}|Aanbeveling\s+\d{{1,2}}\s*:)", re.IGNORECASE)
_DASH_ITEM = re.compile(r"^[-\u2013\u2014]\s+\S")
"""A line that opens with a dash and a space: a list item where it opens a group or follows
another dash item or a sentence's end (``_opens_dash_item``, ``_next_dash_item``); a dash
that a line break put first inside a sentence ("de regio" / "\u2013 en dat is belangrijk
\u2013") does neither. A page number between dashes ("- 3 -") is no item."""
_LIST_BULLET = re.compile(rf"^{BULLET}\s*")
_DASH = re.compile(r"^[-\u2013\u2014]\s*")
_ALIGNED = 0.25
"""Two dashes this close (a share of the font size) are at the same left edge: the next item."""
_TOC_ENTRY = re.compile(r"^Aanbeveling\s+\d{1,2}\s*:", re.IGNORECASE)
_TOC_TAIL = re.compile(r"(?:\s*[.·…_]){2,}\s*\d{0,3}\s*$|\s+\d{1,3}\s*$")
_SENTENCE_END = re.compile(r"[.!?:;]\W*$")
_STRUCTURAL = frozenset(
    {"contextenuitdagingen", "doorbraakprojecten", "inhoud", "voorwoord", "colofon"}
)
_VOWELS = frozenset("aeiouyáàäâéèëêíìïîóòöôúùüû")
_PUNCTUATION = ".,;:!?()\"'\u201c\u201d\u2018\u2019"
_COORDINATION = re.compile(r"^(en|of|tot|t\.e\.m\.)\b")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class _Page:
    number: int
    width: float
    height: float
    bottom: float
    lines: list[Line]
    outermost: tuple[float, float]
    """The heights of its first and its last line."""


def read_pdf(path: Path) -> tuple[list[Block], int, str]:
    """The blocks of a PDF in reading order, its number of pages and its typeset title
    (``typeset_title``)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        raw = [(number, page, page_runs(page)) for number, page in enumerate(reader.pages, start=1)]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise DocumentError(f"{path.name}: not a readable PDF ({exc})") from exc
    pages: list[_Page] = []
    for number, page, every_run in raw:
        box = page.mediabox
        width, height = float(box.width), float(box.height)
        runs, tables = split_tables(every_run)
        gutter = column_gutter(runs, float(box.left), width)
        lines = runs_to_lines(runs, [gutter] if gutter else [])
        lines += [row for table in tables for row in table_lines(table)]
        ordered = reading_order(lines, gutter)
        heights = [line.y for line in ordered] or [0.0]
        outermost = (max(heights), min(heights))
        pages.append(_Page(number, width, height, float(box.bottom), ordered, outermost))
    body = body_size(line for page in pages for line in page.lines)
    kept = _kept_lines(pages, body)
    title = typeset_title(pages, kept, body) or stated_title(_metadata_title(reader), kept)
    return layout_blocks(pages, kept, body), len(pages), title


def column_gutter(runs: Sequence[Run], left: float, width: float) -> float | None:
    """Where a second column starts, if the page has two columns side by side.

    It is an x in the middle of the page where at least six runs start, most of them next to
    (within two lines of) a run to their left that fills the left column; table cells are
    shorter.
    """
    starts = Counter(round(r.x) for r in runs if 0.3 * width < r.x - left < 0.7 * width)
    for x, count in starts.most_common(3):
        if count < 4:
            break
        beside = sum(
            1
            for right in runs
            if abs(round(right.x) - x) <= 1
            and any(
                abs(other.y - right.y) < 2.5 * right.size
                and other.x < x - 0.25 * width
                and other.end > x - 0.25 * width
                for other in runs
            )
        )
        if beside * 2 >= count:
            return float(x)
    return None


def table_lines(table: PdfTable) -> list[Line]:
    """A table's rows as lines that say what each cell is (``table_row``), as a Markdown
    table's do, every cell after its column's header in a centred table (a timeline); its
    header row as its cells' words."""
    header = table.header
    names = [join_lines(cell) for cell in header.cells] if header else []
    lines = []
    for row in table.rows:
        cells = [join_lines(cell) for cell in row.cells]
        if row is header:
            text = " ".join(c for c in cells if c)
        else:  # a timeline's date heads each column, the first one's too
            text = table_row(names, cells, every_column=table.headed)
        lines.append(Line(text, row.x, row.y, row.end, row.size, row.bold, row=True))
    return lines


def reading_order(lines: Sequence[Line], gutter: float | None) -> list[Line]:
    """Lines top to bottom; on a two-column page, each band's left column before its right."""
    typical = median_size(line.size for line in lines)
    ordered = sorted(lines, key=lambda line: (-read_at(line, typical), line.x))
    if gutter is None:
        return ordered
    result: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []
    for line in ordered:
        if line.x >= gutter - 1:
            right.append(line)
        elif line.end > gutter + 2 * line.size:  # spans both columns
            result += left + right + [line]
            left, right = [], []
        else:
            left.append(line)
    return result + left + right


def layout_blocks(pages: Sequence[_Page], kept: Sequence[list[Line]], body: float) -> list[Block]:
    """Blocks of all pages from each page's ``kept`` lines (``_kept_lines``), the body text
    set in size ``body``."""
    body_bold = _mostly_bold(line for page in pages for line in page.lines)
    vocabulary = _vocabulary(line for page in pages for line in page.lines)
    blocks: list[Block] = []
    before: Line | None = None
    for page, lines in zip(pages, kept, strict=True):
        for group, dashed in _groups(lines, body, before):
            blocks.extend(
                _group_blocks(group, page.number, body, body_bold, vocabulary, dashed=dashed)
            )
        before = lines[-1] if lines else before
    return blocks


def typeset_title(pages: Sequence[_Page], kept: Sequence[list[Line]], body: float) -> str:
    """The document's title: its first lines, when they are set larger than the body and
    than every other line of the document, and read as a heading (a leaflet's "Energiehuis
    Rivierenland"); "" otherwise. A staff document's title counts as the words of each of
    its sections, as a Markdown file's ``#`` heading does. ``kept``: each page's lines
    without its running lines (``_kept_lines``)."""
    lines = [
        line
        for page, page_lines in zip(pages, kept, strict=True)
        for line in page_lines
        # a small line in the top margin of a one-page leaflet ("IGEMO nieuwsbrief")
        if not (
            page.number == 1 and _may_run(line, page, body) and line.size < body * HEADING_SCALE
        )
    ]
    if not lines:
        return ""
    size = lines[0].size
    title = list(itertools.takewhile(lambda line: abs(line.size - size) < 0.5, lines))
    rest = lines[len(title) :]
    text = tidy(join_lines([line.text for line in title]))
    if size < body * HEADING_SCALE or any(line.size > size - 0.5 for line in rest):
        return ""
    heading = not (BADGE.match(text) or _BLOCK_START.match(text) or text.endswith((".", ",", ";")))
    return text if heading and len(text) <= 150 else ""


def stated_title(metadata_title: str, kept: Sequence[list[Line]]) -> str:
    """The title the PDF's properties state (a slide deck's, whose big numbers outsize its
    title), when each of its words stands on the first page: not a word processor's
    "Microsoft Word - verslag3.docx" or "Presentatie1"; "" otherwise."""
    title = tidy(metadata_title)
    words = _WORD.findall(title.casefold())
    first_page = {
        word for lines in kept[:1] for line in lines for word in _WORD.findall(line.text.casefold())
    }
    return title if words and len(title) <= 150 and first_page.issuperset(words) else ""


def _metadata_title(reader: PdfReader) -> str:
    from pypdf.errors import PdfReadError

    try:
        title = reader.metadata.title if reader.metadata else None
    except (PdfReadError, ValueError, KeyError, TypeError):  # a broken info dictionary
        return ""
    return title if isinstance(title, str) else ""


def _kept_lines(pages: Sequence[_Page], body: float) -> list[list[Line]]:
    """Each page's lines without its running headers, footers and page number."""
    repeated = _running_lines(pages, body)
    return [
        [
            line
            for line in page.lines
            if not (
                (_in_margin(line, page) and _is_page_number(line, body))
                or (_may_run(line, page, body) and _key(line, page) in repeated)
            )
        ]
        for page in pages
    ]


def body_size(lines: Iterator[Line] | Sequence[Line]) -> float:
    """The size most of the text is set in (by characters)."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _mostly_bold(lines: Iterator[Line]) -> bool:
    bold = plain = 0
    for line in lines:
        if line.bold:
            bold += len(line.text)
        else:
            plain += len(line.text)
    return bold > plain


def _in_margin(line: Line, page: _Page) -> bool:
    height = line.y - page.bottom
    return height < MARGIN_ZONE * page.height or height > (1 - MARGIN_ZONE) * page.height


def _may_run(line: Line, page: _Page, body: float) -> bool:
    """Whether ``line`` stands where a running header or footer does: in the page's margin,
    or as its first or last line near its edge, set smaller than the body."""
    if _in_margin(line, page):
        return True
    height = line.y - page.bottom
    near_edge = height < OUTER_ZONE * page.height or height > (1 - OUTER_ZONE) * page.height
    return line.y in page.outermost and near_edge and line.size < 0.95 * body


def _key(line: Line, page: _Page) -> tuple[str, int]:
    """A running line's text and height: in the margin with its numbers left out (a page
    number in its header), nearer the text as it stands ("Tel. 015 12 34 56" at the foot of
    one desk's page and "Tel. 03 480 11 22" at another's are each page's own)."""
    text = line.text.casefold()
    if _in_margin(line, page):
        text = re.sub(r"\d+", "#", text)
    return text, round((line.y - page.bottom) / 6)


def _is_page_number(line: Line, body: float) -> bool:
    return bool(_PAGE_NUMBER.match(line.text)) and line.size <= body * HEADING_SCALE


def _running_lines(pages: Sequence[_Page], body: float) -> set[tuple[str, int]]:
    """Lines where running lines stand (``_may_run``) that come back at the same height on
    two pages or more."""
    seen: Counter[tuple[str, int]] = Counter()
    for page in pages:
        keys = {
            _key(line, page)
            for line in page.lines
            if _may_run(line, page, body)
            and line.size <= body * HEADING_SCALE
            and _structural_key(line.text) not in _STRUCTURAL
        }
        seen.update(keys)
    return {key for key, count in seen.items() if count >= 2}


def _structural_key(text: str) -> str:
    return title_key(text)


def _vocabulary(lines: Iterator[Line]) -> set[str]:
    """The words the document spells in full on a line: tells a real hyphen from a break."""
    words: set[str] = set()
    for line in lines:
        inner = line.text.split()[:-1] if line.text.rstrip().endswith("-") else line.text.split()
        words.update(word.strip(_PUNCTUATION).casefold() for word in inner)
    return words


def _groups(
    lines: Sequence[Line], body: float, before: Line | None = None
) -> Iterator[tuple[list[Line], bool]]:
    """Runs of lines that belong together: same style, ordinary spacing, no new item; each
    with whether it is an item of a list set with dashes (``_opens_dash_item``). ``before``:
    the line read before the page's first, on the page before it."""
    pitches = [
        above.y - below.y
        for above, below in itertools.pairwise(lines)
        if above.key == below.key and 0 < above.y - below.y < 3 * above.size
    ]
    # the lower quartile: most steps between lines are within a paragraph
    pitch = sorted(pitches)[len(pitches) // 4] if pitches else 1.4 * body
    group: list[Line] = []
    dashed = False
    previous = before
    for line in lines:
        if group and (
            line.row
            or group[-1].row
            or _starts_group(group[-1], line, pitch, body)
            or _next_dash_item(group, dashed, line)
        ):
            yield group, dashed
            group = []
        if not group:
            dashed = _opens_dash_item(previous, line, same_page=previous is not before)
        group.append(line)
        previous = line
        if _ends_group(line, body):
            yield group, dashed
            group = []
    if group:
        yield group, dashed


def _starts_group(previous: Line, line: Line, pitch: float, body: float) -> bool:
    gap = previous.y - line.y
    if gap <= 0 or gap > 1.3 * max(pitch, 1.1 * line.size) * max(1.0, line.size / body):
        return True
    if abs(previous.size - line.size) > 0.08 * body or previous.bold != line.bold:
        return True
    if BADGE.match(line.text):  # a badge, or the page number of a table-of-contents entry
        return not (_TOC_ENTRY.match(previous.text) and line.size < body * HEADING_SCALE)
    if _BLOCK_START.match(line.text):
        return True
    heading_sized = line.size >= body * HEADING_SCALE
    return not heading_sized and (is_heading(line.text) or is_heading(previous.text))


def _next_dash_item(group: Sequence[Line], dashed: bool, line: Line) -> bool:
    """Whether ``line`` opens a dash item after the end of a sentence ("Onze kantoren:" /
    "- Mechelen ...") or after another dash item, its dash where that item's is ("- Mechelen
    ..." / "- Lier ..."; not a range's or a clause's dash that a line break put first in a
    wrapped item, set where the item's text is)."""
    if not _is_dash_item(line.text):
        return False
    if _SENTENCE_END.search(group[-1].text):
        return True
    return dashed and abs(line.x - group[0].x) < _ALIGNED * line.size


def _is_dash_item(text: str) -> bool:
    return bool(_DASH_ITEM.match(text)) and not _PAGE_NUMBER.match(text)


def _opens_dash_item(previous: Line | None, line: Line, *, same_page: bool) -> bool:
    """Whether ``line``, which opens a group, is a dash item: not a dash that a page or
    column break put first inside a sentence (the line before it, on another page or higher
    up, ends no sentence and is set in the same style)."""
    if not _is_dash_item(line.text):
        return False
    if previous is None or _SENTENCE_END.search(previous.text) or previous.key != line.key:
        return True
    return same_page and previous.y > line.y


def _ends_group(line: Line, body: float) -> bool:
    if BADGE.match(line.text):
        return True
    return (
        line.size < body * HEADING_SCALE
        and bool(_SENTENCE_END.search(line.text))
        and (len(line.text) < 0.6 * _typical_length(line))
    )


def _typical_length(line: Line) -> float:
    """A full line's length in characters: about the column's width in glyphs."""
    return max(20.0, (line.end - line.x) / (0.5 * line.size) if line.end > line.x else 60.0) * 1.0


def _group_blocks(
    group: list[Line],
    page: int,
    body: float,
    body_bold: bool,
    vocabulary: set[str],
    *,
    dashed: bool = False,
) -> Iterator[Block]:
    """A group's blocks; ``dashed``: it is an item of a list set with dashes."""
    first = group[0]
    if first.row:  # a table of contents' entry is set as one too: title, page
        row = _TOC_TAIL.sub("", first.text) if _TOC_ENTRY.match(first.text) else first.text
        yield Block(tidy(row), page, listed=True)
        return
    text = join_lines([line.text for line in group], vocabulary)
    if BADGE.match(text):
        large = first.size >= body * HEADING_SCALE or (first.bold and not body_bold)
        yield Block(text, page, heading=large)
        return
    if not dashed and _is_heading_group(group, text, body, body_bold):
        # A wrapped heading is one heading, but the note's own section headings stand alone.
        parts: list[list[str]] = [[]]
        for line in group:
            if _structural_key(line.text) in _STRUCTURAL and parts[-1]:
                parts.append([])
            parts[-1].append(line.text)
            if _structural_key(line.text) in _STRUCTURAL:
                parts.append([])
        for part in parts:
            for heading in _split_repeated(part):
                yield Block(tidy(join_lines(heading, vocabulary)), page, heading=True)
        return
    if _TOC_ENTRY.match(text):
        text = _TOC_TAIL.sub("", text)
    # a list item is a line of its own, as a Markdown one is, without its bullet
    listed = dashed or bool(_LIST_BULLET.match(text))
    tidied = tidy((_DASH if dashed else _LIST_BULLET).sub("", text, count=1))
    if tidied:
        upper = is_upper_case_heading(tidied)
        yield Block(tidied, page, heading=upper and not listed, listed=listed)


def _split_repeated(lines: list[str]) -> list[list[str]]:
    """A title set twice in the same style ('X' over 'X') is two headings, not 'X X'."""
    for cut in range(1, len(lines)):
        if title_key(" ".join(lines[:cut])) == title_key(" ".join(lines[cut:])):
            return [lines[:cut], lines[cut:]]
    return [lines] if lines else []


def _is_heading_group(group: list[Line], text: str, body: float, body_bold: bool) -> bool:
    if _BLOCK_START.match(text) or len(text) > 200 or text.rstrip().endswith((".", ",", ";")):
        return False
    if group[0].size >= body * HEADING_SCALE:
        return True
    return all(line.bold for line in group) and not body_bold and len(text) <= 150


def join_lines(lines: Sequence[str], vocabulary: set[str] | None = None) -> str:
    """Lines of one paragraph as one text, undoing the line-end hyphenation.

    A soft hyphen at a line end always joins. A hyphen joins too, unless the word is spelled
    with the hyphen elsewhere in the document, the next line starts a coordination ('kind- en
    jeugd'), or the hyphen separates two vowels, a digit or a capital ('zee-egel', 'CO2-uitstoot').
    """
    words = vocabulary or set()
    text = ""
    for raw in lines:
        line = raw.strip()
        if not text:
            text = line
            continue
        if text.endswith("\u00ad"):
            text = text[:-1] + line
        elif text.endswith("-") and len(text) > 1 and text[-2].isalnum() and line[:1].isalpha():
            verdict = _hyphen(text, line, words)
            if verdict == "space":
                text = f"{text} {line}"
            else:
                text = (text if verdict == "keep" else text[:-1]) + line
        else:
            text = f"{text} {line}"
    return text.replace("\u00ad", "")


def _hyphen(text: str, line: str, words: set[str]) -> str:
    """'space' for a coordination, 'keep' for a real hyphen, 'join' for a line-end break."""
    if _COORDINATION.match(line):
        return "space"
    before = text.rsplit(maxsplit=1)[-1].rstrip("-") if text.split() else ""
    after = re.split(r"[\s.,;:!?)]", line, maxsplit=1)[0]
    if f"{before}-{after}".casefold().strip(_PUNCTUATION) in words:
        return "keep"
    if f"{before}{after}".casefold().strip(_PUNCTUATION) in words:
        return "join"
    last, first = before[-1:], after[:1]
    real = (
        (last.casefold() in _VOWELS and first.casefold() in _VOWELS)
        or last.isdigit()
        or (first.isupper() and not before.isupper())
        or (before.isupper() and len(before) > 1 and after.islower())  # 'IT-personeel'
    )
    return "keep" if real else "join"
