"""The Gradio views: the full chat page at ``/`` and the compact embed view at ``/embed/``.

Only texts and layout live here; answering is ``chatbot`` (through ``web.service``).
Gradio is imported inside the builders so that importing this module stays light.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from web.service import NotReadyError, Service

if TYPE_CHECKING:
    import gradio as gr

    from chatbot.service import Chatbot
    from indexer.settings import Settings

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
NOT_READY = (
    "De vraagbaak is nog aan het opstarten of tijdelijk niet beschikbaar. "
    "Probeer het over een minuutje opnieuw."
)
EMBED_INTRO = (
    "Vraag naar wat de nota **Alles Vloeit** zegt. U krijgt de passages letterlijk geciteerd, "
    "met de aanbeveling waar ze staan."
)
CHAT_API_NAME = "ask"
"""The chat endpoint's name for Gradio's clients: ``client.predict(q, api_name="/ask")``."""

LANGUAGE_JS = "() => { if (window.gradio_config) document.documentElement.lang = 'nl'; }"
"""Gradio's page template says lang="en" but the interface is Dutch (screen readers need to
know). Only on the app's own pages: as a ``<gradio-app>`` web component it leaves the host's."""
EMBED_CSS = """
html, body, gradio-app { height: 100%; }
.gradio-container { height: 100vh; height: 100dvh; min-height: 0 !important; overflow: hidden; }
.gradio-container .main.fillable { padding: 6px 8px 4px !important; min-width: 0; }
.gradio-container :is(div, main):has(#vraagbaak-chat) { min-height: 0 !important; gap: 6px; }
#vraagbaak-chat { flex: 1 1 0 !important; min-height: 120px !important; }
#vraagbaak-chat .placeholder-content { padding: 0 10px; }
.vraagbaak-embed-footer { font-size: 13px; text-align: center; }
.vraagbaak-embed-footer p { margin: 0; }
.vraagbaak-embed-footer a { padding: 0 !important; }
"""

ChatHandler = Callable[[str, list[Any]], Coroutine[Any, Any, str]]


def respond(message: str, history: Sequence[Any], *, bot: Chatbot) -> str:
    """One question in, the Markdown answer out (synchronously, without the service)."""
    if not message.strip():
        return EMPTY_QUESTION
    return bot.ask(message, _earlier_questions(history)).markdown


def chat_handler(service: Service) -> ChatHandler:
    """The async chat function Gradio calls: answers through the service's shared limit."""

    async def handle(message: str, history: list[Any]) -> str:
        if not message.strip():
            return EMPTY_QUESTION
        try:
            answer = await service.ask(message, _earlier_questions(history))
        except NotReadyError:
            return NOT_READY
        return answer.markdown

    return handle


def _earlier_questions(history: Sequence[Any]) -> list[str]:
    """The user's earlier questions from Gradio's message history, oldest first."""
    return [
        item["content"]
        for item in history
        if isinstance(item, dict)
        and item.get("role") == "user"
        and isinstance(item.get("content"), str)
    ]


def build_ui(bot: Chatbot, settings: Settings, service: Service | None = None) -> gr.Blocks:
    """The full chat page."""
    import gradio as gr

    service = service or Service(bot, settings)
    footer = f"De volledige nota staat op [igemo.be]({settings.note_url})."
    with gr.Blocks(title=TITLE, analytics_enabled=False) as page:
        gr.ChatInterface(
            chat_handler(service),
            chatbot=gr.Chatbot(
                label="Gesprek",
                placeholder="Citaten uit de nota verschijnen hier.",
                height="65vh",
                feedback_options=None,
                buttons=["copy", "copy_all"],  # no "share" to a third-party site
            ),
            textbox=_textbox(),
            title=TITLE,
            description=DESCRIPTION,
            examples=EXAMPLES,
            examples_label="Voorbeeldvragen",
            analytics_enabled=False,
            api_name=CHAT_API_NAME,
            api_description="Beantwoordt een vraag over de nota met letterlijke citaten.",
            flagging_mode="never",
            fill_height=False,
        )
        gr.Markdown(footer)
    blocks: gr.Blocks = page
    return blocks


def build_embed_ui(service: Service) -> gr.Blocks:
    """The compact chat for the widget: no page chrome, fits 380x600, usable at 320 px wide."""
    import gradio as gr

    link = escape(service.settings.note_url, quote=True)
    with gr.Blocks(title=TITLE, analytics_enabled=False, fill_height=True) as page:
        gr.ChatInterface(
            chat_handler(service),
            chatbot=gr.Chatbot(
                label="Gesprek",
                show_label=False,
                elem_id="vraagbaak-chat",
                placeholder=EMBED_INTRO,
                height=None,
                scale=1,
                feedback_options=None,
                buttons=["copy", "copy_all"],  # no "share" to a third-party site
            ),
            textbox=_textbox(),
            examples=EXAMPLES[:3],
            analytics_enabled=False,
            api_name=CHAT_API_NAME,
            api_visibility="private",
            flagging_mode="never",
            autofocus=False,
            fill_height=True,
        )
        gr.HTML(
            f'<p>De volledige nota staat op <a href="{link}" target="_blank" '
            'rel="noopener">igemo.be</a>.</p>',
            elem_classes="vraagbaak-embed-footer",
            padding=False,
        )
    blocks: gr.Blocks = page
    return blocks


def theme() -> gr.themes.Base:
    """Gradio's default look with its bundled font's complete regular and bold faces.

    The default theme declares weight 600, whose bundled file holds only some capitals, so
    headings and bold text mixed two fonts; 600 now renders with the bold face.
    """
    import gradio as gr

    font = gr.themes.LocalFont("Source Sans Pro", weights=(400, 700))
    return gr.themes.Default(font=(font, "ui-sans-serif", "system-ui", "sans-serif"))


def _textbox() -> gr.Textbox:
    import gradio as gr

    return gr.Textbox(
        placeholder=PLACEHOLDER,
        label="Uw vraag",
        show_label=False,
        max_lines=4,
        submit_btn="Vraag",
        stop_btn=False,
    )
