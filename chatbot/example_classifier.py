"""Which passage, and which document, a question is for, learned from the example questions.

``ExampleMemory`` reads a question by its single closest example, so a question phrased
unlike every example of its passage gets little from it. A multinomial logistic regression
over the examples' vectors weighs all of a passage's examples against every other passage's
at once: on the development sets, the passage it puts first is the right recommendation for
0.938 of the single-recommendation questions, against 0.789 for the closest example alone
(docs/EVALUATION.md, session 19).

It is fitted for every index version on that version's applicable examples (tied to their
passages' words, ``indexer.examples``), so it speaks only for passages it has examples of.
A document's question headings are left out of the passages' fit: one heading against a
passage's twenty examples lost the FAQ's own paraphrases to the note. A FAQ entry or rewritten
text whose examples went stale scores as its favourite does: it neither lifts nor sinks
those. A staff page's section (a document without question headings, which has no examples
at all) scores by the passages whose kind of questions its own text is taken for
(``lent_to``): a work plan's section on mobility as the note's mobility project, its
contact section a little below the favourite of any question. Scored as the favourite, every
section of a page on the note's own subjects outranked the note's passages on their own
questions (trial 60: 16 of 76 answers changed for the worse when a work plan was added).

When two documents or more have examples (the note's, a FAQ's question headings; at least
``MIN_DOCUMENT_EXAMPLES``), a second
regression tells the documents apart, each weighing the same: a policy question is of the
note's kind, a resident's errand ("hoe vraag ik ... aan?") of a FAQ's. Each passage's score
is then also multiplied by its document's probability next to the likeliest document's, so
a FAQ staff added no longer takes the note's questions (session 20). A document without
examples (a staff page) is not scaled.

Fitting takes 2-4 s on two cores; the coefficients are kept in the build cache by a digest
of what they were fitted on, and a cached fit does not import scikit-learn (1-2 s of a
start).
"""

from __future__ import annotations

import copy
import hashlib
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from indexer.examples import AppliedExample
from indexer.files import write_atomic

Vectors = npt.NDArray[np.float32]
REGULARIZATION = 10.0
"""Inverse regularization strength (scikit-learn's ``C``), chosen on the development sets:
single-recommendation questions whose best passage by the classifier alone is right 0.548
at 1, 0.938 at 10, 0.940 at 100."""
DOCUMENT_REGULARIZATION = 1.0
"""``C`` of the documents' regression, chosen on the development sets (docs/EVALUATION.md,
session 20): the note's questions with a FAQ added 15 gained, 0 lost, the FAQ's own 2 / 4;
at 0.3 11 / 0 and 1 / 3; at 10 18 / 0 but the FAQ's own 2 / 12."""
MIN_PASSAGES = 2
"""Fewer passages (or documents) with examples: nothing to tell apart, nothing is fitted."""
MIN_DOCUMENT_EXAMPLES = 5
"""A document with fewer examples (question headings) is too little to learn its kind of
question from: its passages are not scaled, and it is not told apart."""
RECIPE = (
    f"multinomial logistic regression, C={REGULARIZATION}, balanced, headings apart; "
    f"documents C={DOCUMENT_REGULARIZATION}, balanced, from {MIN_DOCUMENT_EXAMPLES} examples"
)
"""Changes whenever the way of fitting changes, so cached fits are not reused."""


@dataclass(frozen=True, slots=True)
class _Softmax:
    """A fitted multinomial model: one row of ``weights`` and one ``bias`` per class."""

    weights: Vectors
    bias: Vectors

    def relative(self, query: Vectors) -> Vectors:
        """Each class's probability divided by the likeliest one's."""
        logits = self.weights @ query + self.bias
        relative: Vectors = np.exp(logits - logits.max()).astype(np.float32)
        return relative

    def relative_rows(self, rows: Vectors) -> Vectors:
        """``relative`` for each of ``rows``: one row per vector, one column per class."""
        logits = rows @ self.weights.T + self.bias
        relative: Vectors = np.exp(logits - logits.max(axis=1, keepdims=True)).astype(np.float32)
        return relative


