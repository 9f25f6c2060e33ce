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
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
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


@dataclass(frozen=True, slots=True)
class MailReading:
    """A saved e-mail read: its blocks, its subject, and the attachments left out with why."""

    blocks: list[Block]
    title: str
    left_out: list[str]


def mail_message(path: Path) -> MailReading:
    """The blocks of a saved e-mail's body and its attachments, and its subject as title. An
    attachment that cannot be read (a scan, a broken file) is left out and named, and the
    mail is read without it: staff cannot mend a file inside a mail."""
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    if not isinstance(message, EmailMessage) or not _has_headers(message):
        raise DocumentError(f"{path.name}: not an e-mail (.eml) that can be read")
    left_out: list[str] = []
    blocks = list(_message(message, left_out, depth=0))
    return MailReading(blocks, _subject(message), left_out)


MAX_FORWARDED = 3
"""How deep mails attached to mails are read ("doorsturen als bijlage"): no real mail nests
deeper, and a crafted one must not recurse without end."""


def _message(message: EmailMessage, left_out: list[str], *, depth: int) -> Iterator[Block]:
    """A mail's body, an invitation sent in its body (Outlook puts it beside the text among
    the body's alternatives), then its attachments: a mail attached to it under its subject."""
    yield from _body(message)
    attachments = list(message.iter_attachments())
    for part in _invitations_in_body(message, attachments):
        yield from _calendar_events(_payload(part))
    for attachment in attachments:
        if attachment.get_content_type() == "message/rfc822":
            inner = attachment.get_content()
            if isinstance(inner, EmailMessage) and depth < MAX_FORWARDED:
                yield Block(_subject(inner) or "Doorgestuurd bericht", heading=True)
                yield from _message(inner, left_out, depth=depth + 1)
            continue
        try:  # read whole first: a file that fails halfway adds nothing
            yield from list(_attachment(attachment))
        except DocumentError as exc:
            left_out.append(f"attachment {exc} (left out)")


def _invitations_in_body(
    message: EmailMessage, attachments: list[EmailMessage]
) -> list[EmailMessage]:
    """The calendar parts among the alternatives of a mail's body, which are no attachments."""
    attached = {id(part) for part in attachments}
    return [
        part
        for part in _own_parts(message)
        if id(part) not in attached
        and part.get_content_type() == "text/calendar"
        and not part.is_attachment()
    ]


def _own_parts(part: EmailMessage) -> Iterator[EmailMessage]:
    """A mail's parts, nested ones too, but not those of a mail attached to it."""
    yield part
    if part.is_multipart() and part.get_content_type() != "message/rfc822":
        for sub in part.iter_parts():
            if isinstance(sub, EmailMessage):
                yield from _own_parts(sub)


def _has_headers(message: EmailMessage) -> bool:
    return any(message[name] is not None for name in ("From", "Subject", "Date", "Message-ID"))


def _subject(message: EmailMessage) -> str:
    return _REPLY_PREFIX.sub("", " ".join(str(message["Subject"] or "").split()))


def _body(message: EmailMessage) -> Iterator[Block]:
    """The body read once: its HTML part, or its plain text when it has no HTML part or
    the HTML holds no text (a newsletter of pictures)."""
    blocks: list[Block] = []
    html = message.get_body(preferencelist=("html",))
    if isinstance(html, EmailMessage):
        from indexer.web_page import html_blocks

        blocks = html_blocks(_text(html))
    plain = message.get_body(preferencelist=("plain",))
    if not blocks and isinstance(plain, EmailMessage):
        from indexer.plain_text import text_document

        blocks = text_document(_unquoted(_text(plain)))[0]
    for block in blocks:
        yield replace(block, heading=True) if _EARLIER_MAIL.match(block.text) else block


def _unquoted(text: str) -> str:
    """A plain text with the "> " marks of quoted lines dropped, and a blank line where a
    quote begins or ends and around the line above a quoted mail ("Op ... schreef ...:"),
    so that it stands alone, also right under a signature."""
    lines: list[str] = []
    quoted = False
    for line in text.splitlines():
        mark = _QUOTE_MARK.match(line)
        if bool(mark) != quoted and lines:
            lines.append("")
        quoted = bool(mark)
        own = line[mark.end() :] if mark else line
        if _EARLIER_MAIL.match(own.strip()):
            lines.extend(["", own, ""])
        else:
            lines.append(own)
    return "\n".join(lines)


