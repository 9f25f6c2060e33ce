"""What a message says before its question to change the subject ("nog iets anders:", "ok,
andere vraag:"): it asks nothing, and its words ("anders", "vraag") only blur the question.
"""

from __future__ import annotations

import re

_PREAMBLE = re.compile(
    r"^\W*((ok(e|ay)?|oke|allee|en|maar|dan|nu|so|and|et|bon)\W+)*"
    r"((nog\s+)?(even\s+)?iets\s+((helemaal|totaal|heel)\s+)?anders"
    r"|(een\s+)?ander(e)?\s+(vraag|onderwerp|thema)|(nog\s+)?een\s+(andere\s+)?vraag"
    r"|(something|one thing)\s+else|another\s+(question|topic)"
    r"|autre\s+(chose|question|sujet)|une\s+autre\s+question)"
    r"\s*[:,;.!-]+\s*",
    re.IGNORECASE,
)


def without_preamble(message: str) -> str:
    """The message without words before its question that change the subject; the message
    as it is when nothing follows them."""
    rest = _PREAMBLE.sub("", message, count=1)
    return rest if rest.strip() else message
