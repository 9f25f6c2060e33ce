"""The question model's tokenizer in a fifth of the memory: a SentencePiece model of the
folder's ``tokenizer.json``, giving the same ids.

The ``tokenizers`` library holds the model's Unigram vocabulary of 250,000 pieces in a trie
of about 290 MB; SentencePiece holds the same pieces and scores in about 60 MB, and encodes a
question in less time. ``export`` writes the SentencePiece model and a small spec (the
normalizer's steps, the special tokens) beside the ONNX export, only when the folder's
tokenizer is a shape reproduced here (a Unigram model without byte fallback; a normalizer of
replacements and Unicode forms; Metaspace prepended always, not split; ``<s> A </s>``) and
the ids agree with the library's: the normalizer on every code point, the ids on a seeded
sample of mixed text. Otherwise it writes nothing and ``load`` gives the library's tokenizer.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from indexer.embedding import folder_json

MODEL_FILE = "tokenizer.model"
SPEC_FILE = "tokenizer.spec.json"
METASPACE = "\u2581"
UNICODE_FORMS = ("NFC", "NFD", "NFKC", "NFKD")

Ids = npt.NDArray[np.int64]


class QuestionTokenizer(Protocol):
    def encode(self, texts: Sequence[str]) -> tuple[Ids, Ids]:
        """Token ids padded right, and the attention mask, one row per text."""
        ...


class NotReproducedError(ValueError):
    """The folder's tokenizer is not a shape this module reproduces."""


def padded(rows: Sequence[Sequence[int]], pad: int) -> tuple[Ids, Ids]:
    """``rows`` padded right with ``pad`` into one array, and the mask of the real tokens."""
    width = max((len(row) for row in rows), default=0)
    ids = np.full((len(rows), width), pad, dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = row
        mask[i, : len(row)] = 1
    return ids, mask


class LibraryTokenizer:
    """The folder's ``tokenizer.json`` run by the ``tokenizers`` library."""

    def __init__(self, path: Path, *, max_length: int, pad_token: str) -> None:
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(path))
        self._tokenizer.enable_truncation(max_length)
        self._pad = self._tokenizer.token_to_id(pad_token) or 0

    def encode(self, texts: Sequence[str]) -> tuple[Ids, Ids]:
        return padded([e.ids for e in self._tokenizer.encode_batch(list(texts))], self._pad)


