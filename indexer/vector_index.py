"""The dense index FAISS searches: exact while the corpus is small, IVF above a size.

flat   ``IndexFlatIP``: every passage scored, exact. Below ``dense_index_threshold`` passages
       this costs less than embedding the question.
ivf    ``IndexIVFFlat`` with inner product: the passages are grouped around ``nlist``
       centroids (k-means on a sample) and a question scores only the passages of the
       ``nprobe`` groups nearest to it. Its recall@10 against exact search is measured at
       build time on the index's own vectors (a fixed sample of passages as queries);
       ``nprobe`` is doubled until the recall reaches ``ann_min_recall`` (at ``nprobe`` =
       ``nlist`` it is exact search, so the requirement is always met).

IVF rather than HNSW: on 100,000 passages on this machine HNSW (M 32, efConstruction 80) took
29-38 s to build, more than the 30 s an incremental build may take, and IVF 4-5 s for the same
recall (docs/BENCHMARKS.md). Both keep the full vectors: ``reconstruct`` works (IVF through
its direct map, which is saved with it), so answers can always be checked exactly. What kind
an index is and with which parameters is written in its manifest (``Manifest.vector_index``);
an index without that entry is a flat one (older versions).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from indexer.embedding import Vectors

FLAT = "flat"
IVF = "ivf"
RECALL_K = 10
TRAIN_POINTS_PER_LIST = 40
"""k-means sample per centroid (FAISS warns below 39)."""
_KMEANS_ITERATIONS = 10
_SEED = 13
_TIE = 1e-6  # a hit scoring as high as the exact 10th counts: duplicates are interchangeable


@dataclass(frozen=True, slots=True)
class VectorIndexPlan:
    """How to index vectors (from the settings)."""

    threshold: int = 20_000
    """Passage count from which the index is approximate (IVF)."""
    lists_per_sqrt: float = 1.0
    """nlist = this x sqrt(passages), rounded."""
    nprobe: int = 8
    """The first nprobe tried; doubled until the recall is reached."""
    min_recall: float = 0.99
    recall_queries: int = 500


@dataclass(frozen=True, slots=True)
class VectorIndexInfo:
    """What kind of index a version holds, its parameters and its measured recall."""

    kind: str = FLAT
    nlist: int = 0
    nprobe: int = 0
    train_points: int = 0
    recall_at_10: float = 1.0
    """Share of the exact top 10 the index finds (1.0 for exact search)."""
    recall_queries: int = 0
    """Passages used as queries to measure it (0 for exact search)."""
    centroids_reused: bool = False
    """The centroids are the previous version's (trained on ``train_points`` then)."""

    def to_manifest(self) -> dict[str, str | int | float]:
        entry: dict[str, str | int | float] = {"kind": self.kind, "metric": "inner_product"}
        if self.kind == IVF:
            entry |= {
                "nlist": self.nlist,
                "nprobe": self.nprobe,
                "train_points": self.train_points,
                "recall_at_10": self.recall_at_10,
                "recall_queries": self.recall_queries,
                "centroids": "reused" if self.centroids_reused else "trained",
            }
        return entry

    @classmethod
    def from_manifest(cls, entry: dict[str, str | int | float]) -> VectorIndexInfo:
        """The info a manifest records; an empty entry (older versions) is a flat index.
        KeyError, ValueError or TypeError if the entry is not one."""
        kind = str(entry.get("kind", FLAT))
        if kind == FLAT:
            return cls()
        if kind != IVF:
            raise ValueError(f"unknown vector index kind {kind!r}")
        return cls(
            kind=IVF,
            nlist=int(entry["nlist"]),
            nprobe=int(entry["nprobe"]),
            train_points=int(entry["train_points"]),
            recall_at_10=float(entry["recall_at_10"]),
            recall_queries=int(entry["recall_queries"]),
            centroids_reused=entry.get("centroids") == "reused",
        )

    @property
    def exact(self) -> bool:
        return self.kind == FLAT

    def describe(self) -> str:
        """One line for the build summary."""
        if self.exact:
            return "vector index: flat (exact search)"
        centroids = (
            "the previous version's centroids"
            if self.centroids_reused
            else f"trained on {self.train_points}"
        )
        return (
            f"vector index: ivf (nlist {self.nlist}, nprobe {self.nprobe}, {centroids}); "
            f"recall@{RECALL_K} {self.recall_at_10:.4f} against exact search on "
            f"{self.recall_queries} passages"
        )


