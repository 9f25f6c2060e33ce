"""Reading an e-mail saved as a file (.eml) into blocks with Python's ``email`` package.

Staff save a newsletter or a forwarded mail from their mail program straight into the
corpus. Its subject is its title. Its body is read once, from the HTML part when the mail
has one (a newsletter's headings, lists and tables, ``indexer.web_page``), else from the
plain text, where the "> " that marks a quoted earlier mail is dropped so that its lines
read as the sentences they are. Each attached document that the corpus reads itself (a PDF,
a Word file, a text) follows under its file name, and so does a calendar invitation (.ics):
each event's title, when and where it is, and its description. Pictures and other
attachments are not text.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path, PurePath
from zoneinfo import ZoneInfo

from indexer.documents import Block, DocumentError, tidy

_REPLY_PREFIX = re.compile(
    r"^(?:\s*(?:re|fw|fwd|doorst|tr|aw|wg|antw)\s*(?:\[\d+\])?\s*:)+\s*", re.IGNORECASE
)
"""What a mail program puts before a subject it answers or forwards ("Re:", "Fwd:", "Doorst:",
"TR:"): not the subject's words."""
_QUOTE_MARK = re.compile(r"[ \t]*(?:>[ \t]?)+")
_EARLIER_MAIL = re.compile(
    r"^(?:op|on|le|am)\b.{4,200}\b(?:schreef|wrote|a écrit|schrieb)\b[^\n]{0,80}:$"
    r"|^-{2,}\s*(?:doorgestuurd bericht|oorspronkelijk bericht|forwarded message|original message|"
    r"message transféré|message d'origine)\s*-{2,}$",
    re.IGNORECASE | re.DOTALL,
)
"""The line a mail program puts above a quoted or forwarded mail ("Op wo 2 okt. 2024 om 14:12
schreef Jan Peeters <...>:", "-------- Doorgestuurd bericht --------"): it heads that mail, so
what the earlier mail says is a passage of its own."""
CALENDAR_SUFFIXES = (".ics", ".vcs")
REGION_TIME_ZONE = "Europe/Brussels"
"""The zone an invitation's hours are read in: the region's own."""


def mail_message(path: Path) -> tuple[list[Block], str]:
    """The blocks of a saved e-mail's body and its attachments, and its subject as title."""
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    if not isinstance(message, EmailMessage) or not _has_headers(message):
        raise DocumentError(f"{path.name}: not an e-mail (.eml) that can be read")
    blocks = list(_body(message))
    for attachment in message.iter_attachments():
        blocks.extend(_attachment(attachment, path.name))
    return blocks, _subject(message)


def _has_headers(message: EmailMessage) -> bool:
    return any(message[name] is not None for name in ("From", "Subject", "Date", "Message-ID"))


def _subject(message: EmailMessage) -> str:
    return _REPLY_PREFIX.sub("", " ".join(str(message["Subject"] or "").split()))


def _body(message: EmailMessage) -> Iterator[Block]:
    part = message.get_body(preferencelist=("html", "plain"))
    if not isinstance(part, EmailMessage):
        return
    text = _text(part)
    if part.get_content_subtype() == "html":
        from indexer.web_page import html_blocks

        blocks = html_blocks(text)
    else:
        from indexer.plain_text import text_document

        blocks = text_document(_unquoted(text))[0]
    for block in blocks:
        yield replace(block, heading=True) if _EARLIER_MAIL.match(block.text) else block


def _unquoted(text: str) -> str:
    """A plain text with the "> " marks of quoted lines dropped, and a blank line where a
    quote begins or ends, so that the line above it ("Op ... schreef ...:") stands alone."""
    lines: list[str] = []
    quoted = False
    for line in text.splitlines():
        mark = _QUOTE_MARK.match(line)
        if bool(mark) != quoted and lines:
            lines.append("")
        quoted = bool(mark)
        lines.append(line[mark.end() :] if mark else line)
    return "\n".join(lines)


def _text(part: EmailMessage) -> str:
    """A text part's content; a wrong or unknown charset is read as Latin-1 rather than lost."""
    try:
        return str(part.get_content())
    except (LookupError, UnicodeDecodeError):
        return _payload(part).decode("latin-1")


def _attachment(part: EmailMessage, mail_name: str) -> Iterator[Block]:
    """An attached document's blocks under its file name, or nothing for one that is no text."""
    from indexer.documents import SUPPORTED_SUFFIXES, read_document

    name = PurePath(part.get_filename() or "").name
    suffix = PurePath(name).suffix.lower()
    if part.get_content_type() == "text/calendar" or suffix in CALENDAR_SUFFIXES:
        events = list(_calendar_events(_payload(part)))
        if events:
            yield Block(name or "Uitnodiging", heading=True)
            yield from events
        return
    if suffix not in SUPPORTED_SUFFIXES or suffix == ".eml":
        return
    with tempfile.TemporaryDirectory() as folder:
        saved = Path(folder) / name
        saved.write_bytes(_payload(part))
        try:
            document = read_document(saved)
        except DocumentError as exc:
            raise DocumentError(f"{mail_name}: attachment {exc}") from exc
    yield Block(name, heading=True)
    yield from document.blocks


def _payload(part: EmailMessage) -> bytes:
    """A part's content as the bytes it encodes (a mail attached to a mail has none)."""
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _local(moment: object) -> object:
    """A time with its zone in Belgian time; a day, or a time without a zone, as it is."""
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        return moment.astimezone(ZoneInfo(REGION_TIME_ZONE)).replace(tzinfo=None)
    return moment


def _calendar_events(data: bytes) -> Iterator[Block]:
    """Each event of a calendar file: its title as a heading, then when and where, then its
    description as the invitation writes it."""
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(data)
    except ValueError:
        return
    for event in calendar.walk("VEVENT"):
        if summary := tidy(str(event.get("SUMMARY", ""))):
            yield Block(summary, heading=True)
        when = _when(event.get("DTSTART"), event.get("DTEND"))
        where = tidy(str(event.get("LOCATION", "")))
        if line := " - ".join(part for part in (when, where) if part):
            yield Block(line)
        if description := tidy(str(event.get("DESCRIPTION", ""))):
            yield Block(description)


def _when(start: object, end: object) -> str:
    """An event's day and hours as Belgians write them ("woensdag 12 maart 2025, 19.30 -
    21.30 uur"), in Belgian time: a mail program writes an invitation's hours in UTC
    ("T183000Z" for an evening at 19.30)."""
    from indexer.cell_format import shown

    begin = _local(getattr(start, "dt", None))
    finish = _local(getattr(end, "dt", None))
    if not isinstance(begin, date):
        return ""
    if not isinstance(begin, datetime):
        return shown(begin, "dddd d mmmm yyyy")
    day = shown(begin, "dddd d mmmm yyyy")
    hours = shown(begin, "h.mm")
    if isinstance(finish, datetime) and finish.date() == begin.date():
        hours = f"{hours} - {shown(finish, 'h.mm')}"
    return f"{day}, {hours} uur"
