"""Questions embedded with ONNX Runtime: the same model and vectors, a third of the time.

Profiled, PyTorch spent about 20 ms on one short question, mostly in the overhead of many
small operations (each taking Python's lock back), and the process held 1.2 GB; ONNX Runtime
runs the exported graph of the same weights in about 7 ms, in one call that releases the
lock, and holds about half the memory. Its vectors match sentence-transformers' to 1e-6
(``tests/indexer/test_onnx_embedding.py``), so an index built with sentence-transformers
is searched with it unchanged; the fingerprint is the weight files', as before.

``OnnxEmbedder`` wraps the ``SentenceTransformerEmbedder`` of the same settings, which stays
the reference: it names the model, fingerprints its weights and counts tokens, and
``indexer build`` embeds passages with it. The graph is exported once, in a subprocess (see
``indexer.onnx_export``), next to the model folder, and exported again when the weights change
(or the way it is saved, ``LAYOUT``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from indexer import question_tokenizer
from indexer.cache import FingerprintCache
from indexer.embedding import SentenceTransformerEmbedder, Vectors, folder_json, folder_prompts
from indexer.onnx_export import LAYOUT, MODEL_FILE, RECORD_FILE
from indexer.question_tokenizer import QuestionTokenizer

if TYPE_CHECKING:
    from indexer.settings import Settings

EXPORT_TIMEOUT = 900.0


class OnnxExportError(RuntimeError):
    """The model could not be exported to ONNX."""


class OnnxEmbedder:
    """A mean-pooled, normalized sentence-transformers folder model run by ONNX Runtime."""

    def __init__(
        self,
        reference: SentenceTransformerEmbedder,
        export_dir: Path,
        *,
        fingerprints: FingerprintCache | None = None,
        batch_size: int = 16,
    ) -> None:
        self.reference = reference
        self._export_dir = export_dir
        self._fingerprints = fingerprints
        self._batch_size = batch_size
        self._lock = threading.Lock()
        self._session: Any = None
        self._one_thread: Any = None
        """The same graph and weights on one intra-op thread, for a call made while another
        runs (see ``_encode``)."""
        self._running = 0
        self._running_lock = threading.Lock()
        self._weights: dict[str, Any] = {}
        self._tokenizer: QuestionTokenizer | None = None
        self._prompts: dict[str, str] = {}
        self._fingerprint: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> OnnxEmbedder:
        name = Path(settings.model).name or "model"
        return cls(
            SentenceTransformerEmbedder.from_settings(settings),
            settings.models_dir / "onnx" / name,
            fingerprints=FingerprintCache(settings.cache_dir / "models"),
            batch_size=settings.batch_size,
        )

    # -- identity: the reference model's --------------------------------------------------

    @property
    def model_id(self) -> str:
        return self.reference.model_id

    def weights_stamp(self) -> str | None:
        return self.reference.weights_stamp()

    def fingerprint(self) -> str:
        if self._fingerprint is None:
            cache = self._fingerprints
            reference = self.reference
            self._fingerprint = cache.fingerprint(reference) if cache else reference.fingerprint()
        return self._fingerprint

    def count_tokens(self, text: str) -> int:
        return self.reference.count_tokens(text)

    def dimension(self) -> int:
        return int(self.embed_queries(["dimension"]).shape[1])

    # -- embedding -------------------------------------------------------------------------

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        del progress  # a few passages at most: the index is built with the reference
        return self._encode("document", texts)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._encode("query", texts)

    def _encode(self, kind: str, texts: Sequence[str]) -> Vectors:
        alone, tokenizer = self._load()
        if not texts:
            return np.zeros((0, self.dimension()), dtype=np.float32)
        # A call alone gets one thread per core; a call made while another runs gets one
        # thread, so two calls share the two cores instead of four threads contending for
        # them (8 clients, all new: 80-84 answers a second against 75-78; one question
        # alone as fast as before). docs/BENCHMARKS.md, session 13.
        with self._running_lock:
            session = alone if self._running == 0 else self._one_thread
            self._running += 1
        try:
            return self._vectors(session, tokenizer, kind, texts)
        finally:
            with self._running_lock:
                self._running -= 1

    def _vectors(
        self, session: Any, tokenizer: QuestionTokenizer, kind: str, texts: Sequence[str]
    ) -> Vectors:
        prompt = self._prompts[kind]
        every_id, every_mask = tokenizer.encode([prompt + text for text in texts])  # padded right
        lengths = every_mask.sum(axis=1)
        vectors: Vectors | None = None
        for group in length_groups(lengths.tolist(), self._batch_size):
            longest = int(lengths[group].max())
            ids, mask = every_id[group, :longest], every_mask[group, :longest]
            (hidden,) = session.run(None, {"input_ids": ids, "attention_mask": mask})
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            if vectors is None:
                vectors = np.empty((len(texts), pooled.shape[1]), dtype=np.float32)
            vectors[group] = pooled / norms
        assert vectors is not None
        return vectors

    def _load(self) -> tuple[Any, QuestionTokenizer]:
        if self._session is None:
            with self._lock:
                if self._session is None:
                    self._session, self._one_thread, self._tokenizer = self._open()
        assert self._tokenizer is not None
        return self._session, self._tokenizer

    def _open(self) -> tuple[Any, Any, QuestionTokenizer]:
        folder = self.reference.folder()
        if not supports(folder):
            raise OnnxExportError(
                f"{folder} is not a mean-pooled, normalized sentence-transformers folder; "
                "set VRAAGBAAK_QUERY_RUNTIME=torch"
            )
        model_file = self._exported(folder)
        # kept here: ONNX Runtime reads the values it was given, it does not own them
        self._weights = weights = shared_weights(model_file)
        alone, one_thread = _session(model_file, weights), _session(model_file, weights, 1)
        tokenizer = question_tokenizer.load(folder, model_file.parent)
        # the folder's own prompts win, as in sentence-transformers
        self._prompts = {**self.reference.prompts, **folder_prompts(folder)}
        return alone, one_thread, tokenizer

    def _exported(self, folder: Path) -> Path:
        """The exported graph of the current weights, exporting it first if needed."""
        fingerprint = self.fingerprint()
        record = folder_json(self._export_dir / RECORD_FILE)
        model_file = self._export_dir / MODEL_FILE
        current = (
            record.get("weights_fingerprint") == fingerprint and record.get("layout") == LAYOUT
        )
        if current and model_file.is_file():
            return model_file
        command = [
            sys.executable,
            "-m",
            "indexer.onnx_export",
            str(folder),
            str(self._export_dir),
            fingerprint,
        ]
        environment = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
        try:
            subprocess.run(
                command,
                check=True,
                capture_output=True,
                text=True,
                timeout=EXPORT_TIMEOUT,
                env=environment,
                cwd=Path(__file__).resolve().parent.parent,
            )
        except subprocess.CalledProcessError as error:
            last = (error.stderr or "").strip().splitlines()[-1:] or ["no message"]
            raise OnnxExportError(f"exporting {folder} to ONNX failed: {last[0]}") from None
        except subprocess.TimeoutExpired:
            raise OnnxExportError(f"exporting {folder} to ONNX took too long") from None
        return model_file


GROWTH = 2.0
"""A batch is cut where a text is this many times longer (in tokens) than the shortest of its
group: every text of a model call is padded to the longest, so one long message among short
questions would make all of them cost as much as it."""
MIN_CUT = 16
"""Texts of at most this many tokens stay together whatever their ratio: too short to matter."""


def length_groups(lengths: Sequence[int], size: int) -> list[list[int]]:
    """Positions grouped for model calls: by length, at most ``size`` each, a new group where
    the length grows ``GROWTH`` times (above ``MIN_CUT`` tokens)."""
    groups: list[list[int]] = []
    for position in sorted(range(len(lengths)), key=lengths.__getitem__):
        length = lengths[position]
        if groups:
            group = groups[-1]
            shortest = lengths[group[0]]
            if len(group) < size and (length <= MIN_CUT or length <= GROWTH * shortest):
                group.append(position)
                continue
        groups.append([position])
    return groups


def supports(folder: Path) -> bool:
    """Whether ``folder`` holds a transformer at its root, mean pooling and normalization."""
    try:
        modules = json.loads((folder / "modules.json").read_text("utf-8"))
        kinds = [str(m["type"]).rsplit(".", 1)[-1] for m in modules]
        paths = [str(m["path"]) for m in modules]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if kinds != ["Transformer", "Pooling", "Normalize"] or paths[0] != "":
        return False
    pooling = folder_json(folder / paths[1] / "config.json")
    return pooling.get("pooling_mode") == "mean" or bool(pooling.get("pooling_mode_mean_tokens"))


def _session(model_file: Path, weights: dict[str, Any], threads: int | None = None) -> Any:
    """An ONNX Runtime session of the graph on the given weights (``threads``: intra-op
    threads; None: one per core)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.inter_op_num_threads = 1
    if threads is not None:
        options.intra_op_num_threads = threads
    # Idle threads sleep rather than spin: in the server they share the two cores with
    # the web work, and spinning took the CPU from it (8 threads asking in process: about
    # 1.5-2 times the answers per second; one question alone was not slower).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    for name, value in weights.items():
        options.add_initializer(name, value)
    return onnxruntime.InferenceSession(
        str(model_file), options, providers=["CPUExecutionProvider"]
    )


def shared_weights(model_file: Path) -> dict[str, Any]:
    """The graph's weights stored beside it (``model.onnx.data``), memory-mapped read-only, as
    ONNX Runtime values that several sessions use without a copy each: a second session costs
    its own buffers (85 MB in a process holding only the model, 170-190 MB more in the
    server) instead of its whole weights again (the embedding matrix alone is 384 MB, and
    only the rows of the tokens asked are ever read in). Weights stored inside the graph are
    left to each session."""
    import onnx
    import onnxruntime
    from onnx import TensorProto, helper

    graph = onnx.load(str(model_file), load_external_data=False).graph
    weights: dict[str, Any] = {}
    for tensor in graph.initializer:
        if tensor.data_location != TensorProto.EXTERNAL:
            continue
        where = {entry.key: entry.value for entry in tensor.external_data}
        values = np.memmap(
            model_file.parent / where["location"],
            dtype=helper.tensor_dtype_to_np_dtype(tensor.data_type),
            mode="r",
            offset=int(where.get("offset", 0)),
            shape=tuple(tensor.dims),
        )
        weights[tensor.name] = onnxruntime.OrtValue.ortvalue_from_numpy(values)
    return weights
