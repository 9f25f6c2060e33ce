"""Chunking any corpus document: the note by its structure, any other file by its headings.

A document that claims the note's structure (a 'Context en uitdagingen' or 'Doorbraak-
projecten' heading, table-of-contents entries) goes through the note's chunker and fails
loudly if that structure is broken. Any other document (a FAQ, a page, a plain text) is cut
at its own headings (Markdown ``#`` if it has any, else upper-case lines that do not end
with a full stop; in a FAQ without markup, the questions that open its paragraphs:
``indexer.faq_headings``) into sections of
``section="document"``, recommendation 0, the heading as title; a long section splits at
paragraphs like the note's do. Every passage keeps the file's exact words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from indexer.chunking import (
    PLAIN_MARK,
    Chunk,
    StructureError,
    TokenCounter,
    chunk_document,
    chunk_id,
    is_plain,
    looks_like_the_note,
    merge_broken_paragraphs,
    split_to_fit,
    word_count,
)
from indexer.documents import Block, Document, is_upper_case_heading
from indexer.faq_headings import with_question_headings


def chunk_any(
    document: Document, token_counter: TokenCounter | None = None, max_tokens: int = 500
) -> list[Chunk]:
    """The note's chunks for a document that looks like the note, generic ones otherwise."""
    if looks_like_the_note(document) and not is_plain(document.source):
        return chunk_document(document, token_counter, max_tokens)
    return chunk_generic(document, token_counter, max_tokens)


def chunk_generic(
    document: Document, token_counter: TokenCounter | None = None, max_tokens: int = 500
) -> list[Chunk]:
    """Sections under the document's own headings, split to fit; StructureError if no text."""
    count = token_counter or word_count
    chunks: list[Chunk] = []
    seen: set[str] = set()
    blocks = with_question_headings(document.blocks, document.title)
    for section in _sections(blocks, document.title):
        title = section.title
        parts = list(split_to_fit(merge_broken_paragraphs(section.blocks), count, max_tokens))
        for number, (text, page) in enumerate(parts, start=1):
            identity = chunk_id(document.source, 0, "document", None, text, title=title)
            if identity in seen:  # the same words under the same heading again: once is enough
                continue
            seen.add(identity)
            chunks.append(
                Chunk(
                    id=identity,
                    document=document.source,
                    recommendation=0,
                    title=title,
                    section="document",
                    item=None,
                    page=page,
                    text=text,
                    part=number,
                    parts=len(parts),
                    document_title=document.title,
                    group=section.group,
                )
            )
    if not chunks:
        raise StructureError(f"{document.source}: only headings, no text to index")
    return chunks


def document_warnings(document: Document) -> list[str]:
    """What staff should know about a document that was read: empty pages, parts left out
    (an e-mail's attachment that cannot be read), the note read as an ordinary document
    because of its name."""
    warnings = [f"{document.source}: {part}" for part in document.left_out]
    if empty := document.pages_without_text():
        warnings.append(
            f"{document.source}: page(s) {', '.join(map(str, empty))} have no text "
            "(images or scanned pages?); they are not in the index"
        )
    if is_plain(document.source) and looks_like_the_note(document):
        warnings.append(
            f"{document.source}: looks like the note but is indexed as an ordinary document "
            "(its name ends in .document): cited by file name and heading, without "
            "recommendation numbers"
        )
    return warnings


def naming_warnings(sources: Iterable[str]) -> list[str]:
    """A warning for each file that its name makes an ordinary document (for the summary)."""
    return [
        f"{source} is indexed as an ordinary document (its name ends in {PLAIN_MARK}), "
        "not as the note"
        for source in sources
        if is_plain(source)
    ]


@dataclass(frozen=True, slots=True)
class _Section:
    title: str
    blocks: list[Block]
    group: str = ""


def _sections(blocks: tuple[Block, ...], document_title: str = "") -> list[_Section]:
    """The sections in order; text before the first heading has heading "". A heading with
    no text of its own ("PRAKTISCH", "## Openingsuren" above questions) is the group of the
    question headings after it, until a heading that is no question has text, and of the
    one heading right under it whatever that asks (a slide's "Rivierenland in één
    oogopslag" above its "12 gemeenten, 1 regio"), so that no heading's words are lost; the
    document's title is none (every passage has it, ``Chunk.document_title``). Text above
    the title (a typeset cover's "IGEMO · Streekintercommunale Rivierenland") opens the
    first section under it."""
    marked = any(block.heading for block in blocks)
    sections: list[_Section] = []
    title, group, current = "", "", list[Block]()
    direct = False
    """Whether ``group`` is the heading right above ``title``."""
    carried: list[Block] = []
    for block in blocks:
        if block.heading if marked else is_upper_case_heading(block.text):
            heading = " ".join(block.text.split())
            if current and not title and not sections and heading == document_title:
                # a line above the title ("IGEMO · Streekintercommunale Rivierenland") goes
                # with the first text under it, not alone as a passage without a heading
                carried, current, title = current, [], heading
                continue
            if current:
                sections.append(_Section(title, carried + current, _grouped(title, group, direct)))
                group = group if title.endswith("?") else ""
                carried, direct = [], False
            elif title and title != document_title:
                group, direct = title, True
            title, current = heading, []
        else:
            current.append(block)
    if current or carried:
        sections.append(_Section(title, carried + current, _grouped(title, group, direct)))
    return sections


def _grouped(title: str, group: str, direct: bool) -> str:
    """The group of a section under ``title``: a question's stays in its group, and so does
    the heading right under the group's; any other heading ends it."""
    return group if title.endswith("?") or direct else ""
