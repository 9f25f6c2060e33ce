"""A PowerPoint presentation (.pptx) staff save into the corpus reads as its slides say: each
slide's title a heading over its bullets, tables and speaker notes; hidden slides, footers and
slide numbers stay out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pptx
import pytest
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml import parse_xml
from pptx.slide import Slide
from pptx.util import Inches

from indexer.documents import Block, DocumentError, read_document
from indexer.generic import chunk_any

TITLE, CONTENT, SECTION, TITLE_ONLY, COMPARISON = 0, 1, 2, 5, 4
"""The slide layouts of python-pptx's default template, as in PowerPoint's own."""


def _deck() -> pptx.presentation.Presentation:
    deck = pptx.Presentation()
    deck.core_properties.title = "Infoavond Nijlen"
    return deck


def _slide(deck: pptx.presentation.Presentation, layout: int, title: str) -> Slide:
    slide: Slide = deck.slides.add_slide(deck.slide_layouts[layout])
    assert slide.shapes.title is not None
    slide.shapes.title.text = title
    return slide


def _bullets(slide: Slide, index: int, lines: list[tuple[int, str]]) -> None:
    frame = slide.placeholders[index].text_frame
    frame.text = lines[0][1]
    frame.paragraphs[0].level = lines[0][0]
    for level, text in lines[1:]:
        paragraph = frame.add_paragraph()
        paragraph.text, paragraph.level = text, level


def _read(tmp_path: Path, deck: pptx.presentation.Presentation) -> list[Block]:
    path = tmp_path / "presentatie.pptx"
    deck.save(str(path))
    return list(read_document(path).blocks)


def _with_footer(slide: Slide, footer: str, number: str) -> None:
    """A footer and slide number on the slide, as PowerPoint's "Header and Footer" puts them."""
    layout = {p.placeholder_format.type: p for p in list(slide.slide_layout.placeholders)}
    for kind, text in ((PP_PLACEHOLDER.FOOTER, footer), (PP_PLACEHOLDER.SLIDE_NUMBER, number)):
        slide.shapes.clone_placeholder(layout[kind])
        placed = [s for s in slide.placeholders if s.placeholder_format.type == kind][-1]
        placed.text_frame.text = text


def test_slides_read_as_headings_over_their_bullets_and_speaker_notes(tmp_path: Path) -> None:
    deck = _deck()
    cover = _slide(deck, TITLE, "Alles Vloeit in Nijlen: wat betekent het voor ons?")
    cover.placeholders[1].text_frame.text = "Infoavond\vDonderdag 13 maart 2025 - 19.30 uur"
    water = _slide(deck, CONTENT, "Ontharding en water")
    _bullets(
        water,
        1,
        [(0, "Onthardingspremie voor inwoners:"), (1, "€ 25 per m²"), (1, "maximum € 1.500")],
    )
    notes = water.notes_slide.notes_text_frame
    assert notes is not None
    notes.text = "Budget pilootstraat: € 640.000."
    _with_footer(water, "Gemeente Nijlen - Dienst Omgeving", "2")
    draft = _slide(deck, CONTENT, "Onthardingspremie (ontwerp)")
    _bullets(draft, 1, [(0, "maximum € 1.000 per adres")])
    draft.element.set("show", "0")  # hidden in PowerPoint: an old draft kept in the deck

    path = tmp_path / "presentatie.pptx"
    deck.save(str(path))
    document = read_document(path)

    assert document.title == "Alles Vloeit in Nijlen: wat betekent het voor ons?"
    assert [(b.text, b.heading, b.listed) for b in document.blocks] == [
        ("Alles Vloeit in Nijlen: wat betekent het voor ons?", True, False),
        ("Infoavond\nDonderdag 13 maart 2025 - 19.30 uur", False, True),
        ("Ontharding en water", True, False),
        ("Onthardingspremie voor inwoners:", False, True),
        ("€ 25 per m²", False, True),
        ("maximum € 1.500", False, True),
        ("Budget pilootstraat: € 640.000.", False, False),
    ]
    chunks = chunk_any(document)
    water_chunk = next(c for c in chunks if c.title == "Ontharding en water")
    assert "maximum € 1.500" in water_chunk.text and "€ 640.000" in water_chunk.text
    assert not any("1.000" in c.text or "Dienst Omgeving" in c.text for c in chunks)


def test_the_title_comes_from_the_properties_without_a_title_slide(tmp_path: Path) -> None:
    deck = _deck()
    _bullets(_slide(deck, CONTENT, "Agenda"), 1, [(0, "Welkom")])
    path = tmp_path / "presentatie.pptx"
    deck.save(str(path))
    assert read_document(path).title == "Infoavond Nijlen"
    deck.core_properties.title = "PowerPoint Presentation"
    deck.save(str(path))
    assert read_document(path).title == "Agenda"


