from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from indexer.chunking import Chunk, StructureError, chunk_document, heading
from indexer.documents import Block, Document, read_document
from tests.conftest import NOTE
from tests.pdf_maker import page_breaks, write_pdf

TITLES = {
    1: "Werk samen op basis van kerntaken",
    4: "Zet in op technologie en data",
    6: "Baseer ruimtelijke realisaties op een regionale visie",
    12: "Maak van Rivierenland een kind- en jeugd vriendelijke regio",
}


@pytest.fixture(scope="module")
def chunks() -> list[Chunk]:
    return chunk_document(read_document(NOTE))


def test_the_note_has_twelve_contexts_and_thirty_six_doorbraakprojecten(
    chunks: list[Chunk],
) -> None:
    contexts = [c.recommendation for c in chunks if c.section == "context"]
    items = [(c.recommendation, c.item) for c in chunks if c.section == "doorbraakproject"]
    assert contexts == list(range(1, 13))
    assert items == [(r, i) for r in range(1, 13) for i in (1, 2, 3)]
    assert Counter(c.section for c in chunks if c.recommendation == 0) == {
        "colofon": 1,
        "inhoud": 1,
        "voorwoord": 1,
    }


def test_titles_come_from_the_table_of_contents(chunks: list[Chunk]) -> None:
    for chunk in chunks:
        if chunk.recommendation in TITLES:
            assert chunk.title == TITLES[chunk.recommendation]


def test_passages_land_in_the_right_place(chunks: list[Chunk]) -> None:
    def find(word: str) -> list[tuple[int, str, int | None]]:
        return [(c.recommendation, c.section, c.item) for c in chunks if word in c.text]

    assert find("onthardingsmakelaar") == [(6, "doorbraakproject", 3)]
    assert find("UiT-pas") == [(5, "doorbraakproject", 2)]
    assert find("subsidiemanager") == [(2, "doorbraakproject", 3)]
    assert find("kinderparlement") == [(12, "doorbraakproject", 2)]
    assert find("Exello-kring") == [(0, "voorwoord", None)]
    assert find("Schoutetstraat") == [(0, "colofon", None)]
    assert not find("foto: Provincie Antwerpen")  # a photo caption is not the note's text


def test_the_seven_principles_stay_with_recommendation_1_item_2(chunks: list[Chunk]) -> None:
    (item,) = [c for c in chunks if (c.recommendation, c.item) == (1, 2)]
    principles = ["Voortbouwend", "Transparant", "Gedefinieerd", "Regioversterkend"]
    principles += ["Becijferd", "Herkenbaar", "Effectief"]
    assert item.text.startswith("Hanteer 7 principes")
    assert item.text.split("\n\n")[1:] == principles


def test_every_passage_is_the_notes_own_words(chunks: list[Chunk]) -> None:
    raw = re.sub(r"<[^>]+>", "", NOTE.read_text(encoding="utf-8"))
    source = " ".join(raw.split())
    for chunk in chunks:
        for paragraph in chunk.text.split("\n\n"):
            assert " ".join(paragraph.split()) in source, (chunk.id, paragraph)


def test_a_sentence_broken_over_two_paragraphs_is_rejoined(chunks: list[Chunk]) -> None:
    (context,) = [c for c in chunks if (c.recommendation, c.section) == (6, "context")]
    assert "zijn allemaal ruimtelijke opgaven." in context.text


def test_ids_are_content_derived(chunks: list[Chunk]) -> None:
    again = chunk_document(read_document(NOTE))
    assert [c.id for c in again] == [c.id for c in chunks]
    assert len({c.id for c in chunks}) == len(chunks)
    edited = Document("note.md", (*_blocks(), Block("Een extra zin.")))
    before = {c.item: c.id for c in chunk_document(Document("note.md", _blocks()))}
    after = {c.item: c.id for c in chunk_document(edited)}
    assert before[1] == after[1]
    assert before[2] != after[2]


def test_the_same_chunker_reads_the_note_as_pdf_with_pages(tmp_path: Path) -> None:
    document = read_document(NOTE)
    pdf = tmp_path / "alles-vloeit.pdf"
    write_pdf(page_breaks(document.blocks), pdf)
    from_pdf = chunk_document(read_document(pdf))
    from_markdown = chunk_document(document)

    def shape(chunk: Chunk) -> tuple[int, str, int | None, str]:
        return (chunk.recommendation, chunk.section, chunk.item, " ".join(chunk.text.split()))

    assert [shape(c) for c in from_pdf] == [shape(c) for c in from_markdown]
    pages = {(c.recommendation, c.section): c.page for c in from_pdf}
    assert pages[(0, "colofon")] == 1
    assert pages[(0, "inhoud")] == 2
    assert pages[(0, "voorwoord")] == 3
    for number in range(1, 13):
        assert pages[(number, "context")] == number + 3
    assert all(c.page is None for c in from_markdown)
    assert {c.document for c in from_pdf} == {"alles-vloeit.pdf"}


def test_a_long_section_splits_at_paragraphs_and_keeps_its_citation() -> None:
    paragraphs = [f"Alinea {n} " + "woord " * 40 + "einde." for n in range(5)]
    blocks = (
        Block("INHOUD"),
        Block("Aanbeveling 1: Een lange aanbeveling"),
        Block("EEN LANGE AANBEVELING"),
        Block("CONTEXT EN UITDAGINGEN"),
        *(Block(p) for p in paragraphs),
        Block("DOORBRAAKPROJECTEN"),
        Block("1. Doe iets."),
    )
    parts = [c for c in chunk_document(Document("x.md", blocks), max_tokens=100) if c.item is None]
    parts = [c for c in parts if c.section == "context"]
    assert [(c.part, c.parts) for c in parts] == [(1, 3), (2, 3), (3, 3)]
    assert {heading(c) for c in parts} == {
        "Aanbeveling 1 · Een lange aanbeveling · Context en uitdagingen"
    }
    assert "\n\n".join(c.text for c in parts) == "\n\n".join(paragraphs)


