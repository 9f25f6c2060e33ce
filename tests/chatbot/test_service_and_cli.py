from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from chatbot.cli import main
from chatbot.inputs import EMPTY_MESSAGE
from chatbot.scope import ScopeModel
from chatbot.service import Chatbot
from indexer.build import BuildReport
from indexer.settings import Settings
from indexer.store import IndexMismatchError
from tests.conftest import NOTE
from tests.fakes import HashingEmbedder
from web.chat.pages import TITLE, build_ui

ALWAYS_IN_SCOPE = ScopeModel(weights=(0.0, 0.0, 0.0), bias=1.0)
CONTRACT_KEYS = {"question", "in_scope", "outcome", "answer", "passages", "index", "language"}
CONTRACT_KEYS |= {"suggestions"}
PASSAGE_KEYS = {"id", "recommendation", "title", "section", "item", "page", "source", "text"}
PASSAGE_KEYS |= {"source_title", "score", "key_sentences"}


@pytest.fixture
def bot(built: BuildReport, settings: Settings, embedder: HashingEmbedder) -> Chatbot:
    return Chatbot(settings, embedder, ALWAYS_IN_SCOPE)


def test_answers_quote_the_right_passage_word_for_word(bot: Chatbot) -> None:
    answer = bot.ask("Wat is een onthardingsmakelaar?")
    assert answer.in_scope
    best = answer.hits[0].chunk
    assert (best.recommendation, best.section, best.item) == (6, "doorbraakproject", 3)
    source = " ".join(NOTE.read_text(encoding="utf-8").split())
    for hit in answer.hits:
        assert " ".join(hit.chunk.text.split()) in source
    assert (
        "Aanbeveling 6 · Baseer ruimtelijke realisaties op een regionale visie · "
        "Doorbraakproject 3" in answer.markdown
    )


def test_a_question_whose_best_passage_scores_below_the_threshold_is_out_of_scope(
    settings: Settings, embedder: HashingEmbedder, built: BuildReport
) -> None:
    strict = Chatbot(settings, embedder, ScopeModel(weights=(0.0, 0.0, 0.0), bias=-1.0))
    answer = strict.ask("Hoe laat vertrekt de bus naar de zee?")
    assert answer.result == "not_found" and not answer.in_scope
    assert answer.hits == ()
    assert "zegt hier niets over" in answer.markdown


def test_a_repeated_question_comes_from_the_cache(bot: Chatbot, embedder: HashingEmbedder) -> None:
    first = bot.ask("Wat is een UiT-pas?")
    embedded_before = embedder.queries_embedded
    again = bot.ask("  Wat is een   UiT-pas? ")
    assert embedder.queries_embedded == embedded_before
    assert again.hits == first.hits
    assert again.question == "  Wat is een   UiT-pas? "
    bot.ask("WAT IS EEN UIT-PAS?")  # the model reads case: not the cached answer
    assert embedder.queries_embedded > embedded_before


def test_the_answer_cache_keeps_the_most_recently_asked(
    built: BuildReport, settings: Settings, embedder: HashingEmbedder
) -> None:
    bot = Chatbot(settings.model_copy(update={"cache_size": 2}), embedder, ALWAYS_IN_SCOPE)
    first = {q: bot.ask(q) for q in ("Wat is een UiT-pas?", "Wat is ontharding?")}
    bot.ask("Wat is een UiT-pas?")  # used again: now the most recent
    bot.ask("Wie betaalt de fietspaden?")  # the third: the least recently used goes
    assert bot.ask("Wat is een UiT-pas?").hits is first["Wat is een UiT-pas?"].hits
    assert bot.ask("Wat is ontharding?").hits is not first["Wat is ontharding?"].hits


def test_chatbot_refuses_an_index_of_another_model(built: BuildReport, settings: Settings) -> None:
    with pytest.raises(IndexMismatchError):
        Chatbot(settings, HashingEmbedder(dimension=64, model_id="other")).load()


def test_building_if_missing(settings: Settings, embedder: HashingEmbedder) -> None:
    bot = Chatbot(settings, embedder)
    index = bot.load(build_if_missing=True)
    assert len(index.chunks) == 51
    assert embedder.passages_embedded == 51


def test_cli_prints_the_json_contract(bot: Chatbot) -> None:
    out = io.StringIO()
    assert main(["ask", "Wat is een onthardingsmakelaar?", "--json"], chatbot=bot, stdout=out) == 0
    data = json.loads(out.getvalue())
    assert set(data) == CONTRACT_KEYS
    assert data["passages"] and all(set(p) == PASSAGE_KEYS for p in data["passages"])
    assert data["passages"][0]["recommendation"] == 6
    assert data["passages"][0]["item"] == 3
    scores = [p["score"] for p in data["passages"]]
    assert scores == sorted(scores, reverse=True)