def test_a_one_line_box_heads_the_bullets_under_it_as_on_a_comparison_slide(
    tmp_path: Path,
) -> None:
    deck = _deck()
    slide = _slide(deck, COMPARISON, "Regio en gemeente: wie doet wat?")
    slide.placeholders[1].text_frame.text = "Wat doet de regio?"
    _bullets(slide, 2, [(0, "Gedeelde energiemanager"), (0, "Bovenlokale UiT-pas")])
    slide.placeholders[3].text_frame.text = "Wat doet de gemeente?"
    _bullets(slide, 4, [(0, "Eigen onthardingspremie"), (0, "Kinderparlement")])
    section = _slide(deck, SECTION, "Deel 2")
    section.placeholders[1].text_frame.text = "Onze eigen projecten"

    blocks = _read(tmp_path, deck)

    headings = [b.text for b in blocks if b.heading]
    assert headings == [
        "Regio en gemeente: wie doet wat?",
        "Wat doet de regio?",
        "Wat doet de gemeente?",
        "Deel 2",
    ]
    assert Block("Onze eigen projecten", listed=True) in blocks  # one line over nothing


def test_numbered_bullets_are_counted_per_level(tmp_path: Path) -> None:
    deck = _deck()
    slide = _slide(deck, CONTENT, "Zo vraag je de premie aan")
    _bullets(slide, 1, [(0, "Meet"), (0, "Vraag aan"), (1, "online"), (1, "aan het loket")])
    _bullets(_slide(deck, CONTENT, "Daarna"), 1, [(0, "Wacht op antwoord")])
    frames = [s.placeholders[1].text_frame for s in deck.slides]
    schemes = ["arabicPeriod", "arabicPeriod", "alphaLcParenR", "alphaLcParenR"]
    for paragraph, scheme in zip(frames[0].paragraphs, schemes, strict=True):
        bullet = paragraph._p.get_or_add_pPr().makeelement(
            "{http://schemas.openxmlformats.org/drawingml/2006/main}buAutoNum", {"type": scheme}
        )
        paragraph._p.get_or_add_pPr().append(bullet)

    texts = [b.text for b in _read(tmp_path, deck) if not b.heading]

    assert texts == [
        "1. Meet",
        "2. Vraag aan",
        "a) online",
        "b) aan het loket",
        "Wacht op antwoord",
    ]


def test_a_table_names_each_cell_by_its_header_row(tmp_path: Path) -> None:
    deck = _deck()
    slide = _slide(deck, TITLE_ONLY, "Waar kan je terecht?")
    rows = [
        ("Dienst", "Contact", "Openingsuren"),
        ("Woon- en Energieloket", "03 410 02 40", "ma en wo 9-12 u"),
        ("Jeugddienst", "jeugd@nijlen.be", "wo 13-17 u"),
    ]
    shape = slide.shapes.add_table(3, 3, Inches(0.5), Inches(1.5), Inches(9), Inches(2))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            shape.table.cell(r, c).text = text

    blocks = _read(tmp_path, deck)

    assert [b.text for b in blocks[1:]] == [
        "Dienst Contact Openingsuren",
        "Woon- en Energieloket - Contact: 03 410 02 40 - Openingsuren: ma en wo 9-12 u",
        "Jeugddienst - Contact: jeugd@nijlen.be - Openingsuren: wo 13-17 u",
    ]
    shape.table.first_row = False
    assert _read(tmp_path, deck)[2].text == "Woon- en Energieloket 03 410 02 40 ma en wo 9-12 u"
    # a cell merged over two columns stands under the first; the last keeps its own
    shape.table.first_row = True
    merged = shape.table.cell(2, 0)
    merged.merge(shape.table.cell(2, 1))
    merged.text = "Jeugddienst, jeugd@nijlen.be"
    assert _read(tmp_path, deck)[3].text == (
        "Jeugddienst, jeugd@nijlen.be - Openingsuren: wo 13-17 u"
    )


