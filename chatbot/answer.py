"""The answer: a lead sentence and the note's passages, quoted word for word."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from chatbot.language import Language
from chatbot.lexical import fold, stems, words
from chatbot.scope import Outcome
from indexer.chunking import Chunk, heading

LEADS: dict[Language, str] = {
    "nl": "In de nota staat hierover:",
    "en": "This is what the note says about it (quoted in the original Dutch):",
    "fr": "Voici ce que dit la note à ce sujet (citée en néerlandais) :",
}
DOCUMENT_LEADS: dict[Language, str] = {
    "nl": "Hierover staat in {document}:",
    "en": "This is what {document} says about it (quoted in the original Dutch):",
    "fr": "Voici ce qu'en dit {document} (cité en néerlandais) :",
}
BESIDE_LEADS: dict[Language, str] = {
    "nl": "Hierover staat in de nota en in {documents}:",
    "en": "This is what the note and {documents} say about it (quoted in the original Dutch):",
    "fr": "Voici ce qu'en disent la note et {documents} (cités en néerlandais) :",
}
"""The lead of an answer that quotes the note and staff documents (named in quote order)."""
FRONT_MATTER = ("voorwoord", "colofon", "inhoud")
"""Sections about the note itself rather than a recommendation."""
ACROSS_LEADS: dict[Language, str] = {
    "nl": "Dit onderwerp komt terug in {count}:",
    "en": "This subject comes back in {count} (quoted in Dutch):",
    "fr": "Ce sujet revient dans {count} (texte en néerlandais) :",
}
"""The lead of a list across the note; ``{count}`` is ``across_count``'s words."""
COUNTED_LEADS: dict[Language, tuple[str, str]] = {
    "nl": ("De nota heeft 1 aanbeveling:", "De nota heeft {count} aanbevelingen:"),
    "en": (
        "The note has 1 recommendation (quoted in Dutch):",
        "The note has {count} recommendations (quoted in Dutch):",
    ),
    "fr": (
        "La note compte 1 recommandation (citée en néerlandais) :",
        "La note compte {count} recommandations (citées en néerlandais) :",
    ),
}
"""The lead of the list of recommendations (the table of contents): how many there are, which
"hoeveel aanbevelingen telt de nota?" asks and the contents show only by their lines."""
_RECOMMENDATIONS: dict[Language, tuple[str, str]] = {
    "nl": ("{n} aanbeveling van de nota", "{n} aanbevelingen van de nota"),
    "en": ("{n} recommendation of the note", "{n} recommendations of the note"),
    "fr": ("{n} recommandation de la note", "{n} recommandations de la note"),
}
_DOCUMENTS: dict[Language, tuple[str, str]] = {
    "nl": ("{n} ander document", "{n} andere documenten"),
    "en": ("{n} other document", "{n} other documents"),
    "fr": ("{n} autre document", "{n} autres documents"),
}
_ONLY_DOCUMENTS: dict[Language, tuple[str, str]] = {
    "nl": ("{n} document", "{n} documenten"),
    "en": ("{n} document", "{n} documents"),
    "fr": ("{n} document", "{n} documents"),
}
_AND: dict[Language, str] = {"nl": " en in ", "en": " and in ", "fr": " et dans "}
CLOSEST: dict[Language, str] = {
    "nl": "De nota beantwoordt deze vraag niet rechtstreeks. Dit komt er het dichtst bij:",
    "en": "The note does not answer this directly. This is the closest it comes (in Dutch):",
    "fr": "La note ne répond pas directement à cette question. Voici le plus proche "
    "(en néerlandais) :",
}
TOLD_ALL: dict[Language, str] = {
    "nl": "Over aanbeveling {number} zegt de nota niet meer dan wat eerder in dit gesprek "
    "geciteerd is. Dit komt er het dichtst bij:",
    "en": "The note says no more about recommendation {number} than what was quoted earlier "
    "in this conversation. This is the closest it comes (in Dutch):",
    "fr": "La note n'en dit pas plus sur la recommandation {number} que ce qui a déjà été "
    "cité dans cette conversation. Voici le plus proche (en néerlandais) :",
}
"""Closest, for "vertel meer" after every passage of a recommendation was quoted."""
REGIONAL: dict[Language, str] = {
    "nl": "De nota spreekt voor de regio Rivierenland als geheel, niet voor één gemeente.",
    "en": "The note speaks for the Rivierenland region as a whole, not for one municipality.",
    "fr": "La note parle pour la région de Rivierenland dans son ensemble, pas pour une "
    "seule commune.",
}
SHORTENED: dict[Language, str] = {
    "nl": "Ingekort tot het eerste citaat: de nota wordt niet in andere woorden samengevat.",
    "en": "Shortened to the first quote: the note is not summarized in other words.",
    "fr": "Réduit à la première citation : la note n'est pas résumée en d'autres mots.",
}
"""Said after the first quote alone, for "kan je dat korter zeggen?", with ``LEFT_OUT``."""
LEFT_OUT: dict[Language, tuple[str, str]] = {
    "nl": (
        "1 citaat uit het vorige antwoord is weggelaten.",
        "{count} citaten uit het vorige antwoord zijn weggelaten.",
    ),
    "en": (
        "1 quote of the previous answer was left out.",
        "{count} quotes of the previous answer were left out.",
    ),
    "fr": (
        "1 citation de la réponse précédente a été omise.",
        "{count} citations de la réponse précédente ont été omises.",
    ),
}
"""How many quotes a shorter answer left out: one, or more."""
CLOSEST_ANYWHERE: dict[Language, str] = {
    "nl": "De nota en de andere documenten beantwoorden deze vraag niet rechtstreeks. "
    "Dit komt er het dichtst bij:",
    "en": "Neither the note nor the other documents answer this directly. This is the closest "
    "they come (in Dutch):",
    "fr": "Ni la note ni les autres documents ne répondent directement à cette question. "
    "Voici le plus proche (en néerlandais) :",
}
"""Closest, when the index serves documents besides the note: the passages may be theirs."""
NOT_COVERED: dict[Language, str] = {
    "nl": "De nota 'Alles Vloeit' zegt hier niets over.",
    "en": "The note 'Alles Vloeit' does not address this.",
    "fr": "La note « Alles Vloeit » n'aborde pas ce sujet.",
}
NOT_COVERED_ANYWHERE: dict[Language, str] = {
    "nl": "De nota 'Alles Vloeit' en de andere documenten zeggen hier niets over.",
    "en": "Neither the note 'Alles Vloeit' nor the other documents address this.",
    "fr": "Ni la note « Alles Vloeit » ni les autres documents n'abordent ce sujet.",
}
"""Not found, when the index serves documents besides the note: they were searched too."""
NO_SUCH_RECOMMENDATION: dict[Language, tuple[str, str]] = {
    "nl": (
        "De nota heeft 1 aanbeveling; een aanbeveling {number} staat er niet in.",
        "De nota heeft {count} aanbevelingen; een aanbeveling {number} staat er niet in.",
    ),
    "en": (
        "The note has 1 recommendation; there is no recommendation {number}.",
        "The note has {count} recommendations; there is no recommendation {number}.",
    ),
    "fr": (
        "La note compte 1 recommandation ; il n'y a pas de recommandation {number}.",
        "La note compte {count} recommandations ; il n'y a pas de recommandation {number}.",
    ),
}
"""For a number beyond the served note's last recommendation: (one recommendation, several)."""
MAYBE: dict[Language, str] = {
    "nl": "Misschien bedoelt u:",
    "en": "Perhaps you mean:",
    "fr": "Vous cherchez peut-être :",
}


