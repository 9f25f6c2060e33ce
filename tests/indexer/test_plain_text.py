"""A plain text as staff save it from a word processor: paragraphs, a title, a FAQ's questions
as its headings."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.documents import Block, read_document
from indexer.generic import chunk_any
from indexer.plain_text import text_document

FAQ = """Veelgestelde vragen over het recyclagepark

Hier vindt u antwoorden op wat inwoners ons het vaakst vragen.

PRAKTISCH

Wanneer is het recyclagepark open?
Van dinsdag tot zaterdag, van 9 tot 16 uur.
Op feestdagen zijn we gesloten.

Vraag: Wat kost een bezoek?

Antwoord: De eerste 50 kilo zijn gratis.

Mag ik asbest brengen?
Ja, verpakt in folie.
"""


def test_a_faq_saved_as_text_is_cut_at_its_questions(tmp_path: Path) -> None:
    path = tmp_path / "faq-recyclagepark.txt"
    path.write_text(FAQ, encoding="utf-8")
    document = read_document(path)
    assert document.title == "Veelgestelde vragen over het recyclagepark"
    assert [(c.title, c.text) for c in chunk_any(document)] == [
        (
            "Veelgestelde vragen over het recyclagepark",
            "Hier vindt u antwoorden op wat inwoners ons het vaakst vragen.",
        ),
        (
            "Wanneer is het recyclagepark open?",
            "Van dinsdag tot zaterdag, van 9 tot 16 uur.\nOp feestdagen zijn we gesloten.",
        ),
        ("Wat kost een bezoek?", "Antwoord: De eerste 50 kilo zijn gratis."),
        ("Mag ik asbest brengen?", "Ja, verpakt in folie."),
    ]


@pytest.mark.parametrize(
    ("first", "title"),
    [
        ("Onze werking in 2025", "Onze werking in 2025"),
        ("Dit is een inleiding.", ""),
        ("Waarom dit document?", ""),
        ("Een titel die veel te lang is " * 5, ""),
    ],
)
def test_a_short_first_line_that_ends_no_sentence_is_the_title(first: str, title: str) -> None:
    assert text_document(f"{first}\n\nDe tekst zelf.")[1] == title.strip()


LONG_LINE = "Deze dienst beheert sinds 2024 de administratie van alle begraafplaatsen in de regio."


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (f"Dienst Begraafplaatsen\n{LONG_LINE}", "Dienst Begraafplaatsen"),
        # a hard-wrapped paragraph: its first line ends no sentence, but is no title
        ("De gemeenten van de regio werken\nsamen aan een nieuwe dienst die\nalles regelt.", ""),
        (f"Dienst Begraafplaatsen\n{LONG_LINE.lower()}", ""),
    ],
)
def test_a_title_line_directly_above_a_long_paragraph_line(text: str, title: str) -> None:
    assert text_document(text)[1] == title


def test_a_title_directly_above_the_first_paragraph_is_a_block_of_its_own() -> None:
    blocks, _ = text_document(f"Dienst Begraafplaatsen\n{LONG_LINE}\n\nMeer.")
    assert blocks == [Block("Dienst Begraafplaatsen"), Block(LONG_LINE), Block("Meer.")]


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_a_byte_order_mark_is_not_read_as_text(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"faq{suffix}"
    heading = "# Contact" if suffix == ".md" else "Contact"
    path.write_text(f"{heading}\n\nBel ons.\n", encoding="utf-8-sig")
    document = read_document(path)
    assert document.title == "Contact"
    assert not any("\ufeff" in block.text for block in document.blocks)
