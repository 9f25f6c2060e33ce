"""Questions that ask for a name, and the proper names a sentence gives.

"Hoe heet het samenwerkingsverband waaruit de nota voortkomt?" is answered by the one
sentence that names it ("... het resultaat van Strategio, een samenwerking van ..."), not by
the foreword that speaks of the same cooperation at length without its name.
"""

from __future__ import annotations

import re

NAME_ASKED = re.compile(
    r"\bhoe\s+(heet|heten)\s+(de|het|die|dat|dit|deze|ze|hij|zij|jullie|uw|hun|zijn|haar)\b"
    r"|(?<!\bin )(?<!\bop )(?<!\buit )\b(welke|de|zijn|haar|hun)\s+naam\b"
    r"|\bwhat\s+is\s+(it|they|the\s+\w+)\s+called\b|\bhow\s+is\s+it\s+called\b"
    r"|\bwhat\s+is\s+the\s+name\b|\bwhat'?s\s+(its|the)\s+name\b"
    r"|\bs'appellen?t?\b|\bquel\s+est\s+(le|son)\s+nom\b"
)
"""Words that ask for a name (matched against folded text); not "in naam van", nor "hoe
heet" of a temperature ("hoe heet mag het water zijn?"), nor "hoe noemen ze die functie?"
(a term: "subsidiemanager")."""
_TITLE_CASE = re.compile(r"\b[A-Z][a-zà-ÿ]{3,}\b")
"""A word written with a capital and then lower case letters: a name, unless it opens the
sentence or follows a colon."""
_OPENING = re.compile(r"(^\W*|[:•]\s*|^\W*\d+[.)]?\s+)$")
"""What may stand before a capital that opens a sentence or an item ("Aanbeveling 2:
Optimaliseer ...")."""
_NOT_A_NAME = re.compile(r"(se|sche|ers|ingen|aars)$")
"""Capitalized words that say of where, not what: adjectives ("Vlaamse", "Europese") and
inhabitants ("Vlamingen", "Rivierenlanders")."""


def proper_names(sentence: str) -> list[str]:
    """The words of ``sentence`` (as written) that are capitalized though they do not open
    it: "Strategio" in "De inspiratienota is het resultaat van Strategio, ..."."""
    return [
        match.group()
        for match in _TITLE_CASE.finditer(sentence)
        if not _OPENING.search(sentence[: match.start()]) and not _NOT_A_NAME.search(match.group())
    ]
