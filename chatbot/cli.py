"""Command line of the chatbot: ``python -m chatbot ask "vraag" [--json] [--stdin]``.

With ``--stdin`` each line is a question, or a JSON object ``{"question": "...", "history":
["...", ...]}`` that carries the conversation's earlier questions (oldest first); each answer
is one JSON line, and a line that cannot be read gets ``{"error": "..."}`` in its place.
A question passes the same rules as in the chat and the API (``chatbot.inputs``: not empty,
at most ``max_question_chars`` characters, no control characters); one that does not gets
their message, with their code.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from typing import TextIO

from chatbot.answer import Answer
from chatbot.inputs import Rejected, check_question
from chatbot.service import Chatbot
from indexer.settings import Settings, get_settings
from indexer.store import IndexStoreError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m chatbot",
        description="Ask the note 'Alles Vloeit' a question; its passages are quoted.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    ask = commands.add_parser("ask", help="answer a question (or one per line with --stdin)")
    ask.add_argument("question", nargs="?", help="the question, in Dutch, English or French")
    ask.add_argument("--json", action="store_true", help="print the JSON contract")
    ask.add_argument(
        "--stdin",
        action="store_true",
        help='one question per line, or {"question": ..., "history": [...]}; prints JSON Lines',
    )
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    settings: Settings | None = None,
    chatbot: Chatbot | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Run the command; returns the exit status (0 ok, 1 failed, 2 usage)."""
    parser = _parser()
    args = parser.parse_args(argv)
    out = stdout or sys.stdout
    if args.stdin == (args.question is not None):
        parser.error("give either a question or --stdin")
    bot = chatbot or Chatbot(settings or get_settings())
    if not args.stdin:  # refused before the index and the model are loaded
        checked = check_question(args.question, bot.settings.max_question_chars)
        if isinstance(checked, Rejected):
            print(f"error ({checked.code}): {checked.message}", file=sys.stderr)
            return 2
    try:
        bot.load()
        if args.stdin:
            for answer in _answers(bot, stdin or sys.stdin):
                data = answer if isinstance(answer, dict) else answer.to_dict()
                out.write(json.dumps(data, ensure_ascii=False) + "\n")
                out.flush()
        else:
            answer = bot.ask(args.question.strip())
            text = json.dumps(answer.to_dict(), ensure_ascii=False, indent=2)
            out.write((text if args.json else answer.markdown) + "\n")
    except IndexStoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _answers(bot: Chatbot, lines: Iterable[str]) -> Iterable[Answer | dict[str, str]]:
    limit = bot.settings.max_question_chars
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text:
            continue
        try:
            question, history = _read_line(text)
        except (ValueError, TypeError) as exc:
            yield {"error": f"line {number}: not a question ({exc})"}
            continue
        checked = check_question(question, limit)
        if isinstance(checked, Rejected):
            yield {"error": f"line {number}: {checked.message}", "code": checked.code}
            continue
        yield bot.ask(checked.question, history)


def _read_line(text: str) -> tuple[str, tuple[str, ...]]:
    """A line's question and earlier questions: the line itself, or its JSON object's."""
    if not text.startswith("{"):
        return text, ()
    data = json.loads(text)
    if not isinstance(data, dict) or "question" not in data:
        raise TypeError('an object needs "question"')
    question, history = data["question"], data.get("history", [])
    if not isinstance(question, str):
        raise TypeError("question must be text")
    if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        raise TypeError("history must be a list of earlier questions")
    return question, tuple(history)
