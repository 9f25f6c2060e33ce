"""A plain text as staff save it from a word processor: paragraphs, a title, a FAQ's questions
as its headings."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.documents import Block, read_document
from indexer.generic import chunk_any
from indexer.plain_text import heading_line, text_document

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


PAGE = """Regionaal Fietspunt Rivierenland
Home > Mobiliteit > Fietspunt

Laatst bijgewerkt op 12 februari 2024

Wij helpen je op weg met de fiets.

WAT DOET HET FIETSPUNT?
Het Fietspunt geeft gratis advies over fietsen in de regio.

Concreet kan je bij ons terecht voor:
• advies over fietsroutes
• het uitlenen van testfietsen

Voor wie?
Iedereen die in de regio woont of werkt.

Advies voor bedrijven:
Onze adviseur maakt een pendelscan voor je personeel.

Daarnaast helpen we met:
• een fietsvergoeding invoeren

Tarieven
Testfiets (2 weken)          25 euro
Pendelscan bedrijf           gratis

Contact
tel. 015 45 21 70
"""


def test_a_web_page_saved_as_text_is_cut_at_its_short_heading_lines(tmp_path: Path) -> None:
    path = tmp_path / "fietspunt.txt"
    path.write_text(PAGE, encoding="utf-8")
    document = read_document(path)
    assert document.title == "Regionaal Fietspunt Rivierenland"
    chunks = chunk_any(document)
    assert [c.title for c in chunks] == [
        "Regionaal Fietspunt Rivierenland",
        "WAT DOET HET FIETSPUNT?",
        "Voor wie?",
        "Advies voor bedrijven:",
        "Tarieven",
        "Contact",
    ]
    # a date line, a sentence that leads into a list, and a list's rows are text
    assert "Laatst bijgewerkt op 12 februari 2024" in chunks[0].text
    assert "Concreet kan je bij ons terecht voor:\n• advies" in chunks[1].text
    assert "Daarnaast helpen we met:" in chunks[3].text
    assert chunks[4].text.startswith("Testfiets (2 weken) 25 euro")


@pytest.mark.parametrize(
    ("line", "after", "heading"),
    [
        ("Openingsuren", "Maandag tot vrijdag van 9 tot 17 uur.", True),
        ("Advies voor bedrijven:", "Onze adviseur helpt je.", True),
        ("Daarnaast helpen we met:", "• een fietsvergoeding", False),
        ("De Mobibus staat op:", "Bornem      eerste vrijdag", False),
        ("Laatst bijgewerkt op 12 februari 2024", "Tekst.", False),
        ("Artikel 4 \u2013 Premiebedragen", "Tekst.", True),
        ("Met vriendelijke groeten,", "Jan", False),
        ("openingsuren", "Tekst.", False),
        ("Openingsuren", None, False),
        ("Vraag 3: kan dat?", "Ja.", False),
    ],
)
def test_a_heading_line(line: str, after: str | None, heading: bool) -> None:
    assert heading_line(line, after) is heading


def test_two_short_lines_do_not_make_a_text_read_by_headings() -> None:
    letter = "Beste buren\nDe straat gaat dicht.\n\nMet dank\nHet bestuur van de wijk.\n"
    blocks, _ = text_document(letter)
    assert not any(block.heading for block in blocks)


def test_a_faq_with_group_headings_is_still_cut_at_its_questions(tmp_path: Path) -> None:
    faq = (
        "Veelgestelde vragen\n\nALGEMEEN\n\nWie mag er begraven worden op een begraafplaats?\n"
        "Iedereen die er woonde.\n\nKOSTEN\n\nHoeveel kost een grafconcessie?\nDat is 750 euro."
        "\n\nONDERHOUD\n\nWie onderhoudt het graf?\nDe familie.\n"
    )
    path = tmp_path / "faq.txt"
    path.write_text(faq, encoding="utf-8")
    titles = [c.title for c in chunk_any(read_document(path))]
    assert titles == [
        "Wie mag er begraven worden op een begraafplaats?",
        "Hoeveel kost een grafconcessie?",
        "Wie onderhoudt het graf?",
    ]


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        # a regulation's "Artikel 4." ends in a full stop, and is still its heading
        (
            "Reglement\n\nArtikel 1\nDe premie is 200 euro.\n\nArtikel 2\nVraag ze aan.\n\n"
            "Artikel 3.\nDit reglement geldt vanaf 2024.\n",
            ["Artikel 1", "Artikel 2", "Artikel 3."],
        ),
        # an underline marks a heading and is no text
        (
            "Recyclagepark\n=============\n\nOpeningsuren\n------------\nDinsdag tot zaterdag."
            "\n\nTarieven\n--------\nSnoeiafval is gratis.\n\nToegang\n-------\nMet je eID.\n",
            ["Openingsuren", "Tarieven", "Toegang"],
        ),
        # an upper-case line alone is a heading; a line the next one goes on with is not
        (
            "Sportdienst\n\nOPENINGSUREN\n\nMaandag tot vrijdag\nvan 9 tot 12 uur\n\n"
            "Sporthal\nOpen tot 23 uur.\n\nZwembad\nGesloten op maandag.\n",
            ["OPENINGSUREN", "Sporthal", "Zwembad"],
        ),
        # a heading alone above an address block heads it
        (
            "Infoblad\n\nZwembad\n\nOpen in juli.\n\nZomerbar\n\nOpen op vrijdag.\n\n"
            "Contact\n\nDienst Vrije Tijd\nKapelstraat 5\n",
            ["Zwembad", "Zomerbar", "Contact"],
        ),
    ],
)
def test_the_heading_lines_of_a_page_saved_as_text(
    tmp_path: Path, text: str, titles: list[str]
) -> None:
    path = tmp_path / "pagina.txt"
    path.write_text(text, encoding="utf-8")
    chunks = chunk_any(read_document(path))
    assert [c.title for c in chunks] == titles  # the title above no text of its own is none
    assert not any(set(c.text) <= set("=-\n ") for c in chunks)


def test_prose_wrapped_in_a_narrow_column_is_not_read_by_its_first_lines() -> None:
    prose = (
        "Bornem krijgt een fietsbrug\n\nDe gemeente Bornem investeert dit jaar\n"
        "ruim twee miljoen euro in een nieuwe\nfietsbrug over de Vliet.\n\n"
        "Volgens de schepen van Mobiliteit is\nde brug al jaren een vraag van vele\n"
        "fietsers.\n\nBuurtbewoners kunnen de plannen inkijken\nin het gemeentehuis.\n"
    )
    blocks, title = text_document(prose)
    assert title == "Bornem krijgt een fietsbrug"
    assert not any(block.heading for block in blocks)
