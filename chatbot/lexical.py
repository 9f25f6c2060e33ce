"""Lexical ranking: BM25 over Dutch word stems and over character n-grams.

Stems match inflections ("fietspaden" / "fietspad"); character n-grams match parts of
compounds ("makelaar" in "onthardingsmakelaar"), spelling variants ("UiTPAS", "UiT-pas") and
typos ("kinderopvnag"). The index is rebuilt from the chunks when an index is loaded: it
takes milliseconds for a corpus of this size and can never disagree with the chunks.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

Scores = npt.NDArray[np.float32]

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
NGRAM = 4


def fold(text: str) -> str:
    """Lower case without accents, so 'Financiën' and 'financien' are the same word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("\u2019", "'"))
    return decomposed if decomposed.isascii() else decomposed.translate(_WITHOUT_MARKS)


class _MarksDeleted(dict[int, int | None]):
    """A ``str.translate`` table that deletes combining characters, filled in as characters
    are met: no scan of all of Unicode at start, and after its first use a character is one
    lookup in C (a table that only lists the marks raises a lookup error for every other
    character, which is slower than testing each one in Python)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_WITHOUT_MARKS = _MarksDeleted()


@cache
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN, STOPWORDS_FRENCH

    words = {fold(w) for w in (*STOPWORDS_DUTCH, *STOPWORDS_EN, *STOPWORDS_FRENCH)}
    return frozenset((words | CHAT_WORDS) - {"uit"})  # "uit" is half of "UiT-pas"


_CHAT_WORDS = """
    allee amai gij nen da wa ni nie zijde zedde efkes ier niks wel we wij jullie zoals echt
    eigenlijk ergens iemand alle rond gaan gaat ga komen komt staan staat zit zitten weet weten
    zodat misschien heen elk elke graag even gewoon beetje
"""
CHAT_WORDS = frozenset(_CHAT_WORDS.split())
"""Flemish chat words and Dutch verbs and adverbs that carry no subject: the snowball list
has "doen" and "ge" but not "gaan" or "da", and a word that few passages use weighs heavily
in BM25 whether it says anything or not."""


def lexical_recipe() -> str:
    """What decides lexical scores besides the texts (for cache keys)."""
    stop = hashlib.sha256(" ".join(sorted(_stopwords())).encode()).hexdigest()[:12]
    return f"stems+{NGRAM}grams stop={stop} compounds={COMPOUND_HEAD},{COMPOUND_WEIGHT}"


def words(text: str) -> list[str]:
    """Content words; a hyphenated compound counts joined and as its parts."""
    return list(_words(text))


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    """``words``, remembered: one question's words are read by the stems, the n-grams and
    the thesaurus, for each way it is searched."""
    stop = _stopwords()
    result: list[str] = []
    for match in _WORD.finditer(fold(text)):
        token = match.group()
        parts = re.split(r"[-']", token)
        if len(parts) > 1:
            result.append("".join(parts))
        result.extend(parts)
    return tuple(w for w in result if w not in stop and (len(w) > 1 or w.isdigit()))


# Snowball writes "fietspaden" as "fietspaad" but "fietspad" as "fietspad": undouble vowels.
_DOUBLE_VOWEL = re.compile(r"([aeiou])\1")


@cache
def _stemmer() -> object:
    import Stemmer

    return Stemmer.Stemmer("dutch")


def stems(text: str) -> list[str]:
    """Dutch Snowball stems of the content words."""
    return list(_stems(text))


@lru_cache(maxsize=4096)
def _stems(text: str) -> tuple[str, ...]:
    """``stems``, remembered like ``_words``: a question is stemmed for each way it is
    searched and by the thesaurus."""
    found = _stemmer().stemWords(words(text))  # type: ignore[attr-defined]
    return tuple(_DOUBLE_VOWEL.sub(r"\1", stem) for stem in found)


def ngrams(text: str, n: int = NGRAM) -> list[str]:
    """Character n-grams of each content word, with word boundaries marked."""
    return list(_ngrams(text, n))


@lru_cache(maxsize=4096)
def _ngrams(text: str, n: int) -> tuple[str, ...]:
    grams: list[str] = []
    for word in words(text):
        padded = f"#{word}#"
        grams.extend(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
    return tuple(grams)


COMPOUND_HEAD = 5
"""The shortest stem of a question that is looked for as the head of the passages' compounds."""
FORM_LETTERS = 2
"""How many letters a stem's other forms (``LexicalRanker.forms``) may add to it."""
COMPOUND_PART = 4
"""The shortest part of a question's compound that counts as a word of the passages."""
_LINKS = ("s", "en", "e")
"""What Dutch puts between a compound's parts ("personeel-s-beleid")."""
COMPOUND_WEIGHT = 0.5
"""What a compound ending in a question's word counts, as much as a thesaurus expansion."""


