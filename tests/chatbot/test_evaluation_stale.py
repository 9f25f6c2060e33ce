"""The run as if each recommendation in turn were rewritten: its examples left out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chatbot.evaluation.sets import Expected, Question
from chatbot.evaluation.stale import format_runs, stale_runs
from indexer.examples import passage_key
from indexer.settings import Settings
from indexer.versions import load_live_index
from tests.fakes import HashingEmbedder


@pytest.mark.usefixtures("built")
def test_each_recommendation_is_asked_without_its_examples(
    settings: Settings, embedder: HashingEmbedder, tmp_path: Path
) -> None:
    chunks = load_live_index(settings.index_root).chunks
    six = next(c for c in chunks if (c.recommendation, c.item) == (6, 3))
    five = next(c for c in chunks if c.recommendation == 5)
    examples = tmp_path / "examples.jsonl"
    lines = [
        {"question": "wie helpt gemeenten ontharden?", "passages": [passage_key(six.text)]},
        {"question": "is er een uitpas?", "passages": [passage_key(five.text)]},
        {"question": "hoe laat is het zwembad open?", "passages": []},
    ]
    examples.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    with_examples = settings.model_copy(update={"examples_file": examples})
    questions = [
        Question("q1", "Wat doet een onthardingsmakelaar?", "fact", (Expected(6, 3),)),
        Question("q2", "Welke aanbevelingen gaan over water?", "cross", (Expected(6), Expected(9))),
        Question("q3", "Wanneer is het stadhuis open?", "out_of_scope", ()),
    ]
    six_run, five_run = stale_runs(
        with_examples, questions, embedder=embedder, recommendations=[6, 5]
    )
    assert (six_run.recommendation, six_run.examples_left_out, six_run.questions) == (6, 1, 1)
    assert six_run.found_first == 1  # "onthardingsmakelaar" stands in 6.3 alone
    assert six_run.out_of_scope == 1
    assert (five_run.examples_left_out, five_run.questions) == (1, 0)  # q2 needs two
    table = format_runs([six_run, five_run])
    assert table.splitlines()[-1].startswith("| all | 2 | 1 | ")
    assert "| 5 | 1 | 0 | - |" in table
