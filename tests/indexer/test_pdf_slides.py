"""A slide deck exported to PDF (landscape pages, a large title on each slide, a footer with
the deck's name and the slide's number) reads back slide by slide: its title from the file's
properties, a big number under its slide's title, two boxes side by side one after the other,
and a timeline with each date beside what happens on it."""

from __future__ import annotations

from pathlib import Path

from indexer.documents import read_document
from indexer.generic import chunk_any

FONTS = Path("/usr/share/fonts/truetype/dejavu")
WIDTH, HEIGHT = 338.7, 190.5
DECK = "Samen ontharden in Rivierenland"
REASONS = (
    "Regenwater kan weer in de bodem zakken in plaats van in de riool te lopen",
    "Groene pleinen blijven op een hete zomerdag een paar graden koeler",
    "Kinderen spelen liever tussen bomen en struiken dan op asfalt",
    "Een onthard plein vraagt minder herstellingen dan een versleten verharding",
)
STEPS = (
    ("3 februari 2026", "Startmoment met alle schepenen"),
    ("15 maart 2026", "Oproep voor proefprojecten"),
    ("mei 2026", "Keuze van drie pleinen"),
    ("najaar 2027", "Eerste pleinen opgebroken en vergroend"),
)


def _deck(path: Path, *, title: str = DECK) -> None:
    from fpdf import FPDF

    class Deck(FPDF):
        def footer(self) -> None:
            self.set_font("DejaVu", "", 9)
            self.set_xy(15, HEIGHT - 12)
            self.cell(WIDTH - 30, 6, f"{DECK}  |  slide {self.page_no()}", align="R")

    pdf = Deck(orientation="L", format=(HEIGHT, WIDTH))
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(title)

    def slide(heading: str) -> None:
        pdf.add_page()
        pdf.set_font("DejaVu", "B", 28)
        pdf.set_xy(15, 18)
        pdf.cell(WIDTH - 30, 14, heading)

    pdf.add_page()  # the title slide: the deck's title is set smaller than the big number
    pdf.set_font("DejaVu", "B", 40)
    pdf.set_xy(20, 50)
    pdf.cell(WIDTH - 40, 20, DECK, align="C")
    pdf.set_font("DejaVu", "", 18)
    pdf.set_xy(20, 90)
    pdf.cell(WIDTH - 40, 10, "Woensdag 3 februari 2026, 20 uur, stadhuis van Lier", align="C")

    slide("Waarom ontharden?")
    pdf.set_font("DejaVu", "", 17)
    for row, reason in enumerate(REASONS):
        pdf.set_xy(20, 50 + 13 * row)
        pdf.cell(WIDTH - 40, 9, f"\u2022  {reason}")

    slide("De regio in cijfers")
    pdf.set_font("DejaVu", "B", 64)
    pdf.set_xy(15, 60)
    pdf.cell(WIDTH - 30, 36, "40 hectare", align="C")
    pdf.set_font("DejaVu", "", 18)
    pdf.set_xy(15, 110)
    pdf.cell(WIDTH - 30, 10, "verharde pleinen en speelplaatsen in de twaalf gemeenten", align="C")

    slide("Wie doet wat?")
    for x, head, items in (
        (20, "De regio", ("zoekt subsidies", "begeleidt de ontwerpers", "meet de resultaten")),
        (175, "De gemeente", ("kiest een plein", "betrekt de buurt", "onderhoudt het groen")),
    ):
        pdf.set_font("DejaVu", "B", 20)
        pdf.set_xy(x, 50)
        pdf.cell(140, 10, head)
        pdf.set_font("DejaVu", "", 17)
        for row, item in enumerate(items):
            pdf.set_xy(x, 66 + 12 * row)
            pdf.cell(140, 9, f"\u2022  {item}")

    slide("Tijdlijn")
    step = (WIDTH - 40) / len(STEPS)
    for number, (date, what) in enumerate(STEPS):
        left = 20 + number * step
        pdf.set_font("DejaVu", "B", 14)
        pdf.set_xy(left + 2, 60)
        pdf.multi_cell(step - 4, 7, date, align="C")
        pdf.set_font("DejaVu", "", 12)
        pdf.set_xy(left + 8, 90)
        pdf.multi_cell(step - 16, 6.5, what, align="C")
    pdf.output(str(path))


def _chunks(path: Path) -> dict[str, tuple[str, str]]:
    """Per slide's passage title: its group and its text."""
    return {c.title: (c.group, c.text) for c in chunk_any(read_document(path))}


def test_a_decks_title_comes_from_its_properties_when_the_first_slide_shows_it(
    tmp_path: Path,
) -> None:
    """The big number (64 pt) outsizes the title slide's title (40 pt): no line is the
    largest of the whole deck, so the title its properties state names it."""
    path = tmp_path / "presentatie.pdf"
    _deck(path)
    assert read_document(path).title == DECK


def test_a_title_in_the_properties_that_no_slide_shows_names_nothing(tmp_path: Path) -> None:
    path = tmp_path / "presentatie.pdf"
    _deck(path, title="PowerPoint-presentatie")
    assert read_document(path).title == ""


def test_a_big_number_under_its_slides_title_keeps_that_title(tmp_path: Path) -> None:
    """Both lines are headings, the first without text of its own: its words stay with the
    passage under the second, as its group, instead of being dropped."""
    path = tmp_path / "presentatie.pdf"
    _deck(path)
    group, text = _chunks(path)["40 hectare"]
    assert group == "De regio in cijfers"
    assert text == "verharde pleinen en speelplaatsen in de twaalf gemeenten"


def test_two_boxes_side_by_side_read_one_after_the_other(tmp_path: Path) -> None:
    """Each box has four lines: too few for the six a two-column page was taken to need."""
    path = tmp_path / "presentatie.pdf"
    _deck(path)
    chunks = _chunks(path)
    assert (
        chunks["De regio"][1] == "zoekt subsidies\n\nbegeleidt de ontwerpers\n\nmeet de resultaten"
    )
    assert chunks["De gemeente"][1] == "kiest een plein\n\nbetrekt de buurt\n\nonderhoudt het groen"
    assert chunks["De regio"][0] == "Wie doet wat?"


def test_a_timeline_reads_each_date_beside_what_happens_on_it(tmp_path: Path) -> None:
    """Dates and labels are centred in their columns, and the labels wrap: read line by line,
    no date went with its step."""
    path = tmp_path / "presentatie.pdf"
    _deck(path)
    _, text = _chunks(path)["Tijdlijn"]
    assert " - ".join(f"{date}: {what}" for date, what in STEPS) in text.split("\n\n")