def test_question_slides_become_the_documents_questions(tmp_path: Path) -> None:
    deck = _deck()
    _bullets(_slide(deck, CONTENT, "Moet ik mijn voortuin ontharden?"), 1, [(0, "Nee.")])
    box = _slide(deck, TITLE_ONLY, "Nog vragen").shapes.add_textbox(
        Inches(0), Inches(0), Inches(6), Inches(2)
    )
    paragraph = box.text_frame.paragraphs[0]
    question, answer = paragraph.add_run(), paragraph.add_run()
    question.text, answer.text = "Wat kost het?", " Niets, het advies is gratis."
    question.font.bold = True

    path = tmp_path / "presentatie.pptx"
    deck.save(str(path))
    chunks = chunk_any(read_document(path))

    assert [(c.title, c.text) for c in chunks if c.title.endswith("?")] == [
        ("Moet ik mijn voortuin ontharden?", "Nee."),
        ("Wat kost het?", "Niets, het advies is gratis."),
    ]


@pytest.mark.parametrize(
    ("content", "said"), [(b"PK not a zip", "not a PowerPoint"), (b"", "not a PowerPoint")]
)
def test_a_broken_file_is_refused_by_name(tmp_path: Path, content: bytes, said: str) -> None:
    path = tmp_path / "presentatie.pptx"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=rf"presentatie\.pptx: {said}"):
        read_document(path)


def test_a_word_document_saved_as_pptx_is_refused(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "presentatie.pptx"
    docx.Document().save(str(path))
    with pytest.raises(DocumentError, match=r"presentatie\.pptx: not a PowerPoint"):
        read_document(path)


def _with_smart_art(deck: pptx.presentation.Presentation, slide: Slide, boxes: list[str]) -> None:
    """A SmartArt graphic as PowerPoint saves one: a graphic frame on the slide that points
    to a diagram data part holding its boxes, beside the graphic's own frame point."""
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI

    points = "".join(
        f'<dgm:pt modelId="{n}"{kind}><dgm:t><a:bodyPr/><a:p><a:r><a:t>{box}</a:t></a:r>'
        "</a:p></dgm:t></dgm:pt>"
        for n, (box, kind) in enumerate(
            ((box, ' type="asst"' if box.startswith("Secretariaat") else "") for box in boxes),
            start=1,
        )
    )
    points += '<dgm:pt modelId="99" type="parTrans"><dgm:t><a:p><a:r><a:t>pijl</a:t></a:r>'
    points += "</a:p></dgm:t></dgm:pt>"
    data = (
        '<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst>'
        f'<dgm:pt modelId="0" type="doc"><dgm:t><a:p><a:r><a:t>kader</a:t></a:r></a:p></dgm:t>'
        f"</dgm:pt>{points}</dgm:ptLst></dgm:dataModel>"
    )
    part = Part(
        PackURI("/ppt/diagrams/data1.xml"),
        "application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml",
        deck.part.package,
        data.encode(),
    )
    relation = slide.part.relate_to(
        part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/diagramData"
    )
    frame = (
        '<p:graphicFrame xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<p:nvGraphicFramePr><p:cNvPr id="9" name="Diagram 8"/><p:cNvGraphicFramePr/><p:nvPr/>'
        '</p:nvGraphicFramePr><p:xfrm><a:off x="0" y="0"/><a:ext cx="100" cy="100"/></p:xfrm>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram">'
        '<dgm:relIds xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" '
        f'r:dm="{relation}" r:lo="" r:qs="" r:cs=""/></a:graphicData></a:graphic></p:graphicFrame>'
    )
    slide.shapes._spTree.append(parse_xml(frame))


def test_the_boxes_of_a_smart_art_graphic_read_as_lines(tmp_path: Path) -> None:
    deck = _deck()
    slide = _slide(deck, TITLE_ONLY, "Zo vraag je de premie aan")
    steps = ["Vraag advies aan", "Laat de werken uitvoeren", "Dien je facturen in"]
    _with_smart_art(deck, slide, [*steps, "Secretariaat: Els"])  # an assistant's box too

    blocks = _read(tmp_path, deck)

    assert [(b.text, b.listed) for b in blocks[1:]] == [
        (box, True) for box in [*steps, "Secretariaat: Els"]
    ]  # not the graphic's own frame ("kader") nor a connector ("pijl")


def test_a_one_line_box_below_sentences_stays_a_line_of_text(tmp_path: Path) -> None:
    deck = _deck()
    slide = _slide(deck, TITLE_ONLY, "Renoveren")
    line = slide.shapes.add_textbox(Inches(1), Inches(5), Inches(8), Inches(1))
    line.text_frame.text = "Inschrijven kan tot 30 april 2025"
    box = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(8), Inches(2))
    box.text_frame.text = "Het advies is gratis."
    box.text_frame.add_paragraph().text = "De coach komt langs."

    blocks = _read(tmp_path, deck)

    assert [b.text for b in blocks if b.heading] == ["Renoveren"]
    assert "Inschrijven kan tot 30 april 2025" in [b.text for b in blocks]


