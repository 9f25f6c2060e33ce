"""Properties over any input (hypothesis): the chunker and the answer composer.

- The chunker takes any blocks: it returns chunks made of the blocks' words, or refuses the
  document with a ``StructureError``; no other exception.
- A quoted passage, rendered as Markdown (CommonMark, raw HTML allowed, as a careless
  consumer would), shows exactly the passage's words and its citation, and no HTML but the
  quote's own (blockquote, paragraphs, line breaks, the citation's emphasis).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chatbot.answer import citation, escape_markdown, quote_markdown
from chatbot.sentences import sentence_spans
from indexer.chunking import SECTIONS, Chunk, StructureError, chunk_document, expected_id
from indexer.documents import Block, Document, tidy
from indexer.generic import chunk_any
from tests.chatbot.markup import render

QUOTE_TAGS = {"blockquote", "p", "br", "em"}
WRITTEN = st.characters(exclude_categories=["Cs", "Cc"]) | st.sampled_from(" \n")
"""Characters a corpus file can hold in its text (no control codes, no lone surrogates)."""
LINES = st.text(alphabet=WRITTEN, max_size=120).map(tidy).filter(bool)
"""What the reader makes of a paragraph: lines tidied, no empty lines."""


def a_chunk(text: str, title: str, section: str = "doorbraakproject") -> Chunk:
    return Chunk(
        id="c1",
        document="nota.md",
        recommendation=0 if section == "document" else 6,
        title=title,
        section=section,  # type: ignore[arg-type]
        item=3 if section == "doorbraakproject" else None,
        page=None,
        text=text,
    )


@settings(max_examples=300, deadline=None)
@given(
    paragraphs=st.lists(LINES, min_size=1, max_size=4),
    title=st.text(alphabet=WRITTEN, max_size=60).map(lambda t: " ".join(t.split())),
    section=st.sampled_from(["doorbraakproject", "context", "document"]),
)
def test_a_quote_renders_as_exactly_the_passages_words_and_no_other_html(
    paragraphs: list[str], title: str, section: str
) -> None:
    chunk = a_chunk("\n\n".join(paragraphs), title, section)
    rendered = render(quote_markdown(chunk))
    assert rendered.tag_names <= QUOTE_TAGS
    assert not rendered.has_attributes
    assert rendered.text.split() == [*chunk.text.split(), "—", *citation(chunk).split()]


@settings(max_examples=300, deadline=None)
@given(paragraphs=st.lists(LINES, min_size=1, max_size=4), chosen=st.sets(st.integers(0, 30)))
def test_key_sentences_render_in_bold_as_exactly_their_words(
    paragraphs: list[str], chosen: set[int]
) -> None:
    chunk = a_chunk("\n\n".join(paragraphs), "Titel")
    spans = sentence_spans(chunk.text)
    key = tuple(span for n, span in enumerate(spans) if n in chosen)
    rendered = render(quote_markdown(chunk, key))
    assert rendered.tag_names <= QUOTE_TAGS | {"strong"}
    assert rendered.text.split() == [*chunk.text.split(), "—", *citation(chunk).split()]
    assert [tag for tag, _ in rendered.tags].count("strong") == len(key)


@settings(max_examples=300, deadline=None)
@given(line=st.text(alphabet=WRITTEN.filter(lambda ch: ch != "\n"), max_size=200).map(str.strip))
def test_an_escaped_line_renders_as_itself(line: str) -> None:
    rendered = render(escape_markdown(line))
    assert rendered.tag_names <= {"p"}
    assert rendered.text.split() == line.split()


NOTE_LINES = st.sampled_from(
    [
        "CONTEXT EN UITDAGINGEN",
        "Context en uitdagingen",
        "DOORBRAAKPROJECTEN",
        "INHOUD",
        "VOORWOORD",
        "COLOFON",
        "MAAK VAN RIVIERENLAND EEN INCLUSIEVE REGIO",
        "WERK SAMEN AAN EEN REGIONALE VISIE",
        "Aanbeveling 1: Maak van Rivierenland een inclusieve regio",
        "Aanbeveling 2: Werk samen aan een regionale visie",
        "Aanbeveling 12: Iets anders ..... 14",
        "1. Een eerste doorbraakproject.",
        "2. Een tweede doorbraakproject",
        "3. Het derde",
        "7",
        "Foto: iemand",
        "een zin die verder gaat",
    ]
)
BLOCKS = st.lists(
    st.builds(
        Block,
        NOTE_LINES | LINES,
        st.none() | st.integers(min_value=1, max_value=40),
        st.booleans(),
    ),
    max_size=40,
)


def check_chunks(chunks: list[Chunk], blocks: list[Block]) -> None:
    words = {word for block in blocks for word in block.text.split()}
    for chunk in chunks:
        assert chunk.text
        assert set(chunk.text.split()) <= words, "only the document's own words"
        assert chunk.id == expected_id(chunk)
        assert chunk.section in SECTIONS
        assert 1 <= chunk.part <= chunk.parts


@settings(max_examples=400, deadline=None)
@given(blocks=BLOCKS, max_tokens=st.integers(min_value=1, max_value=80))
def test_the_note_chunker_chunks_any_blocks_or_raises_a_structure_error(
    blocks: list[Block], max_tokens: int
) -> None:
    try:
        chunks = chunk_document(Document("nota.md", tuple(blocks)), max_tokens=max_tokens)
    except StructureError:
        return
    check_chunks(chunks, blocks)


@settings(max_examples=300, deadline=None)
@given(blocks=BLOCKS, max_tokens=st.integers(min_value=1, max_value=80))
def test_any_document_is_chunked_or_refused_with_a_structure_error(
    blocks: list[Block], max_tokens: int
) -> None:
    try:
        chunks = chunk_any(Document("faq.md", tuple(blocks)), max_tokens=max_tokens)
    except StructureError:
        return
    check_chunks(chunks, blocks)
