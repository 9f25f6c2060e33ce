"""A web page saved from a municipality's site reads as its own content: headings, an
accordion's questions with their answers, lists and tables; the site's menu, cookie banner,
sidebar and footer stay out."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from indexer.documents import DocumentError, read_document
from indexer.generic import chunk_any

QUESTION = "Hoeveel bedraagt de premie voor een regenput?"
SITE = """<!DOCTYPE html>
<!-- saved from url=(0036)https://www.nijlen.be/alles-vloeit -->
<html lang="nl"><head><meta charset="utf-8">
<title>Alles Vloeit in Nijlen | Gemeente Nijlen</title>
<style>body {{ font-family: sans-serif }}</style>
<script>window.dataLayer = []; gtag("config", "G-123");</script>
</head><body>
<div id="cookie-banner"><p>Deze website gebruikt cookies.</p><button>Alles aanvaarden</button></div>
<a class="skip-link" href="#inhoud">Naar de inhoud</a>
<header><div class="logo">Gemeente Nijlen</div>
<nav><ul><li><a href="/wonen">Wonen</a></li><li><a href="/bestuur">Bestuur</a></li></ul></nav>
<form role="search"><input name="q"><button>Zoeken</button></form></header>
{content}
<aside><h2>Gerelateerde pagina's</h2><ul><li><a href="/premies">Premies</a></li></ul></aside>
<footer><address>Gemeentehuis, Kerkplein 1, 2560 Nijlen</address>
<p>Privacy | Cookies | Toegankelijkheid</p></footer>
</body></html>
"""
CONTENT = f"""<main id="inhoud">
<nav class="breadcrumbs"><ol><li><a href="/">Home</a></li><li>Alles Vloeit</li></ol></nav>
<h1>Alles Vloeit in Nijlen</h1>
<p class="lead">De regio schreef een inspiratienota.
Hier&nbsp;lees je wat onze gemeente ermee doet.</p>
<h2>Ontharding</h2>
<p>In de <strong>Kerkstraat</strong> breken we in 2026 400 m&sup2; asfalt op.<br>
Mail <a href="mailto:omgeving@nijlen.be">omgeving@nijlen.be</a><span class="sr-only">
(opent in een nieuw venster)</span></p>
<h2>Veelgestelde vragen</h2>
<details><summary>{QUESTION}</summary><p>De premie is 250 euro.</p></details>
<h3><button aria-expanded="false" aria-controls="infoavond">Wanneer is de infoavond?</button></h3>
<div id="infoavond" hidden><p>Op dinsdag 3 maart 2026 om 19.30 uur in zaal De Kern.</p></div>
<dl><dt>Heb ik een vergunning nodig?</dt><dd>Nee, niet voor een regenput.</dd></dl>
<h2>Zo vraag je de premie aan</h2>
<ol><li>Log in op het e-loket.</li>
<li>Vul het formulier in.<ul><li>met foto's van de werken</li></ul></li>
<li>Wacht op de beslissing.</li></ol>
<table><thead><tr><th>Dienst</th><th>Telefoon</th><th>Openingsuren</th></tr></thead>
<tbody><tr><td>Omgeving</td><td>03 410 02 11</td><td>ma-vr 9-12 uur</td></tr></tbody></table>
<div class="text">Tekst in een div <div>met een blok erin</div> en weer tekst.</div>
<p>Laatst aangepast op 12 januari 2026</p>
<div class="share-buttons"><a href="#">Deel op Facebook</a></div>
</main>"""


def _page(path: Path, content: str = CONTENT) -> Path:
    path.write_text(SITE.format(content=content), encoding="utf-8")
    return path


def _read(path: Path) -> list[tuple[str, bool, bool]]:
    return [(block.text, block.heading, block.listed) for block in read_document(path).blocks]


def test_a_saved_page_reads_its_own_content_by_its_markup(tmp_path: Path) -> None:
    page = _page(tmp_path / "pagina.html")
    blocks = _read(page)
    assert read_document(page).title == "Alles Vloeit in Nijlen"
    assert blocks[:2] == [
        ("Alles Vloeit in Nijlen", True, False),
        (
            "De regio schreef een inspiratienota. Hier lees je wat onze gemeente ermee doet.",
            *[False] * 2,
        ),
    ]
    assert (
        "In de Kerkstraat breken we in 2026 400 m² asfalt op.\nMail omgeving@nijlen.be",
        False,
        False,
    ) in blocks
    # an accordion's questions head their answers, also a collapsed one
    for question, answer in [
        (QUESTION, "De premie is 250 euro."),
        ("Wanneer is de infoavond?", "Op dinsdag 3 maart 2026 om 19.30 uur in zaal De Kern."),
        ("Heb ik een vergunning nodig?", "Nee, niet voor een regenput."),
    ]:
        at = blocks.index((question, True, False))
        assert blocks[at + 1] == (answer, False, False)
    assert [text for text, _, listed in blocks if listed] == [
        "1. Log in op het e-loket.",
        "2. Vul het formulier in.",
        "met foto's van de werken",
        "3. Wacht op de beslissing.",
        "Dienst Telefoon Openingsuren",
        "Omgeving - Telefoon: 03 410 02 11 - Openingsuren: ma-vr 9-12 uur",
    ]
    assert blocks[-4:] == [
        ("Tekst in een div", False, False),
        ("met een blok erin", False, False),
        ("en weer tekst.", False, False),
        ("Laatst aangepast op 12 januari 2026", False, False),
    ]
    text = " ".join(text for text, _, _ in blocks)
    for site_furniture in (
        "cookies",
        "Naar de inhoud",
        "Wonen",
        "Zoeken",
        "Home",
        "dataLayer",
        "font-family",
        "nieuw venster",
        "Facebook",
        "Gerelateerde",
        "Kerkplein",
        "Privacy",
    ):
        assert site_furniture not in text


def test_each_question_of_a_saved_page_is_a_passage_of_its_own(tmp_path: Path) -> None:
    document = read_document(_page(tmp_path / "pagina.html"))
    chunks = chunk_any(document, lambda text: len(text.split()), 400)
    by_title = {chunk.title: chunk.text for chunk in chunks}
    assert by_title[QUESTION] == "De premie is 250 euro."
    assert "3 maart 2026" in by_title["Wanneer is de infoavond?"]
    assert "2. Vul het formulier in." in by_title["Zo vraag je de premie aan"]
    assert {chunk.document_title for chunk in chunks} == {"Alles Vloeit in Nijlen"}


def test_a_page_without_main_is_read_without_the_sites_header_menu_and_footer(
    tmp_path: Path,
) -> None:
    content = '<div class="page"><h2>Ontharding</h2><p>De Kerkstraat wordt groen.</p></div>'
    blocks = _read(_page(tmp_path / "pagina.html", content))
    assert blocks == [("Ontharding", True, False), ("De Kerkstraat wordt groen.", False, False)]


def test_a_page_wrapped_in_one_form_is_read_without_its_other_forms(tmp_path: Path) -> None:
    """An ASP.NET site wraps the whole page in a form; a search box or a sign-up form in it
    is still no text of the page."""
    content = (
        '<form id="aspnetForm"><input type="hidden" name="__VIEWSTATE" value="x">'
        "<main><h2>Ontharding</h2><p>De Kerkstraat wordt groen.</p>"
        '<form action="/nieuwsbrief"><label>Uw e-mailadres</label><button>Inschrijven</button>'
        "</form></main></form>"
    )
    blocks = _read(_page(tmp_path / "pagina.html", content))
    assert blocks == [("Ontharding", True, False), ("De Kerkstraat wordt groen.", False, False)]


def test_a_pages_one_article_is_read_with_its_own_header_and_footer(tmp_path: Path) -> None:
    content = (
        "<article><header><h1>Nieuws: infoavond</h1></header><p>Op 3 maart.</p>"
        "<footer><p>Gepubliceerd op 1 februari 2026</p></footer></article>"
    )
    page = _page(tmp_path / "nieuws.htm", content)
    assert _read(page) == [
        ("Nieuws: infoavond", True, False),
        ("Op 3 maart.", False, False),
        ("Gepubliceerd op 1 februari 2026", False, False),
    ]
    assert read_document(page).title == "Nieuws: infoavond"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Alles Vloeit in Nijlen | Gemeente Nijlen", "Alles Vloeit in Nijlen"),
        ("Alles Vloeit in Lier - Stad Lier", "Alles Vloeit in Lier"),
        (
            "Alles Vloeit \u2013 wat betekent het voor ons",
            "Alles Vloeit \u2013 wat betekent het voor ons",
        ),
    ],
)
def test_a_page_without_a_heading_on_top_takes_its_title_without_the_sites_name(
    tmp_path: Path, title: str, expected: str
) -> None:
    page = tmp_path / "pagina.html"
    page.write_text(f"<title>{title}</title><main><p>Tekst.</p></main>", encoding="utf-8")
    assert read_document(page).title == expected


def test_a_page_is_read_in_the_charset_it_declares(tmp_path: Path) -> None:
    page = tmp_path / "oud.html"
    html = (
        '<html><head><meta charset="windows-1252"></head>'
        "<body><p>Café één \u2013 ok</p></body></html>"
    )
    page.write_bytes(html.encode("windows-1252"))
    assert _read(page) == [("Café één \u2013 ok", False, False)]


def test_a_page_laid_out_in_tables_reads_the_blocks_in_its_cells(tmp_path: Path) -> None:
    content = """<main><table><tr>
    <td><h2>Ontharding</h2><p>We breken 400 m² asfalt op.</p></td>
    <td><h2>Premies</h2><ul><li>maximaal € 750</li></ul></td></tr></table>
    <table role="presentation"><tr><td>Contact</td><td>03 410 02 11</td></tr></table>
    <table><tr><td>Omgeving</td><td><p>03 410 02 11</p></td></tr></table></main>"""
    assert _read(_page(tmp_path / "pagina.html", content)) == [
        ("Ontharding", True, False),
        ("We breken 400 m² asfalt op.", False, False),
        ("Premies", True, False),
        ("maximaal € 750", False, True),
        ("Contact", False, False),
        ("03 410 02 11", False, False),
        ("Omgeving 03 410 02 11", False, True),  # a data table: a row is a line
    ]


def test_a_data_table_with_paragraphs_in_its_cells_keeps_its_rows(tmp_path: Path) -> None:
    """A CMS puts paragraphs and lists in a data table's cells; a layout table may hold a
    data table with header cells of its own."""
    content = """<main><table><tr><td><p>Regenput</p><p>nieuw</p></td>
    <td><ul><li>€ 750</li></ul></td></tr></table>
    <table><tr><td><h2>Premies</h2><table><tr><th>Premie</th><th>Maximum</th></tr>
    <tr><td>Regenput</td><td>€ 750</td></tr></table></td></tr></table></main>"""
    assert _read(_page(tmp_path / "pagina.html", content)) == [
        ("Regenput nieuw € 750", False, True),
        ("Premies", True, False),
        ("Premie Maximum", False, True),
        ("Regenput - Maximum: € 750", False, True),
    ]


def test_a_page_saved_as_one_web_archive_file_is_read_from_its_html(tmp_path: Path) -> None:
    archive = EmailMessage()
    archive["Subject"] = "Alles Vloeit in Nijlen"
    archive.set_content(SITE.format(content=CONTENT), subtype="html", cte="quoted-printable")
    archive.add_attachment(b"\x89PNG...", maintype="image", subtype="png", filename="logo.png")
    page = tmp_path / "pagina.mhtml"
    page.write_bytes(archive.as_bytes())
    assert _read(page) == _read(_page(tmp_path / "pagina.html"))


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("kapot.html", b"%PDF-1.4\x00\x01\x02", r"kapot\.html: not a web page"),
        ("leeg.html", b"<html><body><nav>Menu</nav></body></html>", r"leeg\.html: no extractable"),
        ("kapot.mht", b"From: nobody\n\njust text", r"kapot\.mht: not a web archive"),
    ],
)
def test_a_page_without_text_of_its_own_is_refused_by_name(
    tmp_path: Path, name: str, content: bytes, error: str
) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(DocumentError, match=error):
        read_document(tmp_path / name)
