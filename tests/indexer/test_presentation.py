"""A PowerPoint presentation (.pptx) staff save into the corpus reads as its slides say: each
slide's title a heading over its bullets, tables and speaker notes; hidden slides, footers and
slide numbers stay out."""

from __future__ import annotations

from pathlib import Path

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
        f'<dgm:pt modelId="{n}"><dgm:t><a:bodyPr/><a:p><a:r><a:t>{box}</a:t></a:r></a:p>'
        "</dgm:t></dgm:pt>"
        for n, box in enumerate(boxes, start=1)
    )
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
    _with_smart_art(
        deck, slide, ["Vraag advies aan", "Laat de werken uitvoeren", "Dien je facturen in"]
    )

    blocks = _read(tmp_path, deck)

    assert [(b.text, b.listed) for b in blocks[1:]] == [
        ("Vraag advies aan", True),
        ("Laat de werken uitvoeren", True),
        ("Dien je facturen in", True),
    ]
