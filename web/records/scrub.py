"""Remove what identifies a person from free text before it is stored.

Questions the note cannot answer and feedback comments are kept for the staff page; people
sometimes type their e-mail address, phone number or national register number into them.
Those are replaced by a placeholder before anything is written. Only these patterns are
recognized: names and addresses in prose are not (the retention of free text is short for
that reason, ``VRAAGBAAK_FREE_TEXT_RETENTION_DAYS``).
"""

from __future__ import annotations

import re

EMAIL = "[e-mailadres]"
PHONE = "[telefoonnummer]"
NATIONAL_NUMBER = "[rijksregisternummer]"

_EMAIL = re.compile(r"[\w.+'-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_NATIONAL_NUMBER = re.compile(
    r"(?<![\d.])\d{2}[. ]?[01]\d[. ]?[0-3]\d[ .-]?\d{3}[ .-]?\d{2}(?![\d])"
)
"""The Belgian national register number: YY.MM.DD-XXX.CC (11 digits, any separators)."""
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?\d{1,3}[\s./-]?(?:\(0\)\s?)?|0)\d(?:[\s./-]?\d){6,10}(?!\d)"
)
"""International (+32 ..., 0032 ...) and Belgian or Dutch national numbers (0..., 8-11 digits)."""


def scrub(text: str) -> str:
    """``text`` with e-mail addresses, national register numbers and phone numbers replaced."""
    text = _EMAIL.sub(EMAIL, text)
    text = _NATIONAL_NUMBER.sub(NATIONAL_NUMBER, text)
    return _PHONE.sub(PHONE, text)
