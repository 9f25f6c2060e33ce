"""A FAQ without heading markup is cut at the questions that open its paragraphs, whatever
its format: plain text, a PDF with the questions in the body's style, Markdown in bold."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from indexer.documents import Block, read_document
from indexer.faq_headings import opening_question, with_question_headings
from indexer.generic import chunk_any

FONTS = Path("/usr/share/fonts/truetype/dejavu")
ENTRIES = [
    ("Wanneer is het recyclagepark open?", "Van dinsdag tot zaterdag, van 9 tot 16 uur."),
    ("Wat kost een bezoek?", "De eerste 50 kilo zijn gratis."),
    ("Mag ik asbest brengen?", "Ja, verpakt in folie."),
]


def test_questions_that_open_answered_paragraphs_become_headings() -> None:
    blocks = (
        Block("Hier vindt u antwoorden."),
        Block("PRAKTISCH"),
        Block("Wanneer is het park open? Van dinsdag tot zaterdag.", page=1),
        Block("Vraag: Wat kost een bezoek?", page=2),
        Block("Antwoord: de eerste 50 kilo zijn gratis.", page=2),
    )
    assert with_question_headings(blocks) == (
        Block("Hier vindt u antwoorden."),
        Block("PRAKTISCH", heading=True),  # read as a heading, as in any unmarked document
        Block("Wanneer is het park open?", page=1, heading=True),
        Block("Van dinsdag tot zaterdag.", page=1),
        Block("Wat kost een bezoek?", page=2, heading=True),
        Block("Antwoord: de eerste 50 kilo zijn gratis.", page=2),
    )


def test_a_document_with_question_headings_one_question_or_unanswered_ones_stays() -> None:
    headed = (
        Block("Wat kost het?", heading=True),
        Block("Wie betaalt? De gemeente."),
        Block("Wie beslist? Het college."),
    )
    one = (Block("Wat betekent dat voor de regio? De gemeenten werken samen."), Block("Meer."))
    unanswered = (Block("Wie betaalt?"), Block("Wie beslist?"), Block("Wanneer begint het?"))
    for blocks in (headed, one, unanswered):
        assert with_question_headings(blocks) == blocks


def test_only_a_first_sentence_that_asks_opens_with_a_question() -> None:
    assert opening_question("Wat kost het?\nNiets.") == ("Wat kost het?", "Niets.")
    assert opening_question("Kan ik om 9.30 uur binnen? Ja.") == (
        "Kan ik om 9.30 uur binnen?",
        "Ja.",
    )
    assert opening_question("Ja. Wat denkt u?") is None
    assert opening_question("Een zin zonder vraag.") is None
    assert opening_question("Waarom " + "heel " * 40 + "lang?") is None


def test_a_pdf_faq_with_its_questions_in_the_body_style_is_cut_at_them(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.set_font("DejaVu", "", 9)
    for question, answer in ENTRIES:
        pdf.multi_cell(0, 5, question, new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 5, answer, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    path = tmp_path / "faq-recyclagepark.pdf"
    pdf.output(str(path))
    chunks = chunk_any(read_document(path))
    assert [(c.title, c.text, c.page) for c in chunks] == [(q, a, 1) for q, a in ENTRIES]


def test_a_markdown_faq_with_its_questions_in_bold_is_cut_at_them(tmp_path: Path) -> None:
    path = tmp_path / "faq.md"
    text = "# Recyclagepark\n\n" + "".join(f"**{q}**\n{a}\n\n" for q, a in ENTRIES)
    path.write_text(text, encoding="utf-8")
    chunks = chunk_any(read_document(path))
    assert [(c.title, c.text) for c in chunks] == ENTRIES