def build_vector_index(
    vectors: Vectors, plan: VectorIndexPlan, previous: tuple[Any, VectorIndexInfo] | None = None
) -> tuple[Any, VectorIndexInfo]:
    """A FAISS index over L2-normalized vectors (row = chunk position) and what it is.

    ``previous`` is the live version's index (same model): if it is an IVF index with the same
    number of lists, its centroids are reused (no k-means) and the recall is measured from its
    nprobe up, so an incremental build costs seconds less; the recall is measured either way.
    """
    import faiss

    data = np.ascontiguousarray(vectors, np.float32)
    count, dimension = data.shape
    if count < plan.threshold:
        return _flat(data), VectorIndexInfo()
    nlist = max(1, min(round(plan.lists_per_sqrt * math.sqrt(count)), count // 39))
    reused = _centroids(previous, nlist, int(dimension))
    quantizer = faiss.IndexFlatIP(int(dimension))
    if reused is not None:
        quantizer.add(reused)
    index = faiss.IndexIVFFlat(quantizer, int(dimension), nlist, faiss.METRIC_INNER_PRODUCT)
    if reused is None:
        index.cp.niter = _KMEANS_ITERATIONS
        index.cp.seed = _SEED
        train_points = min(count, TRAIN_POINTS_PER_LIST * nlist)
        index.train(data[_sample(count, train_points)])
        nprobe = min(plan.nprobe, nlist)
    else:
        assert previous is not None
        train_points, nprobe = previous[1].train_points, previous[1].nprobe
    index.add(data)
    index.make_direct_map()
    queries = data[_sample(count, plan.recall_queries)]
    truth = _exact_top(data, queries)
    while True:
        index.nprobe = nprobe
        recall = _recall(index, queries, truth)
        if recall >= plan.min_recall or nprobe >= nlist:
            break
        nprobe = min(nprobe * 2, nlist)
    info = VectorIndexInfo(
        kind=IVF,
        nlist=nlist,
        nprobe=nprobe,
        train_points=train_points,
        recall_at_10=math.floor(recall * 10_000) / 10_000,
        recall_queries=len(queries),
        centroids_reused=reused is not None,
    )
    return index, info


def _centroids(
    previous: tuple[Any, VectorIndexInfo] | None, nlist: int, dimension: int
) -> Vectors | None:
    """The previous IVF index's centroids, if it has ``nlist`` of them in this dimension."""
    if previous is None or previous[1].kind != IVF or previous[1].nlist != nlist:
        return None
    index = previous[0]
    if index.d != dimension or index.nlist != nlist:
        return None
    centroids: Vectors = index.quantizer.reconstruct_n(0, nlist)
    return centroids


def apply_search_parameters(index: Any, info: VectorIndexInfo) -> None:
    """Set what the manifest says on a loaded index (nprobe for IVF)."""
    if info.kind == IVF:
        index.nprobe = info.nprobe


def kind_of(index: Any) -> str:
    """The kind of a loaded FAISS index, to compare with its manifest."""
    import faiss

    if isinstance(index, faiss.IndexIVFFlat):
        return IVF
    if isinstance(index, faiss.IndexFlatIP):
        return FLAT
    return type(index).__name__


def _flat(data: Vectors) -> Any:
    import faiss

    index = faiss.IndexFlatIP(int(data.shape[1]))
    index.add(data)
    return index


def _sample(count: int, size: int) -> Any:
    """A fixed sample of positions, so that a build measures the same way every time."""
    rng = np.random.default_rng(_SEED)
    return np.sort(rng.choice(count, size=min(size, count), replace=False))


def _exact_top(data: Vectors, queries: Vectors) -> Any:
    """Per query, the exact top-k positions and the k-th best score."""
    import faiss

    scores, positions = faiss.knn(
        queries, data, min(RECALL_K, len(data)), faiss.METRIC_INNER_PRODUCT
    )
    return positions, scores[:, -1]


def _recall(index: Any, queries: Vectors, truth: Any) -> float:
    """Share of the exact top-k found; a hit tied with the exact k-th counts."""
    positions, kth = truth
    k = positions.shape[1]
    scores, found = index.search(queries, k)
    hits = 0
    for exact_row, found_row, score_row, floor in zip(positions, found, scores, kth, strict=True):
        exact = set(exact_row.tolist())
        hits += sum(
            1
            for p, s in zip(found_row, score_row, strict=True)
            if p >= 0 and (p in exact or s >= floor - _TIE)
        )
    return float(hits / (len(queries) * k))