class LexicalRanker:
    """BM25 scores of a question against every passage, on stems and on n-grams."""

    def __init__(self, texts: Sequence[str]) -> None:
        passage_stems = [stems(t) for t in texts]
        self._stem_index = _bm25(passage_stems)
        self._gram_index = _bm25([ngrams(t) for t in texts])
        self._size = len(texts)
        vocabulary = {stem for found in passage_stems for stem in found}
        self._vocabulary = frozenset(vocabulary)
        self._sorted = sorted(vocabulary)
        self._reversed = sorted(stem[::-1] for stem in vocabulary)

    def stem_scores(self, question: str) -> Scores:
        """BM25 on the question's stems, and at ``COMPOUND_WEIGHT`` on the compounds that end
        in a stem the passages never use on their own (``compounds``)."""
        asked = stems(question)
        scores = _scores(self._stem_index, asked, self._size)
        if heads := [compound for stem in asked for compound in self.compounds(stem)]:
            scores = scores + COMPOUND_WEIGHT * _scores(self._stem_index, heads, self._size)
        return scores

    def compounds(self, stem: str) -> list[str]:
        """The passages' stems that end in ``stem`` when they never use it on its own: a Dutch
        compound names its kind last ("subsidiemanager", "energiemanager" for "managers";
        "onthardingsmakelaar" for "makelaar"). Stems shorter than ``COMPOUND_HEAD`` are not
        looked for ("werk" ends "netwerk")."""
        if stem in self._vocabulary:
            return []
        return self.ending_in(stem)

    def ending_in(self, stem: str) -> list[str]:
        """The passages' stems that are compounds ending in ``stem`` ("uitloket" for
        "loket"), for a stem of ``COMPOUND_HEAD`` letters or more."""
        if len(stem) < COMPOUND_HEAD:
            return []
        key = stem[::-1]
        # a word before the head, not an inflection
        return [c[::-1] for c in starting_with(self._reversed, key) if len(c) - len(key) >= 3]

    def forms(self, stem: str) -> list[str]:
        """The passages' stems that are ``stem`` or it with at most ``FORM_LETTERS`` more
        letters: the Dutch stemmer leaves a verb's "-eert" whole ("coördineert" stems to
        "cordinert", "coördineren" to "cordiner")."""
        return [c for c in starting_with(self._sorted, stem) if len(c) - len(stem) <= FORM_LETTERS]

    def holding_the_noun(self, stem: str) -> list[str]:
        """The passages' stems that hold the noun of a verb in "-eren" inside a compound: the
        stemmer gives "coördineren" and "coördinatie" one stem ("cordiner"), but leaves
        "mobiliteitscoördinatiecentrum" whole."""
        root = stem.removesuffix("t")
        if not root.endswith("er") or len(root) - 2 < COMPOUND_PART:
            return []
        noun = f"{root[:-2]}ati"
        return [c for c in self._sorted if noun in c]

    def knows(self, stem: str) -> bool:
        """Whether the passages use ``stem``: itself, another form of it, as a compound's head
        ("loket" of "uitloket"), or as a compound of two parts they use, the first the start of
        one of their words and the second one of them ("personeelsbeleid" of "personeel" and
        "beleid", "tewerkstellingsproject" of "tewerkstellingsinitiatieven" and "project")."""
        if stem in self._vocabulary or self.forms(stem) or self.ending_in(stem):
            return True
        return any(
            self._heads_a_compound(stem[cut:]) and self._starts_a_word(stem[:cut])
            for cut in range(COMPOUND_PART, len(stem) - COMPOUND_PART + 1)
        )

    def _starts_a_word(self, part: str) -> bool:
        """Whether a passage's stem starts with ``part``."""
        return next(starting_with(self._sorted, part), None) is not None

    def _heads_a_compound(self, part: str) -> bool:
        """Whether ``part``, with or without a linking "s", "e" or "en", is a passage's stem."""
        return any(len(c) >= COMPOUND_PART and c in self._vocabulary for c in compound_heads(part))

    def ngram_scores(self, question: str) -> Scores:
        return _scores(self._gram_index, ngrams(question), self._size)

    def passages_with_stem(self, stem: str) -> npt.NDArray[np.intp]:
        """The positions of the passages whose stems include ``stem``."""
        return np.flatnonzero(_scores(self._stem_index, [stem], self._size) > 0)


def compound_heads(part: str) -> tuple[str, ...]:
    """The words a compound's end ``part`` may be: itself, and itself without a linking "s",
    "e" or "en" ("sbeleid": "beleid")."""
    return (part, *(part[len(link) :] for link in _LINKS if part.startswith(link)))


