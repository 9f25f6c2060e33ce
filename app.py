"""Alles Vloeit Vraagbaak: the web chat, a thin adapter over the ``chatbot`` package.

``python app.py [--host H] [--port P]`` builds the index if there is none (or the corpus
changed), loads the model once and serves the chat. Nothing heavy happens at import.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from indexer.settings import Settings, get_settings

if TYPE_CHECKING:
    import gradio as gr

    from chatbot.service import Chatbot

TITLE = "Alles Vloeit Vraagbaak"
DESCRIPTION = (
    "Stel een vraag over de regionale inspiratienota **Alles Vloeit** (IGEMO, 2023) voor "
    "Rivierenland, legislatuur 2025-2030. U krijgt de passages uit de nota die erover gaan, "
    "letterlijk geciteerd, met de aanbeveling waar ze staan."
)
EXAMPLES = [
    "Wat is een onthardingsmakelaar?",
    "Komen er betere fietspaden?",
    "Wat zegt de nota over kinderopvang?",
    "Hoe willen de gemeenten samen energie besparen?",
    "Welke aanbevelingen zijn er?",
]
PLACEHOLDER = "Stel uw vraag over de nota ..."
EMPTY_QUESTION = "Typ eerst een vraag over de nota 'Alles Vloeit'."


def respond(message: str, history: Sequence[Any], *, bot: Chatbot) -> str:
    """The chat handler: one question in, the Markdown answer out."""
    del history  # each question stands on its own for now
    if not message.strip():
        return EMPTY_QUESTION
    return bot.ask(message).markdown


def build_ui(bot: Chatbot, settings: Settings) -> gr.Blocks:
    """The chat page; all logic stays in ``respond`` and the chatbot package."""
    import gradio as gr

    footer = f"De volledige nota staat op [igemo.be]({settings.note_url})."
    with gr.Blocks(title=TITLE, analytics_enabled=False) as page:
        gr.ChatInterface(
            partial(respond, bot=bot),
            chatbot=gr.Chatbot(
                label="Gesprek",
                placeholder="Citaten uit de nota verschijnen hier.",
                height="65vh",
                feedback_options=None,
            ),
            textbox=gr.Textbox(
                placeholder=PLACEHOLDER,
                label="Uw vraag",
                show_label=False,
                max_lines=4,
                submit_btn="Vraag",
                stop_btn=False,
            ),
            title=TITLE,
            description=DESCRIPTION,
            examples=EXAMPLES,
            examples_label="Voorbeeldvragen",
            analytics_enabled=False,
            api_name="ask",
            flagging_mode="never",
        )
        gr.Markdown(footer)
    blocks: gr.Blocks = page
    return blocks


def _parser(settings: Settings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python app.py", description=f"Serve the {TITLE}.")
    parser.add_argument("--host", default=settings.host, help="address to listen on")
    parser.add_argument("--port", type=int, default=settings.port, help="port to listen on")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Build the index if needed, load the model, and serve until interrupted."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    settings = get_settings()
    args = _parser(settings).parse_args(argv)

    from chatbot.service import Chatbot

    bot = Chatbot(settings)
    print("Loading the index (building it if needed) ...", file=sys.stderr)
    bot.load(build_if_missing=True)
    bot.ask(EXAMPLES[0])  # warm up the model before the first visitor
    page = build_ui(bot, settings)
    page.queue(default_concurrency_limit=4, max_size=64)
    page.launch(server_name=args.host, server_port=args.port, footer_links=["api"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
