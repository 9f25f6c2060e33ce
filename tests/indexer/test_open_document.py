"""A LibreOffice Writer document (.odt) staff save into the corpus reads as its markup says:
headings, questions in bold, lists, tables, footnotes; its table of contents, page header and
footer, comments and struck-out text stay out."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from indexer.documents import DocumentError, read_document
from indexer.generic import chunk_any

QUESTION = "Krijg ik een premie als ik mijn voortuin onthard?"
_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'office:version="1.3"'
)
_STYLES = """
<style:style style:name="Heading" style:family="paragraph"/>
<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Heading"/>
<style:style style:name="Subtitle" style:family="paragraph" style:parent-style-name="Heading"/>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"/>
<style:style style:name="Vraag" style:family="paragraph">
  <style:text-properties fo:font-weight="bold"/>
</style:style>
<style:style style:name="Strong_20_Emphasis" style:display-name="Strong Emphasis"
  style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
<text:list-style style:name="Numbering_20_123" style:display-name="Numbering 123">
  <text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."/>
  <text:list-level-style-number text:level="2" style:num-format="a" style:num-suffix="."/>
</text:list-style>
<text:list-style style:name="List_20_1" style:display-name="List 1">
  <text:list-level-style-bullet text:level="1" text:bullet-char="•"/>
</text:list-style>
"""
_MASTER = """
<style:master-page style:name="Standard" style:page-layout-name="pm1">
  <style:header><text:p>Gemeente Duffel - Dienst Omgeving</text:p></style:header>
  <style:footer><text:p>Pagina <text:page-number text:select-page="current">1</text:page-number>
  </text:p></style:footer>
</style:master-page>
"""
_AUTOMATIC = """
<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Title"/>
<style:style style:name="T1" style:family="text">
  <style:text-properties fo:font-weight="bold"/>
</style:style>
<style:style style:name="T2" style:family="text">
  <style:text-properties fo:font-style="italic"/>
</style:style>
"""
_FAQ = f"""
<text:tracked-changes>
  <text:changed-region text:id="ct1"><text:deletion>
    <office:change-info><dc:creator>Jan</dc:creator></office:change-info>
    <text:p>€ 8 per vierkante meter</text:p>
  </text:deletion></text:changed-region>
</text:tracked-changes>
<text:p text:style-name="P1">Alles Vloeit in Duffel</text:p>
<text:p text:style-name="Subtitle">Dienst Omgeving, 4 maart 2027</text:p>
<text:table-of-content text:name="Inhoudsopgave1"><text:index-body>
  <text:index-title><text:p>Inhoudsopgave</text:p></text:index-title>
  <text:p>Ontharding<text:tab/>2</text:p><text:p>Contact<text:tab/>3</text:p>
</text:index-body></text:table-of-content>
<text:p>Deze tekst beantwoordt vragen van   inwoners<text:s text:c="2"/>over de nota.</text:p>
<text:h text:style-name="Heading_20_1" text:outline-level="1"
  ><text:number>1.</text:number>Ontharding</text:h>
<text:p text:style-name="Vraag">{QUESTION}</text:p>
<text:p>Ja. Duffel geeft <text:change text:change-id="ct1"/>€ 10 per vierkante meter<text:note
  text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation>
  <text:note-body><text:p>Alleen voor verhardingen van meer dan 20 vierkante meter.</text:p>
  </text:note-body></text:note>, tot € 500 per woning.<office:annotation
  ><dc:creator>Els</dc:creator>
  <text:p>Klopt dit bedrag nog?</text:p></office:annotation></text:p>
<text:p><text:span text:style-name="T1">Wanneer is de infoavond?</text:span> Op 12 maart
  2027 om 20 uur<text:line-break/>in het gemeentehuis.</text:p>
<text:p>De premie geldt ook <text:span text:style-name="Strong_20_Emphasis"
  >voor opritten</text:span>
  van minder dan 50 <text:span text:style-name="T2">vierkante</text:span> meter.</text:p>
<text:soft-page-break/>
<text:h text:outline-level="2">Hoe vraag ik de premie aan?</text:h>
<text:list text:style-name="Numbering_20_123">
  <text:list-item><text:p>Maak foto's voor de werken.</text:p>
    <text:list><text:list-item><text:p>ook van de oprit</text:p></text:list-item></text:list>
  </text:list-item>
  <text:list-item><text:p>Vul het formulier in op
    <text:a xlink:href="https://www.duffel.be/premies">www.duffel.be/premies</text:a>.</text:p>
  </text:list-item>
</text:list>
<text:p>Tussendoor een gewone zin.</text:p>
<text:list text:style-name="Numbering_20_123" text:continue-numbering="true">
  <text:list-item><text:p>Stuur de facturen naar omgeving@duffel.be.</text:p></text:list-item>
</text:list>
<text:list text:style-name="List_20_1">
  <text:list-item><text:p>Meer info bij de dienst Omgeving</text:p></text:list-item>