def test_an_overlong_paragraph_splits_between_sentences_word_for_word() -> None:
    paragraph = " ".join(f"Zin {n} heeft " + "veel " * 20 + "woorden." for n in range(6))
    blocks = (
        Block("EEN AANBEVELING"),
        Block("CONTEXT EN UITDAGINGEN"),
        Block(paragraph),
        Block("DOORBRAAKPROJECTEN"),
        Block("1. Doe iets."),
    )
    parts = [c for c in chunk_document(Document("x.md", blocks), max_tokens=60) if c.item is None]
    assert len(parts) > 1
    assert all(len(c.text.split()) <= 60 for c in parts)
    assert " ".join(c.text for c in parts) == paragraph


def _blocks() -> tuple[Block, ...]:
    return (
        Block("EERSTE AANBEVELING"),
        Block("CONTEXT EN UITDAGINGEN"),
        Block("Tekst."),
        Block("DOORBRAAKPROJECTEN"),
        Block("1. Een."),
        Block("2. Twee."),
    )


def test_without_a_table_of_contents_recommendations_are_numbered_in_order() -> None:
    blocks = _blocks() + tuple(
        Block(t) for t in ("TWEEDE AANBEVELING", "CONTEXT EN UITDAGINGEN", "Meer.")
    )
    blocks += (Block("DOORBRAAKPROJECTEN"), Block("1. Drie."))
    chunks = chunk_document(Document("x.md", blocks))
    assert [(c.recommendation, c.title, c.item) for c in chunks] == [
        (1, "Eerste aanbeveling", None),
        (1, "Eerste aanbeveling", 1),
        (1, "Eerste aanbeveling", 2),
        (2, "Tweede aanbeveling", None),
        (2, "Tweede aanbeveling", 1),
    ]


def test_text_under_a_title_opens_its_context_and_a_closing_colophon_is_kept() -> None:
    blocks = (
        *_blocks()[:1],
        Block("Een inleiding."),
        *_blocks()[1:],
        Block("COLOFON"),
        Block("Uitgave 2023."),
    )
    chunks = chunk_document(Document("x.md", blocks))
    assert [(c.recommendation, c.section, c.text) for c in chunks] == [
        (1, "context", "Een inleiding.\n\nTekst."),
        (1, "doorbraakproject", "Een."),
        (1, "doorbraakproject", "Twee."),
        (0, "colofon", "Uitgave 2023."),
    ]


def test_a_label_over_a_title_numbers_it_and_a_stray_one_is_text() -> None:
    toc = ("INHOUD", "Aanbeveling 1: Eerste aanbeveling", "Aanbeveling 2: Tweede aanbeveling")
    first = ("AANBEVELING 1", "EERSTE AANBEVELING", "CONTEXT EN UITDAGINGEN", "Tekst.")
    stray = ("AANBEVELING 6", "Meer tekst.", "DOORBRAAKPROJECTEN", "1. Een.")
    second = ("AANBEVELING 2", "TWEEDE AANBEVELING", "CONTEXT EN UITDAGINGEN", "Meer.")
    texts = (*toc, *first, *stray, *second, "DOORBRAAKPROJECTEN", "1. Drie.")
    chunks = chunk_document(Document("x.pdf", tuple(Block(t, 1) for t in texts)))
    assert [(c.recommendation, c.item, c.text) for c in chunks if c.recommendation] == [
        (1, None, "Tekst.\n\nAANBEVELING 6\n\nMeer tekst."),
        (1, 1, "Een."),
        (2, None, "Meer."),
        (2, 1, "Drie."),
    ]


@pytest.mark.parametrize(
    ("blocks", "message"),
    [
        ((Block("Zomaar wat tekst."),), "no recommendations found"),
        (
            (Block("INHOUD"), Block("Aanbeveling 1: Iets anders"), *_blocks()),
            "'EERSTE AANBEVELING' is not in the table of contents",
        ),
        (
            (Block("INHOUD"), Block("Aanbeveling 2: Eerste aanbeveling"), *_blocks()),
            "is recommendation 2 in the table of contents but stands at position 1",
        ),
        ((_blocks()[0], Block("7"), *_blocks()[1:]), "carries number 7, expected 1"),
        ((*_blocks()[:4], Block("2. Twee.")), "doorbraakproject 2 where 1 was expected"),
        (_blocks()[:4], "recommendation 1 has no doorbraakprojecten"),
        ((*_blocks()[:4], Block("Inleiding.")), "text before the first doorbraakproject"),
        ((_blocks()[0], Block("DOORBRAAKPROJECTEN")), "outside a recommendation"),
        ((Block("CONTEXT EN UITDAGINGEN"), Block("x.")), "without a recommendation title"),
        (
            (*_blocks(), Block("BIJLAGE"), Block("Losse tekst.")),
            "'BIJLAGE' after the last recommendation is not part of the note's structure",
        ),
    ],
)
def test_a_document_without_the_notes_structure_fails_loudly(
    blocks: tuple[Block, ...], message: str
) -> None:
    with pytest.raises(StructureError, match=re.escape(message)):
        chunk_document(Document("x.md", blocks))
