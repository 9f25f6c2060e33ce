"""A Word document staff save into the corpus reads as its styles say: headings, questions in
bold, lists, tables; its page header and footer stay out."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph

from indexer.documents import DocumentError, read_document
from indexer.generic import chunk_any

QUESTION = "Krijg ik een premie als ik mijn voortuin onthard?"


def _faq(path: Path) -> Path:
    """A municipality's FAQ as people write one in Word."""
    word = docx.Document()
    word.add_paragraph("Alles Vloeit in Duffel", style="Title")
    word.add_paragraph("Deze tekst beantwoordt vragen van inwoners over de nota.")
    word.add_heading("Ontharding", level=1)
    _bold(word, QUESTION)
    word.add_paragraph("Ja. Duffel geeft 10 euro per vierkante meter, tot 500 euro per woning.")
    opening = word.add_paragraph()
    opening.add_run("Wanneer is de infoavond?").bold = True
    opening.add_run(" Op 12 maart 2027 om 20 uur in het gemeentehuis.")
    emphasis = word.add_paragraph("De premie geldt ook ")
    emphasis.add_run("voor opritten").bold = True
    emphasis.add_run(" van minder dan 50 vierkante meter.")
    word.add_heading("Hoe vraag ik de premie aan?", level=2)
    for step in ("Maak foto's voor de werken.", "Vul het formulier in.", "Stuur de facturen."):
        word.add_paragraph(step, style="List Number")
    word.add_paragraph("Meer info bij de dienst Omgeving", style="List Bullet")
    word.add_heading("Contact", level=1)
    table = word.add_table(rows=3, cols=3)
    rows = [
        ("Dienst", "Telefoon", "Openingsuren"),
        ("Omgeving", "015 30 72 00", "ma-vr 9-12 uur"),
        ("Klimaatloket", "015 30 72 50", "wo 14-19 uur"),
    ]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for cell in table.rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True
    # an address block laid out as a table: no header row
    address = word.add_table(rows=2, cols=2)
    lines = [("Adres", "Markt 1, 2570 Duffel"), ("Telefoon", "015 30 72 00")]
    for r, (label, value) in enumerate(lines):
        address.cell(r, 0).text, address.cell(r, 1).text = label, value
    section = word.sections[0]
    section.header.paragraphs[0].text = "Gemeente Duffel - dienst Omgeving"
    section.footer.paragraphs[0].text = "pagina 1 van 1"
    word.save(str(path))
    return path


def _bold(word: WordDocument, text: str) -> None:
    word.add_paragraph().add_run(text).bold = True


def test_a_word_faq_reads_by_its_styles_and_its_bold_questions(tmp_path: Path) -> None:
    document = read_document(_faq(tmp_path / "faq.docx"))
    blocks = [(block.text, block.heading, block.listed) for block in document.blocks]
    assert document.title == "Alles Vloeit in Duffel"
    assert document.pages is None
    assert ("Ontharding", True, False) in blocks
    assert (QUESTION, True, False) in blocks
    # A bold question that opens its paragraph heads the answer that follows it.
    at = blocks.index(("Wanneer is de infoavond?", True, False))
    assert blocks[at + 1] == ("Op 12 maart 2027 om 20 uur in het gemeentehuis.", False, False)
    # Bold words inside a sentence are emphasis.
    assert (
        "De premie geldt ook voor opritten van minder dan 50 vierkante meter.",
        False,
        False,
    ) in blocks
    assert [text for text, _, listed in blocks if listed][:4] == [
        "1. Maak foto's voor de werken.",
        "2. Vul het formulier in.",
        "3. Stuur de facturen.",
        "Meer info bij de dienst Omgeving",
    ]
    assert (
        "Klimaatloket - Telefoon: 015 30 72 50 - Openingsuren: wo 14-19 uur",
        False,
        True,
    ) in blocks
    text = " ".join(block.text for block in document.blocks)
    assert "Gemeente Duffel - dienst" not in text
    assert "pagina 1" not in text