@dataclass(frozen=True)
class Spec:
    """What surrounds the SentencePiece model: the normalizer, the special tokens."""

    normalizer: tuple[dict[str, Any], ...]
    """The ``tokenizer.json`` normalizer's steps: ``Replace`` and Unicode forms."""
    unicode_exempt: str
    """Characters the library's Unicode tables leave alone where Python's change them (newer
    Unicode versions): kept as they are by the Unicode form steps."""
    added: dict[str, int]
    """Special tokens matched literally before normalizing (``<s>``, ``<mask>``)."""
    bos: int
    eos: int
    pad: int

    def to_json(self) -> str:
        return json.dumps(
            {
                "normalizer": list(self.normalizer),
                "unicode_exempt": self.unicode_exempt,
                "added": self.added,
                "bos": self.bos,
                "eos": self.eos,
                "pad": self.pad,
            },
            ensure_ascii=True,
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> Spec:
        data = json.loads(text)
        return cls(
            normalizer=tuple(data["normalizer"]),
            unicode_exempt=str(data["unicode_exempt"]),
            added={str(k): int(v) for k, v in data["added"].items()},
            bos=int(data["bos"]),
            eos=int(data["eos"]),
            pad=int(data["pad"]),
        )


class Normalizer:
    """The ``tokenizer.json`` normalizer's steps in Python."""

    def __init__(self, steps: Sequence[dict[str, Any]], unicode_exempt: str = "") -> None:
        self._steps = [_compiled(step) for step in steps]
        self._exempt = set(unicode_exempt)
        self._exempt_split = (
            re.compile("([" + "".join(map(re.escape, sorted(self._exempt))) + "])")
            if self._exempt
            else None
        )

    def __call__(self, text: str) -> str:
        for kind, pattern, content in self._steps:
            if kind == "replace":
                text = text.replace(pattern, content)
            elif kind == "regex":
                text = pattern.sub(content, text)
            else:
                text = self._unicode_form(kind, text)
        return text

    def _unicode_form(self, form: Any, text: str) -> str:
        if self._exempt_split is None:
            return unicodedata.normalize(form, text)
        parts = self._exempt_split.split(text)
        return "".join(p if p in self._exempt else unicodedata.normalize(form, p) for p in parts)


def _compiled(step: dict[str, Any]) -> tuple[str, Any, str]:
    kind = step.get("type")
    if kind in UNICODE_FORMS:
        return kind, None, ""
    if kind == "Replace":
        pattern, content = step["pattern"], str(step["content"])
        if "String" in pattern:
            return "replace", str(pattern["String"]), content
        # the library's regex syntax writes code points as \x{HEX}
        python = re.sub(r"\\x\{([0-9A-Fa-f]+)\}", _code_point, str(pattern["Regex"]))
        return "regex", re.compile(python), content.replace("\\", "\\\\")
    raise NotReproducedError(f"normalizer step {kind!r}")


def _code_point(match: re.Match[str]) -> str:
    return f"\\U{int(match.group(1), 16):08x}"


class SentencePieceTokenizer:
    """The exported SentencePiece model and its spec: the library's ids, less memory."""

    def __init__(self, model: bytes, spec: Spec, *, max_length: int) -> None:
        from sentencepiece import SentencePieceProcessor

        self._processor = SentencePieceProcessor(model_proto=model)
        self._spec = spec
        self._normalize = Normalizer(spec.normalizer, spec.unicode_exempt)
        self._added = (
            re.compile("(" + "|".join(map(re.escape, sorted(spec.added, key=len)[::-1])) + ")")
            if spec.added
            else None
        )
        self._max_length = max_length

    @classmethod
    def load(cls, folder: Path, *, max_length: int) -> SentencePieceTokenizer:
        spec = Spec.from_json((folder / SPEC_FILE).read_text("utf-8"))
        return cls((folder / MODEL_FILE).read_bytes(), spec, max_length=max_length)

    def ids(self, text: str) -> list[int]:
        """The text's ids between ``<s>`` and ``</s>``, cut to the model's length."""
        spec = self._spec
        ids: list[int] = []
        parts = self._added.split(text) if self._added else [text]
        for part in parts:
            if part in spec.added:
                ids.append(spec.added[part])
                continue
            normalized = self._normalize(part).replace(" ", METASPACE)
            if not normalized:
                continue
            if not normalized.startswith(METASPACE):
                normalized = METASPACE + normalized
            ids.extend(self._processor.encode(normalized))
        return [spec.bos, *ids[: self._max_length - 2], spec.eos]

    def encode(self, texts: Sequence[str]) -> tuple[Ids, Ids]:
        return padded([self.ids(text) for text in texts], self._spec.pad)


def folder_settings(model_folder: Path) -> tuple[int, str]:
    """The folder's longest input in tokens and its padding token, as sentence-transformers
    reads them."""
    config = folder_json(model_folder / "sentence_bert_config.json")
    pad = folder_json(model_folder / "tokenizer_config.json").get("pad_token") or "<pad>"
    return int(config.get("max_seq_length") or 512), str(pad)


def load(model_folder: Path, export_dir: Path) -> QuestionTokenizer:
    """The exported SentencePiece tokenizer if there is one, else the library's."""
    max_length, pad_token = folder_settings(model_folder)
    if (export_dir / MODEL_FILE).is_file() and (export_dir / SPEC_FILE).is_file():
        return SentencePieceTokenizer.load(export_dir, max_length=max_length)
    return LibraryTokenizer(
        model_folder / "tokenizer.json", max_length=max_length, pad_token=pad_token
    )


def export(model_folder: Path, target: Path) -> str:
    """Write the SentencePiece model and its spec into ``target`` if they give the library's
    ids; say what questions will be tokenized with ("sentencepiece", or "tokenizers" and why
    not)."""
    max_length, pad_token = folder_settings(model_folder)
    try:
        model, spec = convert(model_folder, pad_token)
        spec = check(model, spec, model_folder, max_length=max_length)
    except NotReproducedError as error:
        return f"tokenizers ({error})"
    (target / MODEL_FILE).write_bytes(model)
    (target / SPEC_FILE).write_text(spec.to_json() + "\n", "utf-8")
    return "sentencepiece"


def convert(model_folder: Path, pad_token: str) -> tuple[bytes, Spec]:
    """The folder's ``tokenizer.json`` as a SentencePiece model and spec (``NotReproducedError`` if
    it is not a shape reproduced here)."""
    from sentencepiece import sentencepiece_model_pb2

    protos: Any = sentencepiece_model_pb2  # generated protobuf classes: no type stubs

    data = json.loads((model_folder / "tokenizer.json").read_text("utf-8"))
    model = data.get("model") or {}
    if model.get("type") != "Unigram" or model.get("byte_fallback"):
        raise NotReproducedError("not a Unigram model without byte fallback")
    pre = data.get("pre_tokenizer") or {}
    always = pre.get("prepend_scheme") == "always" or pre.get("add_prefix_space") is True
    if pre.get("type") != "Metaspace" or pre.get("replacement") != METASPACE or not always:
        raise NotReproducedError("not a Metaspace pre-tokenizer that always prepends")
    if pre.get("split") is not False:
        raise NotReproducedError("a pre-tokenizer that splits words")
    normalizer = data.get("normalizer")
    steps = [] if normalizer is None else normalizer.get("normalizers", [normalizer])
    Normalizer(steps)  # raises NotReproducedError for a step it does not know
    added: dict[str, int] = {}
    for token in data.get("added_tokens", []):
        if token.get("normalized") or token.get("lstrip") or token.get("rstrip"):
            raise NotReproducedError(
                f"added token {token.get('content')!r} is not matched literally"
            )
        if token.get("single_word"):
            raise NotReproducedError(f"added token {token.get('content')!r} matches single words")
        added[str(token["content"])] = int(token["id"])
    bos, eos = _bos_and_eos(data.get("post_processor") or {})
    vocabulary: list[list[Any]] = model["vocab"]
    unk = model.get("unk_id")
    if unk is None:
        raise NotReproducedError("no unknown token")
    proto = protos.ModelProto()
    kinds = protos.ModelProto.SentencePiece
    for i, (piece, score) in enumerate(vocabulary):
        entry = proto.pieces.add()
        entry.piece, entry.score = piece, score
        if i == unk:
            entry.type = kinds.UNKNOWN
        elif piece in added:
            entry.type = kinds.CONTROL
    proto.trainer_spec.model_type = protos.TrainerSpec.UNIGRAM
    proto.trainer_spec.unk_id, proto.trainer_spec.unk_piece = unk, vocabulary[unk][0]
    proto.trainer_spec.bos_id = proto.trainer_spec.eos_id = proto.trainer_spec.pad_id = -1
    # the normalizer and Metaspace run in Python: SentencePiece only finds the pieces
    proto.normalizer_spec.name = "identity"
    proto.normalizer_spec.add_dummy_prefix = False
    proto.normalizer_spec.remove_extra_whitespaces = False
    proto.normalizer_spec.escape_whitespaces = False
    pad = next((i for i, (piece, _) in enumerate(vocabulary) if piece == pad_token), 0)
    spec = Spec(tuple(steps), "", added, bos, eos, added.get(pad_token, pad))
    return proto.SerializeToString(), spec


def _bos_and_eos(post: dict[str, Any]) -> tuple[int, int]:
    """The ids around a single text: ``<s> A </s>``."""
    if post.get("type") == "RobertaProcessing":
        return int(post["cls"][1]), int(post["sep"][1])
    single = post.get("single") or []
    shape = [next(iter(item)) for item in single]
    if post.get("type") != "TemplateProcessing" or shape != [
        "SpecialToken",
        "Sequence",
        "SpecialToken",
    ]:
        raise NotReproducedError("not a <s> A </s> post-processor")
    tokens = post.get("special_tokens") or {}
    first, last = single[0]["SpecialToken"]["id"], single[2]["SpecialToken"]["id"]
    return int(tokens[first]["ids"][0]), int(tokens[last]["ids"][0])


def check(model: bytes, spec: Spec, model_folder: Path, *, max_length: int) -> Spec:
    """``spec`` with the characters the library's Unicode tables leave alone, after checking
    the normalizer on every code point and the ids on a seeded sample (``NotReproducedError`` on a
    difference)."""
    from tokenizers import Tokenizer

    library = Tokenizer.from_file(str(model_folder / "tokenizer.json"))
    chars = [chr(cp) for cp in range(1, 0x110000) if not 0xD800 <= cp < 0xE000]
    # U+0000 separates the characters: a starter, it blocks composition across them
    joined = "\0".join(chars)
    theirs = library.normalizer.normalize_str(joined) if library.normalizer else joined
    expected = theirs.split("\0")
    ours = Normalizer(spec.normalizer)(joined).split("\0")
    if len(expected) != len(chars) or len(ours) != len(chars):
        raise NotReproducedError("a normalizer that removes U+0000")
    differing = [(c, e) for c, e, o in zip(chars, expected, ours, strict=True) if e != o]
    if any(c != e for c, e in differing):
        raise NotReproducedError("a normalizer that differs from Python's on a changed character")
    exempt = "".join(c for c, _ in differing)
    spec = replace(spec, unicode_exempt=exempt)
    again = Normalizer(spec.normalizer, exempt)(joined).split("\0")
    if again != expected:
        raise NotReproducedError("a normalizer that differs from Python's")
    library.enable_truncation(max_length)
    try:
        tokenizer = SentencePieceTokenizer(model, spec, max_length=max_length)
    except RuntimeError as error:  # SentencePiece refused the pieces (a duplicate, say)
        raise NotReproducedError(str(error)) from error
    for text in sample_texts(spec):
        if tokenizer.ids(text) != library.encode(text).ids:
            raise NotReproducedError(f"other ids for {text[:40]!r}")
    return spec


def sample_texts(spec: Spec, count: int = 3000) -> list[str]:
    """Sentences, and seeded random strings of characters that tokenizers treat specially."""
    sentences = [
        "Komen er betere fietspaden tussen Mechelen en Bonheiden?",
        "ze leggen hier alles vol beton, gaat da ooit stoppen?",
        "Que dit la note sur le logement abordable à Willebroek ?",
        "What does the note say about flooding along the Nete? 🏠 café, naïve, coöperatie",
        " ".join(["Een lange passage over water en ruimte in Rivierenland."] * 80),
        "",
        " ",
    ]
    alphabet = [
        *"abcXYZ019 ,.?!'\"-()/:;",
        *"éèçÇÉöëïœß€…\u2018\u2019\u201c\u201d\u2013\u2014",
        *"\t\n\r\x0b\x0c\x01\x1f\x7f\xa0\u1680\u2000\u200b\u200d\u2028\u3000\ufeff\ufffd",
        *"中文字日本語한국어ΑΩжЖאب",
        *"😀🏠🈻👍🏽\uff5e\uff46\uff55\uff4c①ﬁ㎡½²",
        METASPACE,
        *spec.added,
        *spec.unicode_exempt[:20],
    ]
    draw = random.Random(20261201)
    texts = [*sentences, *("query: " + s for s in sentences)]
    while len(texts) < count:
        length = draw.randint(0, 40)
        texts.append("".join(draw.choice(alphabet) for _ in range(length)))
    return texts
