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
        Block("Vraag 2: Wat kost een bezoek?", page=2),
        Block("Antwoord: de eerste 50 kilo zijn gratis.", page=2),
        Block("3. Kan ik mijn afspraak verzetten?", page=2),
        Block("Bent u ziek of verhinderd? Bel ons.", page=2),  # an answer, though it asks
    )
    assert with_question_headings(blocks) == (
        Block("Hier vindt u antwoorden."),
        Block("PRAKTISCH", heading=True),  # read as a heading, as in any unmarked document
        Block("Wanneer is het park open?", page=1, heading=True),
        Block("Van dinsdag tot zaterdag.", page=1),
        Block("Wat kost een bezoek?", page=2, heading=True),
        Block("Antwoord: de eerste 50 kilo zijn gratis.", page=2),
        Block("Kan ik mijn afspraak verzetten?", page=2, heading=True),
        Block("Bent u ziek of verhinderd? Bel ons.", page=2),
    )


def test_a_document_with_question_headings_two_questions_or_unanswered_ones_stays() -> None:
    headed = (
        Block("Wat kost het?", heading=True),
        Block("Wie betaalt de kosten? De gemeente."),
        Block("Wie beslist er? Het college."),
        Block("Wie voert het uit? De regio."),
    )
    two = (Block("Wie betaalt de kosten? De gemeente."), Block("Wie beslist er? Het college."))
    unanswered = (Block("Wie betaalt?"), Block("Wie beslist?"), Block("Wanneer begint het?"))
    for blocks in (headed, two, unanswered):
        assert with_question_headings(blocks) == blocks


def test_a_newsletters_teasers_are_no_faq() -> None:
    """The review: "Is dat duur? Niet noodzakelijk." and "Hoe verder?" became headings, and
    then example questions answered from a newsletter in the middle of a conversation."""
    teasers = (
        Block("Is dat duur? Niet noodzakelijk, zegt de schepen."),
        Block("Hoe verder? In 2024 volgt een tweede fase."),
        Block("Wist je dat? De tuin telt 40 soorten."),
        Block("Meer weten? Kom naar de infoavond."),
    )
    assert with_question_headings(teasers) == teasers
    prose = tuple(Block(f"Alinea {n} over de werking van de dienst.") for n in range(13))
    asked = tuple(Block(f"Wie kan er lid worden van {n}? Iedereen.") for n in "abc")
    assert with_question_headings(prose + asked) == prose + asked  # 3 questions in 16


def test_only_a_first_sentence_that_asks_opens_with_a_question() -> None:
    assert opening_question("Wat kost het?\nNiets.") == ("Wat kost het?", "Niets.")
    at_half_past_nine = "Kan ik om 9.30 uur binnen?"
    assert opening_question(f"{at_half_past_nine} Ja.") == (at_half_past_nine, "Ja.")
    assert opening_question("Ja. Wat denkt u?") is None
    assert opening_question("Een zin zonder vraag.") is None
    assert opening_question("Waarom " + "heel " * 40 + "lang?") is None
    assert opening_question('"Waarom ik?" vroeg Marie zich af.') is None
    wrapped = "Kan ik een premie krijgen voor het afkoppelen van de\nriolering van mijn huis?"
    assert opening_question(f"{wrapped}\nJa.") == (wrapped, "Ja.")
    abbreviated = "Welke documenten (bv. een oude reispas) moet ik meebrengen?"
    assert opening_question(f"{abbreviated} Uw identiteitskaart.") is not None


def test_a_question_of_its_own_may_say_what_it_is_about_first() -> None:
    """Trial 53: "7. Mijn kind heeft een beperking of extra zorgnood. Kan het naar de
    kinderopvang?" stood in bold above its answer, and the entry was quoted under the one
    before it."""
    asked = "7. Mijn kind heeft een beperking. Kan het naar de kinderopvang?"
    assert opening_question(asked) == (asked, "")
    assert opening_question("3. Dat klinkt goed. Is dat duur?") is None  # a teaser still
    assert opening_question("De tuin telt 40 soorten. Wist je dat nog niet? Echt.") is None
    blocks = (*(Block(f"{q} {a}") for q, a in ENTRIES), Block(asked), Block("Zeker."))
    headings = [b.text for b in with_question_headings(blocks) if b.heading]
    assert headings == [*(q for q, _ in ENTRIES), asked.removeprefix("7. ")]