_FALLBACK_CHARSETS = ("utf-8", "cp1252")
"""What a text part is read as when the charset it names does not read it, or it names none
(the standard says ASCII, but mail programs send UTF-8 or Windows' Latin-1 so)."""


def _text(part: EmailMessage) -> str:
    """A text part's content in the charset it names, else UTF-8, else Windows' Latin-1:
    a letter read wrong is a word no question finds."""
    payload = _payload(part)
    named = part.get_content_charset()
    for charset in (named, *_FALLBACK_CHARSETS) if named else _FALLBACK_CHARSETS:
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("latin-1")


_NOT_IN_NAMES = re.compile(r"[\x00-\x1f/\\]")
MAX_NAME_CHARACTERS = 120
"""An attachment's file name is cut to this many characters (its suffix kept): a file
system takes 255 bytes."""


def _attachment(part: EmailMessage) -> Iterator[Block]:
    """An attached document's blocks under its file name, or nothing for one that is no text
    (a picture, a mail without a name). Its PDF pages are not the mail's: they are left out
    of its blocks, so no citation names a page of the mail."""
    from indexer.documents import SUPPORTED_SUFFIXES, read_document

    name = _NOT_IN_NAMES.sub("", PurePath(part.get_filename() or "").name).strip()
    suffix = PurePath(name).suffix.lower()
    if part.get_content_type() == "text/calendar" or suffix in CALENDAR_SUFFIXES:
        events = list(_calendar_events(_payload(part)))
        if events:
            yield Block(name or "Uitnodiging", heading=True)
            yield from events
        return
    if suffix not in SUPPORTED_SUFFIXES or suffix == ".eml" or not PurePath(name).stem:
        return
    if len(name) > MAX_NAME_CHARACTERS:
        name = name[: MAX_NAME_CHARACTERS - len(suffix)] + suffix
    with tempfile.TemporaryDirectory() as folder:
        saved = Path(folder) / name
        saved.write_bytes(_payload(part))
        try:
            document = read_document(saved)
        except DocumentError as exc:
            raise DocumentError(str(exc).replace(str(saved), name)) from exc
    yield Block(name, heading=True)
    yield from (replace(block, page=None) for block in document.blocks)


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
    description as the invitation writes it. A file or a date icalendar cannot read is
    left out (the event's other lines stay)."""
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(data)
    except ValueError:
        return
    for event in calendar.walk("VEVENT"):
        if summary := tidy(str(event.get("SUMMARY", ""))):
            yield Block(summary, heading=True)
        try:
            when = _when(event.get("DTSTART"), event.get("DTEND"))
        except ValueError:  # icalendar's BrokenCalendarProperty is one
            when = ""
        where = tidy(str(event.get("LOCATION", "")))
        if line := " - ".join(part for part in (when, where) if part):
            yield Block(line)
        if description := tidy(str(event.get("DESCRIPTION", ""))):
            yield Block(description)


_DAY = "dddd d mmmm yyyy"


def _when(start: object, end: object) -> str:
    """An event's days and hours as Belgians write them ("woensdag 12 maart 2025, 19.30 -
    21.30 uur"; "woensdag 12 maart 2025, 9.00 uur tot vrijdag 14 maart 2025, 17.00 uur"), in
    Belgian time: a mail program writes an invitation's hours in UTC ("T183000Z" for an
    evening at 19.30). A whole day's end is the day after it."""
    from indexer.cell_format import shown

    begin = _local(getattr(start, "dt", None))
    finish = _local(getattr(end, "dt", None))
    if not isinstance(begin, date):
        return ""
    if not isinstance(begin, datetime):
        last = finish - timedelta(days=1) if isinstance(finish, date) else begin
        if isinstance(last, date) and last > begin:
            return f"{shown(begin, _DAY)} tot {shown(last, _DAY)}"
        return shown(begin, _DAY)
    day, hours = shown(begin, _DAY), shown(begin, "h.mm")
    if not isinstance(finish, datetime):
        return f"{day}, {hours} uur"
    if finish.date() == begin.date():
        return f"{day}, {hours} - {shown(finish, 'h.mm')} uur"
    return f"{day}, {hours} uur tot {shown(finish, _DAY)}, {shown(finish, 'h.mm')} uur"
