"""Documents other than the note: chunked by their own headings; a malformed note still fails."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.chunking import StructureError, chunk_document, heading, looks_like_the_note
from indexer.documents import Block, Document, markdown_blocks, read_document
from indexer.generic import chunk_any, chunk_generic
from tests.conftest import NOTE
from tests.indexer.support import FAQ


def test_the_note_still_goes_through_the_notes_chunker() -> None:
    document = read_document(NOTE)
    assert looks_like_the_note(document)
    assert chunk_any(document) == chunk_document(document)


def test_a_markdown_faq_is_cut_at_its_headings(tmp_path: Path) -> None:
    path = tmp_path / "faq.md"
    path.write_text(FAQ, encoding="utf-8")
    chunks = chunk_any(read_document(path, "faq.md"))
    assert [(c.section, c.recommendation, c.item, c.title, c.text) for c in chunks] == [
        (
            "document",
            0,
            None,
            "Wat is de Vraagbaak?",
            "De Vraagbaak is een chat die antwoordt met passages uit de nota Alles Vloeit.",
        ),
        ("document", 0, None, "Wie beheert de inhoud?", "IGEMO."),
    ]
    # named to readers by its own title, its file name kept as the source
    assert {c.document_title for c in chunks} == {"Veelgestelde vragen over de Vraagbaak"}
    assert heading(chunks[0]) == "Veelgestelde vragen over de Vraagbaak · Wat is de Vraagbaak?"
    assert chunks[0].document == "faq.md"
    assert chunks[0].embedding_text.startswith("Wat is de Vraagbaak?: De Vraagbaak")
    assert "faq.md" not in chunks[0].embedding_text


def test_a_document_without_a_title_of_its_own_is_named_by_its_file(tmp_path: Path) -> None:
    path = tmp_path / "loket.md"
    path.write_text("## Openingsuren\n\nMaandag.\n\n# Later een hoofdtitel\n\nTekst.\n")
    chunks = chunk_any(read_document(path, "loket.md"))
    assert {c.document_title for c in chunks} == {""}
    assert heading(chunks[0]) == "loket.md · Openingsuren"


def test_markdown_headings_are_marked() -> None:
    blocks = list(markdown_blocks("# Titel\n\nTekst.\n\n## Kop\n"))
    assert [(b.text, b.heading) for b in blocks] == [
        ("Titel", True),
        ("Tekst.", False),
        ("Kop", True),
    ]


def test_a_pages_list_items_stay_lines_of_their_own(tmp_path: Path) -> None:
    """Opening hours under an address that ends without a full stop: each day keeps its line
    (a sentence a PDF conversion broke over two paragraphs is still rejoined)."""
    path = tmp_path / "loket.md"
    path.write_text(
        "# Loket\n\n## Openingsuren\n\n**Lier**, Kolveniersvest 5, 2500 Lier\n\n"
        "- dinsdag: 13 tot 16 uur\n- donderdag: 9 tot 12 uur\n\n"
        "| dag | uren |\n|---|---|\n| vrijdag | gesloten |\n",
        encoding="utf-8",
    )
    (hours,) = [c for c in chunk_any(read_document(path, "loket.md")) if c.title == "Openingsuren"]
    assert hours.text.split("\n\n") == [
        "Lier, Kolveniersvest 5, 2500 Lier",
        "dinsdag: 13 tot 16 uur",
        "donderdag: 9 tot 12 uur",
        "dag uren",
        "vrijdag - uren: gesloten",
    ]


def test_a_table_row_says_what_each_cell_is_by_its_columns_header() -> None:
    """A row of a premium table is a line of its own that names each amount by its column
    ("Premie", "Maximum per woning"): read without them, the premium and the maximum are
    two bare amounts. The header row stays a line of its own; an empty cell is left out.
    A table used for layout keeps its cells as they are (tests/indexer/test_documents.py)."""
    table = (
        "| Soort werk | Premie | Maximum per woning |\n|---|---|---|\n"
        "| Warmtepomp | 20% van de factuur | € 2.500 |\n| Groendak | € 30 per m² | |\n\n"
        "Tekst.\n\n| Alleen | een kop |\n|---|---|\n\n"
        "| | Lier |\n|---|---|\n| dinsdag | 9 tot 12 uur |\n"
    )
    assert [(b.text, b.listed) for b in markdown_blocks(table)] == [
        ("Soort werk Premie Maximum per woning", True),
        ("Warmtepomp - Premie: 20% van de factuur - Maximum per woning: € 2.500", True),
        ("Groendak - Premie: € 30 per m²", True),
        ("Tekst.", False),
        ("Alleen een kop", True),
        ("Lier", True),
        ("dinsdag - Lier: 9 tot 12 uur", True),
    ]


def test_plain_text_uses_upper_case_headings_and_keeps_text_before_them() -> None:
    blocks = (
        Block("Een inleiding zonder kop."),
        Block("PRAKTISCHE INFORMATIE"),
        Block("IGEMO."),  # an upper-case sentence is text, not a heading
        Block("Meer uitleg."),
    )
    chunks = chunk_generic(Document("info.txt", blocks))
    assert [(c.title, c.text) for c in chunks] == [
        ("", "Een inleiding zonder kop."),
        ("PRAKTISCHE INFORMATIE", "IGEMO.\n\nMeer uitleg."),
    ]
    assert heading(chunks[0]) == "info.txt"


def test_a_line_above_the_title_opens_the_first_section_not_a_passage_of_its_own() -> None:
    """A typeset cover sets its publisher above the title: five words without a heading are
    no passage (they came first for a French question about heat waves, trial 60)."""
    blocks = (
        Block("IGEMO · Streekintercommunale Rivierenland."),
        Block("Werkplan 2027", heading=True),
        Block("Uitvoering van Alles Vloeit", heading=True),
        Block("Goedgekeurd door de Raad van Bestuur op 9 december 2026."),
        Block("1 Inleiding", heading=True),
        Block("Dit werkplan beschrijft wat er in 2027 gebeurt."),
    )
    chunks = chunk_generic(Document("werkplan.pdf", blocks, title="Werkplan 2027"))
    assert [(c.title, c.text) for c in chunks] == [
        (
            "Uitvoering van Alles Vloeit",
            "IGEMO · Streekintercommunale Rivierenland.\n\n"
            "Goedgekeurd door de Raad van Bestuur op 9 december 2026.",
        ),
        ("1 Inleiding", "Dit werkplan beschrijft wat er in 2027 gebeurt."),
    ]


def test_a_long_section_splits_and_the_same_answer_under_two_questions_stays_twice() -> None:
    long = [Block(f"Alinea {n} " + "woord " * 40 + "einde.") for n in range(3)]
    blocks = (
        Block("VRAAG EEN", heading=True),
        *long,
        Block("VRAAG TWEE", heading=True),
        Block("Neem contact op met IGEMO."),
        Block("VRAAG DRIE", heading=True),
        Block("Neem contact op met IGEMO."),
    )
    chunks = chunk_generic(Document("faq.md", blocks), max_tokens=50)
    assert [(c.title, c.part, c.parts) for c in chunks] == [
        ("VRAAG EEN", 1, 3),
        ("VRAAG EEN", 2, 3),
        ("VRAAG EEN", 3, 3),
        ("VRAAG TWEE", 1, 1),
        ("VRAAG DRIE", 1, 1),
    ]
    assert len({c.id for c in chunks}) == 5


def test_a_document_of_headings_only_has_nothing_to_index() -> None:
    with pytest.raises(StructureError, match=r"leeg\.md: only headings, no text"):
        chunk_any(Document("leeg.md", (Block("TITEL", heading=True),)))


@pytest.mark.parametrize(
    "blocks",
    [
        (Block("Zomaar tekst."), Block("Context en uitdagingen"), Block("Meer.")),
        (Block("DOORBRAAKPROJECTEN"), Block("1. Iets.")),
        (Block("Aanbeveling 1: Werk samen"), Block("Aanbeveling 2: Optimaliseer")),
    ],
)
def test_a_document_that_claims_the_notes_structure_must_have_all_of_it(
    blocks: tuple[Block, ...],
) -> None:
    document = Document("nota-v2.pdf", blocks)
    assert looks_like_the_note(document)
    with pytest.raises(StructureError, match=re.escape("nota-v2.pdf: ")):
        chunk_any(document)


def test_a_faq_that_mentions_one_recommendation_is_not_the_note() -> None:
    blocks = (Block("Aanbeveling 6: Baseer ruimtelijke realisaties op een regionale visie"),)
    assert not looks_like_the_note(Document("faq.md", blocks))