def test_each_question_of_a_word_faq_is_a_passage_of_its_own(tmp_path: Path) -> None:
    document = read_document(_faq(tmp_path / "faq.docx"))
    chunks = chunk_any(document, lambda text: len(text.split()), 400)
    by_title = {chunk.title: chunk.text for chunk in chunks}
    assert "10 euro per vierkante meter" in by_title[QUESTION]
    assert "12 maart 2027" in by_title["Wanneer is de infoavond?"]
    assert "12 maart 2027" not in by_title[QUESTION]
    assert "Vul het formulier in" in by_title["Hoe vraag ik de premie aan?"]


def test_word_numbering_counts_on_and_starts_again_under_a_higher_level(tmp_path: Path) -> None:
    word = docx.Document()
    steps = _two_level_list(word)
    for text, level in [
        ("Eerste stap", 0),
        ("Een detail", 1),
        ("Nog een detail", 1),
        ("Tweede stap", 0),
        ("Een ander detail", 1),
    ]:
        _numbered(word.add_paragraph(text, style="List Paragraph"), steps, level)
    word.add_paragraph("Tussendoor een gewone zin.")
    _numbered(word.add_paragraph("Derde stap", style="List Paragraph"), steps, 0)
    _numbered(word.add_paragraph("Geen nummer", style="List Paragraph"), "0", 0)
    word.add_paragraph("Een opsomming", style="List Bullet")
    word.save(str(tmp_path / "stappen.docx"))
    blocks = read_document(tmp_path / "stappen.docx").blocks
    assert [block.text for block in blocks] == [
        "1. Eerste stap",
        "a. Een detail",
        "b. Nog een detail",
        "2. Tweede stap",
        "a. Een ander detail",
        "Tussendoor een gewone zin.",
        "3. Derde stap",
        "Geen nummer",
        "Een opsomming",
    ]
    assert [block.listed for block in blocks] == [True] * 5 + [False, True, False, True]


def _two_level_list(word: WordDocument) -> str:
    """A list definition with steps (1., 2.) over details (a., b.), as Word's numbering button
    makes one; its numId."""
    numbering = word.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{kind}"/></w:lvl>'
        for level, kind in enumerate(("decimal", "lowerLetter"))
    )
    numbering.insert(
        0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{levels}</w:abstractNum>')
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    return "90"


def _numbered(paragraph: Paragraph, num_id: str, level: int) -> None:
    properties = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    properties.get_or_add_ilvl().val = level
    properties.get_or_add_numId().val = int(num_id)


@pytest.mark.parametrize("style", ["Light List Accent 1", "Table Grid"])
def test_a_tables_header_row_is_told_by_its_style_or_marked_as_a_header(
    tmp_path: Path, style: str
) -> None:
    word = docx.Document()
    table = word.add_table(rows=2, cols=3)
    table.style = word.styles[style]
    for r, row in enumerate([("Dienst", "Telefoon", "Open"), ("Omgeving", "015 30 72 00", "ma")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    if style == "Table Grid":  # a plain grid has no look for its first row of its own
        table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    word.save(str(tmp_path / "tabel.docx"))
    texts = [block.text for block in read_document(tmp_path / "tabel.docx").blocks]
    assert texts == ["Dienst Telefoon Open", "Omgeving - Telefoon: 015 30 72 00 - Open: ma"]


def _zip_of_something_else() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content", [b"", b"PK\x03\x04 not really a zip", b"plain text", _zip_of_something_else()]
)
def test_a_file_that_is_no_word_document_is_refused_by_name(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "kapot.docx"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=r"kapot\.docx: not a Word document"):
        read_document(path)


def test_an_empty_word_document_has_no_text(tmp_path: Path) -> None:
    docx.Document().save(str(tmp_path / "leeg.docx"))
    with pytest.raises(DocumentError, match=r"leeg\.docx: no extractable text"):
        read_document(tmp_path / "leeg.docx")