</text:list>
<text:p><draw:frame draw:name="Kader1"><draw:text-box><text:p>Afbeelding 1: De
  proefstraat in de Kerkstraat<draw:frame draw:name="Foto"><draw:image
  xlink:href="Pictures/1.png"/><svg:title>foto</svg:title></draw:frame></text:p>
  </draw:text-box></draw:frame></text:p>
<draw:frame text:anchor-type="page"><draw:text-box><text:p>Een kader op de pagina.</text:p>
</draw:text-box></draw:frame>
<text:h text:outline-level="1">Contact</text:h>
<table:table table:name="Diensten">
  <table:table-column table:number-columns-repeated="3"/>
  <table:table-header-rows><table:table-row>
    <table:table-cell><text:p>Dienst</text:p></table:table-cell>
    <table:table-cell><text:p>Telefoon</text:p></table:table-cell>
    <table:table-cell><text:p>Openingsuren</text:p></table:table-cell>
  </table:table-row></table:table-header-rows>
  <table:table-row>
    <table:table-cell><text:p>Omgeving</text:p></table:table-cell>
    <table:table-cell><text:p>015 30 72 00</text:p></table:table-cell>
    <table:table-cell><text:p>ma-vr 9-12 uur</text:p></table:table-cell>
  </table:table-row>
  <table:table-row>
    <table:table-cell><text:p>Jeugddienst</text:p></table:table-cell>
    <table:table-cell><text:list><text:list-item><text:p>015 30 72 60</text:p></text:list-item>
    </text:list></table:table-cell>
    <table:table-cell><text:p>ma<office:annotation><text:p>ook di?</text:p></office:annotation>
    </text:p></table:table-cell>
  </table:table-row>
  <table:table-row>
    <table:table-cell table:number-columns-spanned="2"><text:p>Klimaatloket</text:p>
    </table:table-cell><table:covered-table-cell/>
    <table:table-cell><text:p>wo 14-19 uur</text:p></table:table-cell>
  </table:table-row>
</table:table>
"""


def _odt(path: Path, body: str, *, automatic: str = _AUTOMATIC, title: str = "") -> Path:
    """An .odt file as LibreOffice saves one: the mimetype first and stored, then the
    manifest, the content, the styles (with the page header and footer) and the meta data."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NAMESPACES}>'
        f"<office:automatic-styles>{automatic}</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>"
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {_NAMESPACES}>'
        f"<office:styles>{_STYLES}</office:styles>"
        f"<office:master-styles>{_MASTER}</office:master-styles></office:document-styles>"
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {_NAMESPACES}>'
        f"<office:meta><dc:title>{title}</dc:title></office:meta></office:document-meta>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
        archive.writestr("styles.xml", styles)
        archive.writestr("meta.xml", meta)
    return path


def test_an_odt_faq_reads_by_its_markup_and_its_bold_questions(tmp_path: Path) -> None:
    document = read_document(_odt(tmp_path / "lokaal.odt", _FAQ))
    blocks = [(block.text, block.heading, block.listed) for block in document.blocks]
    assert document.title == "Alles Vloeit in Duffel"
    assert document.pages is None
    assert blocks[:4] == [
        ("Alles Vloeit in Duffel", True, False),
        ("Dienst Omgeving, 4 maart 2027", False, False),
        ("Deze tekst beantwoordt vragen van inwoners over de nota.", False, False),
        ("Ontharding", True, False),
    ]
    assert (QUESTION, True, False) in blocks
    # The footnote's text follows its paragraph; its mark and the comment are not read.
    at = blocks.index(
        ("Ja. Duffel geeft € 10 per vierkante meter, tot € 500 per woning.", False, False)
    )
    assert blocks[at + 1] == (
        "Alleen voor verhardingen van meer dan 20 vierkante meter.",
        False,
        False,
    )
    # A bold question that opens its paragraph heads the answer that follows it.
    at = blocks.index(("Wanneer is de infoavond?", True, False))
    assert blocks[at + 1] == ("Op 12 maart 2027 om 20 uur\nin het gemeentehuis.", False, False)
    # Bold words inside a sentence are emphasis.
    assert (
        "De premie geldt ook voor opritten van minder dan 50 vierkante meter.",
        False,
        False,
    ) in blocks
    assert ("Hoe vraag ik de premie aan?", True, False) in blocks
    assert [text for text, _, listed in blocks if listed][:5] == [
        "1. Maak foto's voor de werken.",
        "a. ook van de oprit",
        "2. Vul het formulier in op www.duffel.be/premies.",
        "3. Stuur de facturen naar omgeving@duffel.be.",
        "Meer info bij de dienst Omgeving",
    ]
    assert ("Tussendoor een gewone zin.", False, False) in blocks
    # a caption and a box anchored to the page stand as paragraphs; a list in a table cell
    # is the cell's text, a comment in one is not
    assert blocks[-7:] == [
        ("Afbeelding 1: De proefstraat in de Kerkstraat", False, False),
        ("Een kader op de pagina.", False, False),
        ("Contact", True, False),
        ("Dienst Telefoon Openingsuren", False, True),
        ("Omgeving - Telefoon: 015 30 72 00 - Openingsuren: ma-vr 9-12 uur", False, True),
        ("Jeugddienst - Telefoon: 015 30 72 60 - Openingsuren: ma", False, True),
        ("Klimaatloket - Openingsuren: wo 14-19 uur", False, True),
    ]
    text = " ".join(block.text for block in document.blocks)
    for left_out in (
        "Inhoudsopgave",
        "Gemeente Duffel -",
        "Pagina",
        "Klopt dit",
        "€ 8",
        "Ontharding 2",
    ):
        assert left_out not in text