def test_a_cell_merged_down_names_each_row_it_spans(tmp_path: Path) -> None:
    deck = _deck()
    slide = _slide(deck, TITLE_ONLY, "Premies")
    table = slide.shapes.add_table(3, 3, Inches(0.5), Inches(1.5), Inches(9), Inches(2)).table
    for r, row in enumerate(
        [("Maatregel", "Premie", "Max"), ("Dakisolatie", "20 euro/m2", "2000")]
    ):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(2, 1).text, table.cell(2, 2).text = "10 euro/m2", "1000"
    table.cell(1, 0).merge(table.cell(2, 0))

    texts = [b.text for b in _read(tmp_path, deck)]

    assert texts[-2:] == [
        "Dakisolatie - Premie: 20 euro/m2 - Max: 2000",
        "Dakisolatie - Premie: 10 euro/m2 - Max: 1000",
    ]


def test_a_charts_title_and_a_groups_boxes_are_read(tmp_path: Path) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE

    deck = _deck()
    slide = _slide(deck, TITLE_ONLY, "Budget")
    charted: Any = CategoryChartData  # python-pptx's chart data has no type hints
    data = charted()
    data.categories = ["2025", "2026"]
    data.add_series("Budget", (100, 120))
    shapes: Any = slide.shapes  # its add_chart is hinted to return the chart, not its frame
    graphic = shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(2), Inches(6), Inches(4), data
    )
    graphic.chart.has_title = True
    graphic.chart.chart_title.text_frame.text = "Budget ontharding per jaar"
    group = slide.shapes.add_group_shape()
    group.shapes.add_textbox(Inches(1), Inches(6), Inches(3), Inches(1)).text_frame.text = "Bron"

    texts = [b.text for b in _read(tmp_path, deck)]

    assert texts == ["Budget", "Budget ontharding per jaar", "Bron"]


def test_a_title_slide_without_a_title_and_a_slide_hidden_as_false(tmp_path: Path) -> None:
    deck = _deck()
    cover = _slide(deck, TITLE, "")
    cover.placeholders[1].text_frame.text = "Infoavond"
    hidden = _slide(deck, CONTENT, "Ontwerp")
    _bullets(hidden, 1, [(0, "maximum € 1.000")])
    hidden.element.set("show", "false")

    path = tmp_path / "presentatie.pptx"
    deck.save(str(path))
    document = read_document(path)

    assert document.title == "Infoavond Nijlen"  # the properties' title
    assert [b.text for b in document.blocks] == ["Infoavond"]


def test_a_shape_without_geometry_from_another_program_is_passed_over(tmp_path: Path) -> None:
    deck = _deck()
    slide = _slide(deck, TITLE_ONLY, "Inkt")
    # a shape without geometry, as some programs other than PowerPoint write one
    slide.shapes._spTree.append(
        parse_xml(
            '<p:sp xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            '<p:nvSpPr><p:cNvPr id="7" name="Vorm"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
            "<p:spPr/></p:sp>"
        )
    )
    path = tmp_path / "presentatie.pptx"
    deck.save(str(path))
    document = read_document(path)  # read without it: it has no words
    assert [b.text for b in document.blocks] == ["Inkt"]


def test_ink_on_a_slide_is_refused_with_the_slide_and_what_to_do(tmp_path: Path) -> None:
    deck = _deck()
    _slide(deck, TITLE_ONLY, "Welkom")
    slide = _slide(deck, TITLE_ONLY, "Inkt")
    slide.shapes._spTree.append(
        parse_xml(
            '<p:contentPart xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
            'r:id="rId99"/>'
        )
    )
    path = tmp_path / "presentatie.pptx"
    deck.save(str(path))
    with pytest.raises(DocumentError, match=r"presentatie\.pptx: slide 2 cannot be read .*PDF"):
        read_document(path)


def test_a_first_slide_with_a_picture_takes_its_title_from_the_properties(tmp_path: Path) -> None:
    import io

    from PIL import Image

    deck = _deck()
    slide = _slide(deck, 8, "Zo kan de Beekstraat eruitzien")  # "Picture with Caption"
    image = io.BytesIO()
    Image.new("RGB", (4, 4)).save(image, "PNG")
    image.seek(0)
    slide.placeholders[1].insert_picture(image)
    path = tmp_path / "presentatie.pptx"
    deck.save(str(path))
    document = read_document(path)  # a picture placeholder has no text to read a title from
    assert document.title == "Infoavond Nijlen"
    assert document.blocks[0].text == "Zo kan de Beekstraat eruitzien"