def starting_with(ordered: Sequence[str], prefix: str) -> Iterator[str]:
    """The strings of sorted ``ordered`` that start with ``prefix``, in order."""
    for position in range(bisect_left(ordered, prefix), len(ordered)):
        if not ordered[position].startswith(prefix):
            return
        yield ordered[position]


def _bm25(corpus: list[list[str]]) -> object:
    import bm25s

    index = bm25s.BM25(k1=1.2, b=0.75)
    index.index([tokens or ["∅"] for tokens in corpus], show_progress=False)
    return index


def _scores(index: object, tokens: list[str], size: int) -> Scores:
    """BM25 scores of ``tokens`` (a repeated token counts again, as in bm25s), summed from
    the index's own per-token score arrays in one ``np.bincount``.

    ``bm25s.BM25.get_scores`` adds each token's postings with its own ``np.add.at`` call,
    holding Python's lock throughout: a long message has hundreds of n-grams, and under
    load that loop took a quarter of the time the model did. Each token's postings are
    contiguous slices of the index's arrays: joined as they stand, not gathered position by
    position (half the time at 100,000 passages), and summed in float64 in the same order,
    so the scores are the same to the last bit."""
    ids = index.get_tokens_ids(tokens)  # type: ignore[attr-defined]
    arrays = index.scores  # type: ignore[attr-defined]
    indptr, data, rows = arrays["indptr"], arrays["data"], arrays["indices"]
    token_ids, counts = np.unique(np.asarray(ids, dtype=np.intp), return_counts=True)
    weights: list[npt.NDArray[np.floating]] = []
    passages: list[npt.NDArray[np.integer]] = []
    for token, count in zip(token_ids.tolist(), counts.tolist(), strict=True):
        start, end = int(indptr[token]), int(indptr[token + 1])
        if end > start:
            scores = data[start:end]
            weights.append(scores if count == 1 else scores.astype(np.float64) * count)
            passages.append(rows[start:end])
    if not weights:
        return np.zeros(size, dtype=np.float32)
    summed = np.bincount(
        np.concatenate(passages), weights=np.concatenate(weights, dtype=np.float64), minlength=size
    )
    return summed.astype(np.float32)


class Thesaurus:
    """Groups of interchangeable words, used to widen a question's lexical search."""

    def __init__(self, groups: Sequence[Sequence[str]]) -> None:
        self._groups = [tuple(fold(m).strip() for m in group if m.strip()) for group in groups]
        # which groups a question touches, by stem or by phrase, worked out once rather than
        # stemming every member for every question
        self._by_stem: dict[str, set[int]] = {}
        self._phrases: list[tuple[str, int]] = []
        for number, group in enumerate(self._groups):
            for member in group:
                if " " in member or "-" in member:
                    self._phrases.append((f" {member} ", number))
                elif member_stems := stems(member):
                    self._by_stem.setdefault(member_stems[0], set()).add(number)

    @classmethod
    def from_file(cls, path: Path) -> Thesaurus:
        """Read one comma-separated group per line; '#' starts a comment."""
        groups = []
        for line in path.read_text(encoding="utf-8").splitlines():
            content = line.split("#", 1)[0].strip()
            if content:
                groups.append(content.split(","))
        return cls(groups)

    @property
    def groups(self) -> tuple[tuple[str, ...], ...]:
        return tuple(self._groups)

    def standing_for(self, question: str) -> list[tuple[frozenset[str], tuple[str, ...]]]:
        """For each group the question touches: the stems of the question's words that touch
        it (a phrase member's words all count) and the group's one-word members."""
        return [
            (
                frozenset(touched),
                tuple(m for m in self._groups[number] if " " not in m and "-" not in m),
            )
            for number, touched in sorted(self._touching(question).items())
        ]

    def expand(self, question: str) -> list[str]:
        """The members of every group the question touches, minus what it already says."""
        folded = _padded(question)
        extra: list[str] = []
        for number in sorted(self._touching(question)):
            extra.extend(m for m in self._groups[number] if f" {m} " not in folded)
        return extra

    def touches(self, question: str) -> bool:
        """Whether the question touches a group: says a member, or a word of its stem."""
        return bool(self._touching(question))

    def _touching(self, question: str) -> dict[int, set[str]]:
        """The groups the question touches, by number, each with the stems that touch it:
        a word's stem, or the words of a phrase member it says."""
        folded = _padded(question)
        touching: dict[int, set[str]] = {}
        for stem in set(stems(question)):
            for number in self._by_stem.get(stem, ()):
                touching.setdefault(number, set()).add(stem)
        for phrase, number in self._phrases:
            if phrase in folded:
                touching.setdefault(number, set()).update(stems(phrase))
        return touching


def _padded(question: str) -> str:
    """The question's folded words, space-separated and padded with a space on each side,
    so that a phrase or member is found as whole words (" wind turbines ")."""
    return f" {' '.join(_WORD.findall(fold(question)))} "