def test_each_question_of_an_odt_faq_is_a_passage_of_its_own(tmp_path: Path) -> None:
    document = read_document(_odt(tmp_path / "lokaal.odt", _FAQ))
    chunks = chunk_any(document, lambda text: len(text.split()), 400)
    by_title = {chunk.title: chunk.text for chunk in chunks}
    assert "€ 10 per vierkante meter" in by_title[QUESTION]
    assert "12 maart 2027" in by_title["Wanneer is de infoavond?"]
    assert "12 maart 2027" not in by_title[QUESTION]
    assert "Vul het formulier in" in by_title["Hoe vraag ik de premie aan?"]


def test_a_table_without_header_rows_takes_a_bold_first_row_as_its_header(
    tmp_path: Path,
) -> None:
    def row(*cells: str, style: str = "") -> str:
        spans = (
            f'<table:table-cell><text:p><text:span text:style-name="{style}">{cell}'
            "</text:span></text:p></table:table-cell>"
            for cell in cells
        )
        return f"<table:table-row>{''.join(spans)}</table:table-row>"

    bold = row("Dienst", "Open", style="T1") + row("Omgeving", "ma")
    plain = row("Adres", "Markt 1, 2570 Duffel") + row("Telefoon", "015 30 72 00")
    # a colleague's comment on a header cell is no paragraph of the row
    comment = "<office:annotation><text:p>Klopt dit nog?</text:p></office:annotation>"
    remarked = row("Loket", f"Uren{comment}", style="T1") + row("Wonen", "di")
    body = "".join(f"<table:table>{rows}</table:table>" for rows in (bold, plain, remarked))
    texts = [block.text for block in read_document(_odt(tmp_path / "t.odt", body)).blocks]
    assert texts == [
        "Dienst Open",
        "Omgeving - Open: ma",
        "Adres Markt 1, 2570 Duffel",  # an address laid out as a table: read as it stands
        "Telefoon 015 30 72 00",
        "Loket Uren",
        "Wonen - Uren: di",
    ]


def test_a_document_without_a_title_or_heading_on_top_takes_its_properties_title(
    tmp_path: Path,
) -> None:
    body = "<text:p>De premie bedraagt € 10.</text:p>"
    document = read_document(_odt(tmp_path / "t.odt", body, title="Premies in Duffel"))
    assert document.title == "Premies in Duffel"


def test_a_flat_xml_document_is_read_as_well(tmp_path: Path) -> None:
    flat = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document {_NAMESPACES} '
        'office:mimetype="application/vnd.oasis.opendocument.text">'
        "<office:body><office:text><text:h text:outline-level='1'>Ontharding</text:h>"
        "<text:p>Duffel geeft € 10 per vierkante meter.</text:p></office:text></office:body>"
        "</office:document>"
    )
    (tmp_path / "vlak.fodt").write_text(flat, encoding="utf-8")
    document = read_document(tmp_path / "vlak.fodt")
    assert [block.text for block in document.blocks] == [
        "Ontharding",
        "Duffel geeft € 10 per vierkante meter.",
    ]
    assert document.title == "Ontharding"


def _spreadsheet(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr(
            "content.xml",
            f"<office:document-content {_NAMESPACES}><office:body><office:spreadsheet/>"
            "</office:body></office:document-content>",
        )
    return path


def test_a_spreadsheet_saved_as_odt_is_refused_with_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"rekenblad\.odt: an OpenDocument spreadsheet"):
        read_document(_spreadsheet(tmp_path / "rekenblad.odt"))


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 not really a zip", b"plain text"])
def test_a_file_that_is_no_open_document_is_refused_by_name(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "kapot.odt"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=r"kapot\.odt: not an OpenDocument text"):
        read_document(path)


def test_a_document_with_only_a_table_of_contents_and_comments_has_no_text(
    tmp_path: Path,
) -> None:
    body = (
        "<text:table-of-content><text:index-body><text:p>Ontharding 2</text:p>"
        "</text:index-body></text:table-of-content>"
        "<text:p><office:annotation><text:p>nog invullen</text:p></office:annotation></text:p>"
    )
    with pytest.raises(DocumentError, match=r"leeg\.odt: no extractable text"):
        read_document(_odt(tmp_path / "leeg.odt", body))