def test_cli_reads_questions_from_stdin_as_json_lines(bot: Chatbot) -> None:
    out = io.StringIO()
    questions = io.StringIO("Wat is een onthardingsmakelaar?\n\nWat is de UiT-pas?\n")
    assert main(["ask", "--json", "--stdin"], chatbot=bot, stdin=questions, stdout=out) == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["question"] for line in lines] == [
        "Wat is een onthardingsmakelaar?",
        "Wat is de UiT-pas?",
    ]
    assert lines[1]["passages"][0]["recommendation"] == 5


def test_cli_without_index_fails_with_a_message(
    settings: Settings, embedder: HashingEmbedder, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "vraag"], chatbot=Chatbot(settings, embedder)) == 1
    assert "python -m indexer build" in capsys.readouterr().err


def test_cli_needs_a_question_or_stdin(bot: Chatbot) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["ask"], chatbot=bot)
    assert exit_info.value.code == 2


def test_the_chat_page_builds_without_loading_anything(
    settings: Settings, embedder: HashingEmbedder
) -> None:
    bot = Chatbot(settings, embedder)
    page = build_ui(bot, settings)
    assert page.title == TITLE
    assert embedder.passages_embedded == 0


def test_stdin_lines_may_carry_the_conversation_and_a_bad_line_loses_nothing(
    bot: Chatbot,
) -> None:
    lines = [
        "Welke aanbevelingen zijn er?",
        json.dumps(
            {"question": "Vertel meer over nummer 11", "history": ["Welke aanbevelingen zijn er?"]}
        ),
        '{"question": 3}',
        json.dumps({"question": "en het derde project daarvan?", "history": ["aanbeveling 11"]}),
    ]
    out = io.StringIO()
    assert (
        main(["ask", "--stdin"], chatbot=bot, stdin=io.StringIO("\n".join(lines)), stdout=out) == 0
    )
    first, eleven, bad, third = (json.loads(line) for line in out.getvalue().splitlines())
    assert {p["section"] for p in first["passages"]} == {"inhoud"}
    assert {p["recommendation"] for p in eleven["passages"]} == {11}
    assert bad == {"error": "line 3: not a question (question must be text)"}  # not a string
    assert [(p["recommendation"], p["item"]) for p in third["passages"]] == [(11, 3)]


def test_a_long_conversation_costs_only_its_last_turns(bot: Chatbot) -> None:
    """Only the last few questions count: a thousand earlier turns neither recurse nor
    change the answer, and two conversations ending alike share nothing older."""
    endless = ["wat nog meer?"] * 1000
    answer = bot.ask("en het tweede doorbraakproject?", ["aanbeveling 7", *endless[:3]])
    assert answer.hits
    long = bot.ask("wat nog meer?", ["Wat is een onthardingsmakelaar?", *endless])
    assert long.hits or long.result == "not_found"


def test_empty_history_turns_do_not_count_and_bad_lines_are_named(bot: Chatbot) -> None:
    assert (
        bot.ask("wat nog meer?", ["aanbeveling 7", "", "  "]).hits
        == bot.ask("wat nog meer?", ["aanbeveling 7"]).hits
    )
    lines = ['{"question": "   "}', '{"question": "x", "history": "abc"}']
    out = io.StringIO()
    main(["ask", "--stdin"], chatbot=bot, stdin=io.StringIO("\n".join(lines)), stdout=out)
    empty, text = (json.loads(line) for line in out.getvalue().splitlines())
    assert empty == {"error": f"line 1: {EMPTY_MESSAGE}", "code": "empty_question"}
    assert text == {"error": "line 2: not a question (history must be a list of earlier questions)"}


def test_the_cli_checks_questions_as_the_chat_and_the_api_do(
    bot: Chatbot, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "  "], chatbot=bot) == 2
    assert EMPTY_MESSAGE in capsys.readouterr().err
    long = "Wat is een onthardingsmakelaar? " * 60
    assert main(["ask", long], chatbot=bot) == 2
    assert "question_too_long" in capsys.readouterr().err
    lines = [
        json.dumps({"question": long}),
        '{"vraag": "x"}',
        '{"question: ',
        "Wat is een UiT-pas?",
    ]
    out = io.StringIO()
    main(["ask", "--stdin"], chatbot=bot, stdin=io.StringIO("\n".join(lines)), stdout=out)
    too_long, no_key, broken, answered = (json.loads(x) for x in out.getvalue().splitlines())
    assert too_long["code"] == "question_too_long"
    assert no_key == {"error": 'line 2: not a question (an object needs "question")'}
    assert broken["error"].startswith("line 3: not a question (")
    assert answered["passages"]


def test_a_broken_examples_file_does_not_stop_the_chat(
    settings: Settings, embedder: HashingEmbedder, built: BuildReport, tmp_path: Path
) -> None:
    broken = tmp_path / "examples.jsonl"
    broken.write_text('{"question": "fietsen?", "passages": "abc"}\n', encoding="utf-8")
    bot = Chatbot(settings.model_copy(update={"examples_file": broken}), embedder, ALWAYS_IN_SCOPE)
    answer = bot.ask("Wat is een onthardingsmakelaar?")
    assert answer.hits and bot.answerer.examples.applied == ()