Span = tuple[int, int]


def in_a_recommendation(chunk: Chunk) -> bool:
    """Whether a passage stands in one of the note's recommendations."""
    return chunk.recommendation > 0 and chunk.section != "document"


@dataclass(frozen=True, slots=True)
class Hit:
    """A retrieved chunk with its relevance score."""

    chunk: Chunk
    score: float
    key: tuple[Span, ...] = ()
    """The sentences of the passage that answer the question, as character spans."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A recommendation (or, with ``recommendation`` 0, a document's section) close to an
    out-of-scope question: "misschien bedoelt u"."""

    recommendation: int
    title: str
    document: str = ""
    document_title: str = ""
    """The document's own title, when it has one (``Chunk.document_title``)."""


@dataclass(frozen=True, slots=True)
class IndexInfo:
    """Which index answered."""

    version: str
    model: str
    documents: bool = False
    """Whether the index serves documents besides the note (a FAQ, a page staff added)."""


@dataclass(frozen=True, slots=True)
class Answer:
    """What the chatbot says to one question; the JSON contract of the CLI and the API."""

    question: str
    in_scope: bool
    """Whether the note answers the question (``outcome`` is ``answered``)."""
    hits: tuple[Hit, ...]
    index: IndexInfo
    language: Language = "nl"
    suggestions: tuple[Suggestion, ...] = ()
    outcome: Outcome | None = None
    """Defaults to ``answered`` or ``not_found`` as ``in_scope`` says."""
    across: bool = False
    """A question about a subject across the note: the best passage of each recommendation
    that speaks of it (and the rest of the one it is all about, after them)."""
    regional: bool = False
    """The question names a place or a personal case; the note speaks for the region."""
    beyond: tuple[int, int] | None = None
    """The recommendation a question named that the note does not have, and how many it has."""
    left_out: int = 0
    """Passages of the previous answer not quoted again in this shorter one."""
    counted: int = 0
    """How many recommendations the served note has, when the answer is their list."""
    told_all: int = 0
    """The recommendation the conversation quoted all of before "vertel meer" (``Turn``)."""

    def __post_init__(self) -> None:
        if self.outcome is None:
            object.__setattr__(self, "outcome", "answered" if self.in_scope else "not_found")

    @property
    def result(self) -> Outcome:
        """The outcome (never None after construction)."""
        return self.outcome or "not_found"

    @property
    def lead(self) -> str:
        """The answer's own words (never a quote), in the question's language."""
        language = self.language
        if self.beyond is not None and not self.hits:
            number, count = self.beyond
            lead = NO_SUCH_RECOMMENDATION[language][count != 1].format(number=number, count=count)
        elif self.result == "not_found" or not self.hits:
            lead = (NOT_COVERED_ANYWHERE if self.index.documents else NOT_COVERED)[language]
        elif self.result == "closest" and self.told_all:
            lead = TOLD_ALL[language].format(number=self.told_all)
        elif self.result == "closest":
            lead = (CLOSEST_ANYWHERE if self.index.documents else CLOSEST)[language]
        elif self.counted:
            lead = COUNTED_LEADS[language][self.counted != 1].format(count=self.counted)
        elif self.across:
            lead = ACROSS_LEADS[language].format(count=across_count(self.hits, language))
        elif documents := self._documents_quoted():
            if all(hit.chunk.section == "document" for hit in self.hits):
                lead = DOCUMENT_LEADS[language].format(document=", ".join(documents))
            else:
                lead = BESIDE_LEADS[language].format(documents=", ".join(documents))
        else:
            lead = LEADS[language]
        return lead

    def _documents_quoted(self) -> list[str]:
        """The staff documents the answer quotes, in quote order, each once."""
        names = (hit.chunk.document_name for hit in self.hits if hit.chunk.section == "document")
        return list(dict.fromkeys(names))

    @property
    def note(self) -> str:
        """A sentence of the answer's own after the quotes, or "": for a shorter answer, how
        many quotes it left out; for a question about one place, that the note speaks for
        the region as a whole (not said of a staff document quoted first: a page can name
        the place)."""
        if self.left_out:
            one, more = LEFT_OUT[self.language]
            left_out = one if self.left_out == 1 else more.format(count=self.left_out)
            return f"{SHORTENED[self.language]} {left_out}"
        first = self.hits[0].chunk if self.hits else None
        if not self.regional or first is None or first.section == "document":
            return ""
        return REGIONAL[self.language]

    @property
    def markdown(self) -> str:
        """The answer as shown in the chat: the lead, then each passage quoted with its citation."""
        parts = [escape_markdown(self.lead)]  # a document's title is staff's free text
        parts.extend(quote_markdown(hit.chunk, hit.key) for hit in self.hits)
        if self.note:
            parts.append(escape_markdown(self.note))
        if self.suggestions:
            items = (f"- {escape_markdown(suggestion_label(s))}" for s in self.suggestions)
            parts.append("\n".join([MAYBE[self.language], *items]))
        return "\n\n".join(parts)

    @property
    def recommendations(self) -> list[int]:
        """The recommendations it quotes, in its order, each once."""
        quoted = (h.chunk.recommendation for h in self.hits if in_a_recommendation(h.chunk))
        return list(dict.fromkeys(quoted))

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the contract."""
        return {
            "question": self.question,
            "in_scope": self.in_scope,
            "outcome": self.result,
            "answer": self.markdown,
            "passages": [passage_dict(hit) for hit in self.hits],
            "index": {"version": self.index.version, "model": self.index.model},
            "language": self.language,
            "suggestions": [
                {
                    "recommendation": s.recommendation,
                    "title": s.title,
                    "document": s.document,
                    "document_title": s.document_title,
                }
                for s in self.suggestions
            ],
        }


def suggestion_label(suggestion: Suggestion) -> str:
    """How a suggestion is named: 'Aanbeveling 6: <title>', or '<document>: <heading>'."""
    if suggestion.recommendation == 0:
        name = suggestion.document_title or suggestion.document
        # a page's introduction stands under the page's own title
        return f"{name}: {suggestion.title}" if suggestion.title not in ("", name) else name
    return f"Aanbeveling {suggestion.recommendation}: {suggestion.title}"


def passage_dict(hit: Hit) -> dict[str, Any]:
    """One passage of the JSON contract."""
    chunk = hit.chunk
    return {
        "id": chunk.id,
        "recommendation": chunk.recommendation,
        "title": chunk.title,
        "section": chunk.section,
        "item": chunk.item,
        "page": chunk.page,
        "source": chunk.document,
        "source_title": chunk.document_title,
        "text": chunk.text,
        "score": round(hit.score, 4),
        "key_sentences": [
            {"start": start, "end": end, "text": chunk.text[start:end]} for start, end in hit.key
        ],
    }


def citation(chunk: Chunk) -> str:
    """Where a passage stands, e.g. 'Aanbeveling 6 · Baseer ... · Doorbraakproject 3'."""
    where = heading(chunk)
    if chunk.page is not None:
        where += f" · pagina {chunk.page}"
    return where


_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LINE_START_SPECIAL = re.compile(r"^(\s*)([#+=-])|^(\s*\d+)([.)])")
"""What would start a heading, a list or a rule: a mark at the start of a line, or digits
followed by "." or ")" (an ordered list). Digits before "-" stay as they are ("2025-2030")."""


def escape_markdown(text: str) -> str:
    """Escape one line of text so that Markdown renders it exactly as written, never as HTML."""
    return _LINE_START_SPECIAL.sub(_escaped_mark, _escape_inline(text))


def _escape_inline(text: str) -> str:
    """``text`` escaped for the middle of a line: no emphasis, link, code or HTML."""
    escaped = _INLINE_SPECIAL.sub(r"\\\1", text)
    return escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escaped_mark(match: re.Match[str]) -> str:
    before, mark = (match.group(1), match.group(2)) if match.group(2) else match.group(3, 4)
    return f"{before}\\{mark}"


def quote_markdown(chunk: Chunk, key: tuple[Span, ...] = ()) -> str:
    """A passage as a Markdown block quote, each paragraph and line kept, then its citation;
    the ``key`` sentences in bold, so the one that answers stands out in a long passage."""
    lines: list[str] = []
    start = 0
    for paragraph in chunk.text.split("\n\n"):
        if lines:
            lines.append(">")
        for line in paragraph.split("\n"):
            marked = _marked_line(line, start, key)
            lines.append(f"> {marked}  ")
            start += len(line) + 1
        start += 1  # the blank line between paragraphs
    lines.append(f"> — *{escape_markdown(citation(chunk))}*")
    return "\n".join(lines)


def _marked_line(line: str, offset: int, key: tuple[Span, ...]) -> str:
    """One line of a passage (starting at ``offset`` in its text), escaped, with the parts of
    the key sentences in it in bold (a sentence never runs over a line end)."""
    parts: list[str] = []
    at = 0
    for begin, end in key:
        left, right = max(begin - offset, at), min(end - offset, len(line))
        if left >= right:
            continue
        before = line[at:left]
        parts.append(escape_markdown(before) if at == 0 else _escape_inline(before))
        parts.append(f"**{_escape_inline(line[left:right])}**")
        at = right
    if not parts:
        return escape_markdown(line)
    parts.append(_escape_inline(line[at:]))
    return "".join(parts)


_TEXT_WORD = re.compile(r"\w+(?:[-'\u2019]\w+)*")
MIN_STEM = 3
"""Shorter question words ('uit', a number) are too common to highlight."""
MIN_PART = 5
"""The shortest question word found inside a longer word of a passage ('makelaar' in
'onthardingsmakelaar'), and the shortest passage word found inside a question word."""


def match_spans(question: str, text: str) -> tuple[tuple[int, int], ...]:
    """Where a passage has the question's content words, as (start, end) offsets in ``text``.

    For highlighting what matched: a word matches on its Dutch stem ('fietspaden' and
    'fietspad'), or as part of a compound either way round ('makelaar' and
    'onthardingsmakelaar'). Stop words never match. The text itself is not changed.
    """
    wanted = {stem for token in _TEXT_WORD.findall(question) for stem in _own_stems(token)}
    if not wanted:
        return ()
    long_wanted = {part for part in (*wanted, *words(question)) if len(part) >= MIN_PART}
    question_words = " ".join(fold(question).split())
    spans: list[tuple[int, int]] = []
    for match in _TEXT_WORD.finditer(text):
        word_stems = _own_stems(match.group())
        if not word_stems:
            continue
        folded = fold(match.group())
        if (
            wanted.intersection(word_stems)
            or any(stem in folded for stem in long_wanted)
            or any(len(stem) >= MIN_PART + 1 and stem in question_words for stem in word_stems)
        ):
            spans.append(match.span())
    return tuple(spans)


def _own_stems(word: str) -> list[str]:
    """A word's stems for highlighting: a compound with a hyphen ('UiT-pas') as a whole, and
    its parts only when they are words of their own ('Hitte-eilanden': 'eilanden')."""
    found = stems(word)
    whole, parts = found[:1], found[1:] if len(found) > 1 else []
    return [s for s in whole if len(s) >= MIN_STEM] + [s for s in parts if len(s) >= MIN_PART]


def across_count(hits: Sequence[Hit], language: Language) -> str:
    """Where a list across the note found its subject, in words: "4 aanbevelingen van de nota
    en in 1 ander document". The foreword may come first (when it is the best passage) and is
    no recommendation; a staff document's entry is none either. A recommendation quoted with
    several passages counts once."""
    recommendations = len(
        {
            (h.chunk.document, h.chunk.recommendation)
            for h in hits
            if h.chunk.section not in (*FRONT_MATTER, "document")
        }
    )
    documents = len({h.chunk.document for h in hits if h.chunk.section == "document"})
    others = _DOCUMENTS if recommendations else _ONLY_DOCUMENTS
    parts = [
        forms[language][count != 1].format(n=count)
        for forms, count in ((_RECOMMENDATIONS, recommendations), (others, documents))
        if count
    ]
    return _AND[language].join(parts)