def test_a_numbered_question_with_a_lead_in_may_have_its_answer_on_the_next_line() -> None:
    """Trial 54: a web page pasted as text had "7. Ik ben eigenaar-verhuurder. Wat kunnen
    jullie voor mij doen?" on the line above its answer, and the entry was quoted as the
    tenants' one before it."""
    asked = "7. Ik ben eigenaar-verhuurder. Wat kunnen jullie voor mij doen?"
    answer = "Als verhuurder kan je een energiescan laten uitvoeren."
    assert opening_question(f"{asked}\n{answer}") == (asked, answer)
    assert opening_question(f"{asked} {answer}") is None  # prose goes on after it
    assert opening_question("4. Het park telt 40 soorten.\nWist je dat?\nEcht.") is None
    blocks = (*(Block(f"{q}\n{a}") for q, a in ENTRIES), Block(f"{asked}\n{answer}"))
    cut = with_question_headings(blocks)
    assert [b.text for b in cut if b.heading][-1] == asked.removeprefix("7. ")
    assert cut[-1] == Block(answer)


def test_an_unnumbered_paragraph_that_ends_asking_opens_no_entry() -> None:
    """The review: a newsletter's "Het aantal vrijwilligers groeit. Wil jij ons team komen
    versterken?" became a heading over the next article, and an answer that ends asking
    ("... Wil je de juiste data kennen?") took its question's place."""
    assert opening_question("Het aantal vrijwilligers groeit. Wil jij ons team versterken?") is None
    lone = [Block(text) for entry in ENTRIES for text in entry]
    asking = Block("Het restafval gaat om de twee weken mee. Wil je de juiste data kennen?")
    blocks = (Block("Wanneer wordt mijn restafval opgehaald?"), asking, Block("Zie de app."), *lone)
    headings = [b.text for b in with_question_headings(blocks) if b.heading]
    assert headings == ["Wanneer wordt mijn restafval opgehaald?", *(q for q, _ in ENTRIES)]


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


def test_a_heading_above_questions_is_their_group_and_is_embedded_with_them(
    tmp_path: Path,
) -> None:
    """The review: "ASVERSTROOIING EN URNEN" had no text of its own once its questions were
    headings, so it was dropped, and "asverstrooiing" stood nowhere else."""
    text = "Dienst Begraafplaatsen\n\nASVERSTROOIING EN URNEN\n\n"
    text += "".join(f"{q}\n{a}\n\n" for q, a in ENTRIES) + "CONTACT\n\nBel ons.\n"
    path = tmp_path / "faq.txt"
    path.write_text(text, encoding="utf-8")
    chunks = chunk_any(read_document(path))
    assert [(c.group, c.title) for c in chunks] == [
        *(("ASVERSTROOIING EN URNEN", q) for q, _ in ENTRIES),
        ("", "CONTACT"),  # a heading with text of its own ends the group
    ]
    first = chunks[0]
    assert first.embedding_text.startswith(f"ASVERSTROOIING EN URNEN · {ENTRIES[0][0]}: ")
    assert "ASVERSTROOIING" not in first.text  # quoted as it stands under its question


class _ExportedFaq(FPDF):
    """A FAQ as a word processor exports it: a small running header at the top margin,
    below the band a page's margin usually is, and a page number in the footer."""

    def header(self) -> None:
        self.set_font("DejaVu", "", 7)
        self.cell(0, 5, "Recyclagepark Rivierenland \u2013 versie januari 2025")
        self.ln(12)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("DejaVu", "", 7)
        self.cell(0, 8, f"Pagina {self.page_no()}", align="C")


def test_an_exported_faqs_running_header_is_no_text_of_its_entries(tmp_path: Path) -> None:
    """Trial 53: a header set at a 20 mm top margin (8 % of the page) was read as text, at
    the end of each page's last entry and as a passage of its own."""
    pdf = _ExportedFaq()
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.set_margins(25, 20, 25)
    for question, answer in ENTRIES:
        pdf.add_page()
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 5, question, new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 5, answer, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "faq-recyclagepark.pdf"
    pdf.output(str(path))
    chunks = chunk_any(read_document(path))
    assert [(c.title, c.text, c.page) for c in chunks] == [
        (q, a, page) for page, (q, a) in enumerate(ENTRIES, start=1)
    ]


def test_a_small_last_line_of_each_pages_own_is_kept(tmp_path: Path) -> None:
    """The review: each desk's page ended with its phone number in small print at the same
    height; read as a running footer (numbers aside), both numbers were dropped."""
    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    phones = ("Tel. 015 12 34 56", "Tel. 03 480 11 22")
    for phone, (question, answer) in zip(phones, ENTRIES, strict=False):
        pdf.add_page()
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 5, question, new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 5, answer, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-45)
        pdf.set_font("DejaVu", "", 7)
        pdf.cell(0, 5, phone)
    path = tmp_path / "loketten.pdf"
    pdf.output(str(path))
    texts = [block.text for block in read_document(path).blocks]
    assert all(phone in texts for phone in phones)
