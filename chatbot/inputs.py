"""The rules every question passes before it is answered, in the chat and the API alike.

A question is refused, with a polite Dutch message and a stable code, when it is

- empty: nothing but whitespace and invisible format characters (``empty_question``);
- longer than the configured number of characters (``question_too_long``);
- holding control characters: NUL and the other C0 and C1 codes except tab and line breaks,
  the invisible bidirectional overrides, or lone surrogates, which cannot even be encoded
  as UTF-8 (``invalid_characters``).

Anything else is accepted as typed, without its surrounding whitespace: emoji, other
scripts, HTML, Markdown and instructions are just text, and the answer only ever quotes the
note.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

DEFAULT_MAX_CHARS = 1_500
"""The default of the ``max_question_chars`` setting: room for a resident's story of about 250
words around the question (the frozen set's long messages run to 630 characters; 500 refused
them)."""

ErrorCode = Literal["empty_question", "question_too_long", "invalid_characters"]

EMPTY_MESSAGE = "Typ eerst een vraag over de nota 'Alles Vloeit'."
TOO_LONG_MESSAGE = (
    "Uw vraag is te lang: {length} tekens, en er passen er hoogstens {limit}. Stel één korte "
    "vraag tegelijk; dan vindt de vraagbaak de juiste passage ook beter."
)
INVALID_MESSAGE = (
    "Uw vraag bevat onzichtbare stuurtekens die de vraagbaak niet kan lezen. Typ de vraag "
    "opnieuw, of plak ze als gewone tekst."
)

_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 (but tab, LF, CR), DEL and C1
    "\u202a-\u202e\u2066-\u2069"  # bidirectional embeddings, overrides and isolates
    "\ud800-\udfff]"  # lone surrogates (from a JSON "\\ud800" escape)
)
_INVISIBLE = frozenset({"Cf", "Zs", "Zl", "Zp", "Mn", "Me"})
"""Categories that show nothing on their own: format characters (zero-width space, joiners,
soft hyphen), spaces, line separators and combining marks."""


@dataclass(frozen=True, slots=True)
class Accepted:
    """A question to answer."""

    question: str
    """The text as typed, without surrounding whitespace."""


@dataclass(frozen=True, slots=True)
class Rejected:
    """A question that is not answered, and what to tell the person who asked it."""

    code: ErrorCode
    """A stable code, the ``error`` of the API's JSON error."""
    message: str
    """A polite explanation in Dutch, for the person who asked."""


def check_question(text: str | None, max_chars: int = DEFAULT_MAX_CHARS) -> Accepted | Rejected:
    """Accept ``text`` as a question, or say why not; never raises for any string."""
    question = (text or "").strip()
    if not question:
        return Rejected("empty_question", EMPTY_MESSAGE)
    if len(question) > max_chars:
        message = TOO_LONG_MESSAGE.format(length=_dutch(len(question)), limit=_dutch(max_chars))
        return Rejected("question_too_long", message)
    if _CONTROL.search(question):
        return Rejected("invalid_characters", INVALID_MESSAGE)
    if all(unicodedata.category(ch) in _INVISIBLE for ch in question):
        return Rejected("empty_question", EMPTY_MESSAGE)
    return Accepted(question)


def _dutch(number: int) -> str:
    """A count as Dutch writes it: 12.345."""
    return f"{number:,}".replace(",", ".")
