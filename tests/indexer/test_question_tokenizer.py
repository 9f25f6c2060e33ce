"""The question model's tokenizer as a SentencePiece model: the library's ids, or the library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tokenizers import (
    AddedToken,
    Regex,
    Tokenizer,
    models,
    normalizers,
    pre_tokenizers,
    processors,
)

from indexer import question_tokenizer
from indexer.embedding import SentenceTransformerEmbedder
from indexer.question_tokenizer import (
    MODEL_FILE,
    SPEC_FILE,
    LibraryTokenizer,
    SentencePieceTokenizer,
)
from indexer.settings import get_settings
from tests.conftest import NOTE

PIECES = ["▁de", "▁het", "▁fiets", "pad", "en", "▁water", "▁Mechelen", "▁", "e", "n", "d"]


def small_folder(
    folder: Path, *, split: bool = False, normalizer: normalizers.Normalizer | None = None
) -> Path:
    """A model folder holding only a small Unigram tokenizer shaped like the e5 model's."""
    specials = ["<s>", "<pad>", "</s>", "<unk>"]
    vocabulary = [(p, 0.0) for p in specials] + [(p, -1.0 - i) for i, p in enumerate(PIECES)]
    tokenizer = Tokenizer(models.Unigram(vocabulary, 3, False))
    tokenizer.normalizer = normalizer or normalizers.Sequence(
        [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace("▁", "always", split=split)
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)]
    )
    tokenizer.add_special_tokens([AddedToken(p, special=True, normalized=False) for p in specials])
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer.save(str(folder / "tokenizer.json"))
    (folder / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 16}))
    return folder


def library(folder: Path) -> LibraryTokenizer:
    return LibraryTokenizer(folder / "tokenizer.json", max_length=16, pad_token="<pad>")


TEXTS = [
    "de fietspaden en het water in Mechelen",
    "  de\t\tfiets <s> pad</s>",
    "\uff46\uff49\uff45\uff54\uff53 \u2460",  # full-width letters, a circled digit: NFKC
    "onbekende tekens 😀 中文",
    "",
    "de " * 30,  # past 16 tokens: cut, <s> and </s> kept
]


def test_a_unigram_tokenizer_is_exported_with_the_same_ids(tmp_path: Path) -> None:
    folder = small_folder(tmp_path / "model")
    target = tmp_path / "export"
    target.mkdir()
    assert question_tokenizer.export(folder, target) == "sentencepiece"
    ours = question_tokenizer.load(folder, target)
    assert isinstance(ours, SentencePieceTokenizer)
    theirs = library(folder)
    ids, mask = ours.encode(TEXTS)
    expected_ids, expected_mask = theirs.encode(TEXTS)
    assert ids.tolist() == expected_ids.tolist() and mask.tolist() == expected_mask.tolist()
    assert ids.shape == (len(TEXTS), 16)  # padded to the longest, which was cut to 16
    assert ids[-1, -1] == 2 and ids[3].tolist().count(3) >= 1  # </s> after a cut; <unk>
    assert ids[1].tolist().count(0) == 2  # "<s>" typed in the text stays the special token


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"split": True}, "splits words"),
        ({"normalizer": normalizers.Lowercase()}, "normalizer step 'Lowercase'"),
    ],
)
def test_another_shape_keeps_the_library(
    tmp_path: Path, change: dict[str, object], reason: str
) -> None:
    folder = small_folder(tmp_path / "model", **change)  # type: ignore[arg-type]
    target = tmp_path / "export"
    target.mkdir()
    said = question_tokenizer.export(folder, target)
    assert said.startswith("tokenizers (") and reason in said
    assert not (target / MODEL_FILE).exists() and not (target / SPEC_FILE).exists()
    tokenizer = question_tokenizer.load(folder, target)
    assert isinstance(tokenizer, LibraryTokenizer)
    assert (
        tokenizer.encode(["de fiets"])[0].tolist()
        == library(folder).encode(["de fiets"])[0].tolist()
    )


def test_ids_that_differ_keep_the_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check compares ids on a sample; one difference and nothing is written."""
    folder = small_folder(tmp_path / "model")
    target = tmp_path / "export"
    target.mkdir()
    original = SentencePieceTokenizer.ids

    def off_by_one(self: SentencePieceTokenizer, text: str) -> list[int]:
        ids = original(self, text)
        return [*ids[:-1], 1, ids[-1]] if "pad" in text else ids

    monkeypatch.setattr(SentencePieceTokenizer, "ids", off_by_one)
    said = question_tokenizer.export(folder, target)
    assert said.startswith("tokenizers (other ids for")
    assert not (target / MODEL_FILE).exists()


def real_texts() -> list[str]:
    """The note's paragraphs and every evaluation question, conversation turns included."""
    texts = NOTE.read_text(encoding="utf-8").split("\n\n")
    root = Path(__file__).resolve().parents[2] / "evaluation"
    for path in root.rglob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line) if line.strip() else {}
            texts += [v for v in record.values() if isinstance(v, str)]
            turns = record.get("turns", [])
            texts += [t["question"] for t in turns if isinstance(t, dict) and "question" in t]
    return texts


@pytest.mark.slow
def test_the_e5_tokenizer_gives_the_same_ids_on_the_note_and_every_question(
    tmp_path: Path,
) -> None:
    folder = SentenceTransformerEmbedder.from_settings(get_settings()).folder()
    assert question_tokenizer.export(folder, tmp_path) == "sentencepiece"
    ours = question_tokenizer.load(folder, tmp_path)
    theirs = LibraryTokenizer(folder / "tokenizer.json", max_length=512, pad_token="<pad>")
    texts = ["query: " + t for t in real_texts()]
    assert len(texts) > 5000
    for start in range(0, len(texts), 500):
        batch = texts[start : start + 500]
        assert ours.encode(batch)[0].tolist() == theirs.encode(batch)[0].tolist()