class ExampleClassifier:
    """Per passage, how likely a question is one of its examples' kind, next to the likeliest."""

    def __init__(
        self,
        chunk_count: int,
        classes: npt.NDArray[np.int64],
        weights: Vectors,
        bias: Vectors,
        *,
        documents: tuple[npt.NDArray[np.int64], Vectors, Vectors] | None = None,
    ) -> None:
        """``classes``: the positions of the passages it was fitted on, in the order of the
        rows of ``weights`` (one per passage, the model's dimension wide) and of ``bias``.
        ``documents``: each passage's document class (-1: none fitted) and the documents'
        weights and bias, when two documents or more have examples."""
        self._count = chunk_count
        self._classes = classes
        self._passages = _Softmax(weights, bias) if len(classes) else None
        # staff page sections scored by their kind (``lent_to``): none until lent
        self._borrowers = np.zeros(0, dtype=np.int64)
        self._kinds = np.zeros((0, 0), dtype=np.float32)
        self._of_class = np.zeros(0, dtype=np.int64)
        # which passages a document's probability scales, and by which document: worked out
        # once, not for every question
        self._documents = None
        if documents is not None:
            of_passage, document_weights, document_bias = documents
            scaled = np.flatnonzero(of_passage >= 0)
            model = _Softmax(document_weights, document_bias)
            self._documents = (scaled, of_passage[scaled], model)

    @property
    def classes(self) -> npt.NDArray[np.int64]:
        """The positions of the passages it was fitted on, in the order of its classes."""
        return self._classes

    def lent_to(
        self,
        borrowers: npt.NDArray[np.int64],
        vectors: Iterable[Vectors],
        groups: npt.NDArray[np.int64],
    ) -> ExampleClassifier:
        """A copy that scores each of ``borrowers`` (passages it was not fitted on; ``vectors``
        their passage vectors, in batches of rows) by the kind of questions its own text
        would be taken for. ``groups``: per fitted passage (in the order of ``classes``), the
        part of a document it stands in (a recommendation). For a question, a borrower gets
        the highest, over the groups, of the group's best score times how likely its text
        is of that group's kind, next to its likeliest group: a section on one
        recommendation scores as that recommendation's best passage, a general one (a
        contact section) a little below the question's favourite on any question."""
        lent = copy.copy(self)
        if len(borrowers) and self._passages is not None:
            labels, of_class = np.unique(groups, return_inverse=True)
            kinds = np.zeros((len(borrowers), len(labels)), dtype=np.float32)
            start = 0
            for batch in vectors:
                likely = self._passages.relative_rows(batch)
                np.add.at(kinds[start : start + len(batch)].T, of_class, likely.T)
                start += len(batch)
            lent._borrowers = np.asarray(borrowers, dtype=np.int64)
            # one row per group: the maximum over groups is then over whole rows (0.9 ms
            # a question at 100,000 sections, against 12 ms over each section's row)
            lent._kinds = np.ascontiguousarray((kinds / kinds.max(axis=1, keepdims=True)).T)
            lent._of_class = of_class.astype(np.int64)
        return lent

    @property
    def passages(self) -> int:
        """How many passages it tells apart."""
        return len(self._classes)

    @property
    def documents(self) -> int:
        """How many documents it tells apart (0: one document has examples, or none)."""
        return 0 if self._documents is None else len(self._documents[2].bias)

    @classmethod
    def fit(
        cls,
        chunk_count: int,
        examples: Sequence[AppliedExample],
        vectors: Vectors,
        *,
        documents: Sequence[str] = (),
        cache_dir: Path | None = None,
    ) -> ExampleClassifier | None:
        """Fitted on the examples (``vectors``: one row per example, as questions are
        searched): the passages on those that are not question headings, one row per passage
        an example is tied to; the documents (``documents``: each passage's, empty to leave
        them apart) on all the examples of those that have ``MIN_DOCUMENT_EXAMPLES``. Each
        passage, and each document, weighs the same. None when there is nothing to tell
        apart."""
        learned = [(row, example) for row, example in enumerate(examples) if not example.heading]
        rows = [row for row, example in learned for _ in example.chunks]
        labels = np.array([c for _, example in learned for c in example.chunks], dtype=np.int64)
        per_document = Counter(documents[e.chunks[0]] for e in examples) if documents else {}
        told = sorted(d for d, count in per_document.items() if count >= MIN_DOCUMENT_EXAMPLES)
        position = {name: n for n, name in enumerate(told)}
        in_documents = [
            r for r, e in enumerate(examples) if position and documents[e.chunks[0]] in position
        ]
        of_example = np.array(
            [position[documents[examples[r].chunks[0]]] for r in in_documents], dtype=np.int64
        )
        fit_passages = len(np.unique(labels)) >= MIN_PASSAGES
        fit_documents = len(told) >= MIN_PASSAGES
        if not fit_passages and not fit_documents:
            return None
        x = np.ascontiguousarray(vectors[rows], dtype=np.float32)
        document_x = np.ascontiguousarray(vectors[in_documents], dtype=np.float32)
        key = _key(chunk_count, labels, x, (of_example, document_x) if fit_documents else None)
        path = None if cache_dir is None else cache_dir / "classifier" / key
        of_passage = np.array([position.get(d, -1) for d in documents], dtype=np.int64)
        if path is not None and path.is_file():
            try:
                with np.load(path, allow_pickle=False) as stored:
                    return cls(
                        chunk_count, stored["classes"], stored["weights"], stored["bias"],
                        documents=(
                            (of_passage, stored["document_weights"], stored["document_bias"])
                            if fit_documents else None
                        ),
                    )  # fmt: skip
            except (OSError, ValueError, KeyError):
                pass  # fitted again, and the file replaced
        empty = np.zeros((0, vectors.shape[1]), dtype=np.float32)
        classes, weights, bias = np.zeros(0, dtype=np.int64), empty, np.zeros(0, np.float32)
        if fit_passages:
            classes, weights, bias = _fitted(x, labels, REGULARIZATION)
        document_weights, document_bias = empty, np.zeros(0, np.float32)
        if fit_documents:
            _, document_weights, document_bias = _fitted(
                document_x, of_example, DOCUMENT_REGULARIZATION
            )
        if path is not None:
            buffer = io.BytesIO()
            np.savez(
                buffer, classes=classes, weights=weights, bias=bias,
                document_weights=document_weights, document_bias=document_bias,
            )  # fmt: skip
            write_atomic(path, buffer.getvalue())
        return cls(
            chunk_count, classes, weights, bias,
            documents=(of_passage, document_weights, document_bias) if fit_documents else None,
        )  # fmt: skip

    def scores(self, query: Vectors) -> Vectors:
        """Each passage's probability divided by the likeliest one's (which gets 1); a
        borrower's by its kind (``lent_to``), 1 for any other passage it was not fitted
        on. Times its document's, divided by the likeliest document's, when documents are
        told apart."""
        result = np.ones(self._count, dtype=np.float32)
        if self._passages is not None:
            relative = self._passages.relative(query)
            result[self._classes] = relative
            if len(self._borrowers):
                best = np.zeros(self._kinds.shape[0], dtype=np.float32)
                np.maximum.at(best, self._of_class, relative)
                result[self._borrowers] = (self._kinds * best[:, None]).max(axis=0)
        if self._documents is not None:
            scaled, of_scaled, model = self._documents
            result[scaled] *= model.relative(query)[of_scaled]
        return result


def _fitted(
    x: Vectors, labels: npt.NDArray[np.int64], regularization: float
) -> tuple[npt.NDArray[np.int64], Vectors, Vectors]:
    """A balanced multinomial logistic regression: its classes, weights and bias, one row per
    class (also with two classes)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=regularization, class_weight="balanced", max_iter=2000)
    model.fit(x, labels)
    classes = model.classes_.astype(np.int64)
    weights = model.coef_.astype(np.float32)
    bias = model.intercept_.astype(np.float32)
    if len(classes) == 2:  # one row, the second class's log-odds: softmax over (0, z)
        weights = np.vstack([np.zeros_like(weights), weights])
        bias = np.concatenate([np.zeros_like(bias), bias])
    return classes, weights, bias


def _key(
    chunk_count: int,
    labels: npt.NDArray[np.int64],
    x: Vectors,
    documents: tuple[npt.NDArray[np.int64], Vectors] | None,
) -> str:
    digest = hashlib.sha256(f"{RECIPE} {chunk_count}".encode())
    digest.update(labels.tobytes())
    digest.update(x.tobytes())
    if documents is not None:
        for array in documents:
            digest.update(array.tobytes())
    return f"{digest.hexdigest()[:32]}.npz"
