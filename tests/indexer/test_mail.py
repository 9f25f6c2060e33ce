"""An e-mail saved into the corpus (.eml) reads as its subject, its body once (the HTML part
of a newsletter, or the plain text with a quoted earlier mail's "> " dropped) and the
attachments the corpus can read: a calendar invitation, a text."""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import pytest

from indexer.documents import DocumentError, read_document, unread_documents
from indexer.generic import chunk_any, document_warnings

SUBJECT = "Fwd: Alles Vloeit in Nijlen \u2013 nieuwsbrief maart"
HTML = """<!DOCTYPE html><html><head><style>td {{ padding: 8px }}</style></head><body>
<div style="display:none;max-height:0;mso-hide:all">Ontharding, premies en een infoavond.</div>
<table role="presentation" width="100%"><tr><td>
  <p><a href="https://nijlen.be/nieuwsbrief">Lees dit bericht in je browser</a></p>
  <img src="cid:logo@nijlen" alt="">
</td></tr><tr><td>
  <h1>Alles Vloeit in Nijlen</h1>
  <table width="100%"><tr>
    <td><h2>Ontharding in de Kerkstraat</h2>
        <p>In de <b>Kerkstraat</b> breken we 400 m² asfalt op.</p>
        <p>De werken starten op 2 juni 2025.</p></td>
    <td><h2>Premie voor een regenput</h2>
        <ul><li>50% van de factuur</li><li>maximaal € 750</li></ul></td>
  </tr></table>
  <p>Met vriendelijke groeten,<br>An Peeters<br>Duurzaamheidsambtenaar<br>03 410 02 11</p>
</td></tr></table></body></html>"""
PLAIN = """Alles Vloeit in Nijlen

Ontharding in de Kerkstraat
In de Kerkstraat breken we 400 m² asfalt op.
"""
# a mail program writes the hours in UTC: 18.30 UTC is 19.30 in Belgium in March
CALENDAR = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Gemeente Nijlen//NL\r
BEGIN:VEVENT\r
UID:infoavond-1@nijlen.be\r
DTSTAMP:20250301T090000Z\r
DTSTART:20250312T183000Z\r
DTEND:20250312T203000Z\r
SUMMARY:Infoavond ontharding\r
LOCATION:Zaal De Kern\\, Kerkplein 1\\, Nijlen\r
DESCRIPTION:Breng je plannen mee.\\nInschrijven is niet nodig.\r
END:VEVENT\r
END:VCALENDAR\r
"""


def _texts(path: Path) -> list[tuple[str, bool]]:
    return [(block.text, block.heading) for block in read_document(path).blocks]


def _newsletter(tmp_path: Path) -> Path:
    mail = EmailMessage()
    mail["From"] = "Gemeente Nijlen <nieuwsbrief@nijlen.be>"
    mail["To"] = "an.peeters@nijlen.be"
    mail["Subject"] = SUBJECT
    mail["Date"] = "Mon, 03 Mar 2025 09:12:00 +0100"
    mail.set_content(PLAIN, cte="quoted-printable")
    mail.add_alternative(HTML, subtype="html", cte="base64")
    mail.add_attachment(CALENDAR, maintype="text", subtype="calendar", filename="infoavond.ics")
    mail.add_attachment(
        b"Pilootstraten: Kerkstraat, Molenweg.\n",
        maintype="text",
        subtype="plain",
        filename="pilootstraten.txt",
    )
    mail.add_attachment(b"\x89PNG\r\n", maintype="image", subtype="png", filename="logo.png")
    path = tmp_path / "nieuwsbrief.eml"
    path.write_bytes(mail.as_bytes())
    return path


def test_a_newsletter_reads_as_its_subject_and_its_html_body_once(tmp_path: Path) -> None:
    document = read_document(_newsletter(tmp_path))
    assert document.title == "Alles Vloeit in Nijlen \u2013 nieuwsbrief maart"
    texts = [block.text for block in document.blocks]
    assert texts[:9] == [
        "Lees dit bericht in je browser",
        "Alles Vloeit in Nijlen",
        "Ontharding in de Kerkstraat",
        "In de Kerkstraat breken we 400 m² asfalt op.",
        "De werken starten op 2 juni 2025.",
        "Premie voor een regenput",
        "50% van de factuur",
        "maximaal € 750",
        "Met vriendelijke groeten,\nAn Peeters\nDuurzaamheidsambtenaar\n03 410 02 11",
    ]
    assert texts.count("In de Kerkstraat breken we 400 m² asfalt op.") == 1  # not the plain part
    assert not any("Ontharding, premies" in text for text in texts)  # the hidden preview line
    headings = [block.text for block in document.blocks if block.heading]
    assert "Ontharding in de Kerkstraat" in headings
    assert "Premie voor een regenput" in headings


def test_an_invitation_and_a_text_attached_follow_under_their_names(tmp_path: Path) -> None:
    texts = _texts(_newsletter(tmp_path))
    start = texts.index(("infoavond.ics", True))
    assert texts[start:] == [
        ("infoavond.ics", True),
        ("Infoavond ontharding", True),
        ("woensdag 12 maart 2025, 19.30 - 21.30 uur - Zaal De Kern, Kerkplein 1, Nijlen", False),
        ("Breng je plannen mee.\nInschrijven is niet nodig.", False),
        ("pilootstraten.txt", True),
        ("Pilootstraten: Kerkstraat, Molenweg.", False),
    ]


def test_a_plain_mail_reads_a_quoted_earlier_mail_without_its_marks(tmp_path: Path) -> None:
    mail = EmailMessage()
    mail["From"] = "Jan Claes <jan.claes@willebroek.be>"
    mail["Subject"] = "RE: opvolging Alles Vloeit"
    mail.set_content(
        "Dag An,\n\nDe infoavond gaat door in het Breevenhuis.\n\n"
        "Op 3 maart 2025 schreef An Peeters:\n"
        "> Wie trekt het project rond de Vaart?\n"
        "> Volgens mij is dat de dienst omgeving,\n"
        "> samen met De Vlaamse Waterweg.\n"
    )
    path = tmp_path / "antwoord.eml"
    path.write_bytes(mail.as_bytes())
    document = read_document(path)
    assert document.title == "opvolging Alles Vloeit"
    texts = [block.text for block in document.blocks]
    assert not any(">" in text for text in texts)
    joined = " ".join(" ".join(texts).split())
    assert "Volgens mij is dat de dienst omgeving, samen met De Vlaamse Waterweg." in joined
    # the line above the quoted mail heads it: what the earlier mail says is its own passage
    (quoted,) = [c for c in chunk_any(document) if c.title.startswith("Op 3 maart 2025")]
    assert quoted.text.startswith("Wie trekt het project rond de Vaart?")
    assert "Breevenhuis" not in quoted.text


def test_a_newsletter_is_chunked_by_its_headings(tmp_path: Path) -> None:
    chunks = chunk_any(read_document(_newsletter(tmp_path)))
    by_heading = {chunk.title: chunk.text for chunk in chunks}
    assert "maximaal € 750" in by_heading["Premie voor een regenput"]
    assert "Zaal De Kern" in by_heading["Infoavond ontharding"]


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"%PDF-1.4\x00\x01", r"kapot\.eml: not an e-mail"),
        (b"From: a@b.be\nSubject: leeg\n\n", r"kapot\.eml: no extractable text"),
    ],
)
def test_a_file_that_is_no_mail_or_has_no_text_is_refused_by_name(
    tmp_path: Path, content: bytes, error: str
) -> None:
    (tmp_path / "kapot.eml").write_bytes(content)
    with pytest.raises(DocumentError, match=error):
        read_document(tmp_path / "kapot.eml")


def test_an_outlook_message_file_is_named_as_not_read(tmp_path: Path) -> None:
    (tmp_path / "nieuwsbrief.msg").write_bytes(b"\xd0\xcf\x11\xe0")
    (warning,) = unread_documents(tmp_path)
    assert warning.startswith("nieuwsbrief.msg is not read")
    assert "an e-mail (.eml)" in warning


def _mail(tmp_path: Path, build: Callable[[EmailMessage], None], name: str = "m.eml") -> Path:
    mail = EmailMessage()
    mail["From"] = "Gemeente Nijlen <info@nijlen.be>"
    mail["Subject"] = "Nieuwsbrief"
    build(mail)
    path = tmp_path / name
    path.write_bytes(mail.as_bytes())
    return path


def test_an_attachment_that_cannot_be_read_is_left_out_and_named(tmp_path: Path) -> None:
    """Staff cannot mend a file inside a mail: a scanned PDF attached is named in the build's
    warnings, and the mail is read without it (the build stopped on it)."""

    def build(mail: EmailMessage) -> None:
        mail.set_content("De infoavond is op 19 november in zaal Het Kloosterhof.")
        mail.add_attachment(
            b"%PDF-1.4\x00", maintype="application", subtype="pdf", filename="scan.pdf"
        )
        mail.add_attachment(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Infoavond\r\n"
                            b"DTSTART:notadate\r\nLOCATION:Kloosterhof\r\nEND:VEVENT\r\n"
                            b"END:VCALENDAR\r\n", maintype="text", subtype="calendar",
                            filename="uitnodiging.ics")  # fmt: skip

    document = read_document(_mail(tmp_path, build))
    assert [block.text for block in document.blocks] == [
        "De infoavond is op 19 november in zaal Het Kloosterhof.",
        "uitnodiging.ics",
        "Infoavond",
        "Kloosterhof",  # the date icalendar cannot read is left out, the place stays
    ]
    (warning,) = document_warnings(document)
    assert warning.startswith("m.eml: attachment scan.pdf: ") and "left out" in warning
    assert str(tmp_path) not in warning and "/tmp" not in warning


def test_a_body_without_its_charset_or_with_only_pictures_in_html_is_still_read(
    tmp_path: Path,
) -> None:
    def unnamed(mail: EmailMessage) -> None:  # UTF-8 bytes, no charset named
        mail.set_content(b"Financi\xc3\xabn: \xe2\x82\xac 750", maintype="text", subtype="plain")

    assert [b.text for b in read_document(_mail(tmp_path, unnamed)).blocks] == ["Financiën: € 750"]
    assert "charset" not in _mail(tmp_path, unnamed).read_text(encoding="latin-1")

    def pictures(mail: EmailMessage) -> None:
        mail.set_content("De premie is 25 euro per vierkante meter.")
        mail.add_alternative('<html><body><img src="cid:banner"></body></html>', subtype="html")

    texts = [b.text for b in read_document(_mail(tmp_path, pictures, "p.eml")).blocks]
    assert texts == ["De premie is 25 euro per vierkante meter."]


def test_a_quoted_mail_right_under_a_signature_is_still_headed(tmp_path: Path) -> None:
    text = "Groeten,\nJan\nOp 3 maart 2025 schreef An Peeters:\n> Wanneer is de infoavond?\n"
    document = read_document(_mail(tmp_path, lambda m: m.set_content(text)))
    assert ("Op 3 maart 2025 schreef An Peeters:", True) in [
        (block.text, block.heading) for block in document.blocks
    ]


def test_an_event_of_several_days_says_when_it_ends(tmp_path: Path) -> None:
    days = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Week van de ontharding\r\n"
        b"DTSTART;VALUE=DATE:20250312\r\nDTEND;VALUE=DATE:20250315\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nSUMMARY:Werfbezoek\r\nDTSTART:20250312T080000Z\r\n"
        b"DTEND:20250314T160000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )

    def build(mail: EmailMessage) -> None:
        mail.set_content("Zie de uitnodiging.")
        mail.add_attachment(days, maintype="text", subtype="calendar", filename="week.ics")

    texts = [b.text for b in read_document(_mail(tmp_path, build)).blocks]
    assert "woensdag 12 maart 2025 tot vrijdag 14 maart 2025" in texts
    assert "woensdag 12 maart 2025, 9.00 uur tot vrijdag 14 maart 2025, 17.00 uur" in texts


def test_an_invitation_sent_in_the_body_is_read_once(tmp_path: Path) -> None:
    """Outlook sends an invitation as one of the body's alternatives, beside its text: no
    attachment, so it was not read."""

    def invitation(mail: EmailMessage) -> None:
        mail.set_content("Je bent uitgenodigd voor de infoavond.")
        mail.add_alternative("<p>Je bent uitgenodigd voor de infoavond.</p>", subtype="html")
        mail.add_alternative(CALENDAR, maintype="text", subtype="calendar")

    texts = [b.text for b in read_document(_mail(tmp_path, invitation)).blocks]
    assert texts == [
        "Je bent uitgenodigd voor de infoavond.",
        "Infoavond ontharding",
        "woensdag 12 maart 2025, 19.30 - 21.30 uur - Zaal De Kern, Kerkplein 1, Nijlen",
        "Breng je plannen mee.\nInschrijven is niet nodig.",
    ]


def test_a_mail_forwarded_as_an_attachment_is_read_under_its_subject(tmp_path: Path) -> None:
    inner = EmailMessage()
    inner["From"] = "Jan Claes <jan.claes@willebroek.be>"
    inner["Subject"] = "Aandeel in de onthardingsmakelaar"
    inner.set_content("Ons aandeel bedraagt 8.500 euro per jaar.")
    inner.add_attachment(CALENDAR, maintype="text", subtype="calendar", filename="overleg.ics")

    def forwarded(mail: EmailMessage) -> None:
        mail.set_content("Zie de mail van Jan in bijlage.")
        mail.add_attachment(inner)

    texts = [(b.text, b.heading) for b in read_document(_mail(tmp_path, forwarded)).blocks]
    assert texts[:4] == [
        ("Zie de mail van Jan in bijlage.", False),
        ("Aandeel in de onthardingsmakelaar", True),
        ("Ons aandeel bedraagt 8.500 euro per jaar.", False),
        ("overleg.ics", True),
    ]
    assert [text for text, _ in texts].count("Infoavond ontharding") == 1
