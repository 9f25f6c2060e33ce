"""The Gradio views: the full chat page at ``/`` and the compact embed view at ``/embed/``.

Their layout is ``web.chat.layout``, what each event does ``web.chat.events``; texts live in
``web.texts`` and answers become cards in ``web.chat.cards``; answering is ``chatbot``, through
``web.questions.gate`` and ``web.questions.backend``. Gradio is imported inside the builders
so that importing this module stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from web.questions.backend import Service
from web.templating import static_file

if TYPE_CHECKING:
    import gradio as gr

    from chatbot.service import Chatbot
    from indexer.settings import Settings

TITLE = "Alles Vloeit Vraagbaak"
CITIZEN_STARTERS = [
    "Wat is een onthardingsmakelaar?",
    "Komen er betere fietspaden?",
    "Wat zegt de nota over kinderopvang?",
    "Wat doet de regio tegen hitte en wateroverlast?",
]
"""Starter questions for citizens: buttons on an empty chat (not the example questions
of ``examples_file``, which teach the retrieval)."""
POLITICIAN_STARTERS = [
    "Welke aanbevelingen zijn er?",
    "Hoe kunnen de besturen samen hun financiën versterken?",
    "Hoe willen de gemeenten samen energie besparen?",
    "Wat stelt de nota voor rond personeel en talent?",
]
"""Starter questions for politicians and policy makers."""
WIDGET_STARTERS = [CITIZEN_STARTERS[0], CITIZEN_STARTERS[1], POLITICIAN_STARTERS[0]]
"""The widget has room for three."""
TEAL = (
    "#eef6f8",
    "#d5e9ee",
    "#abd3dd",
    "#7db9c8",
    "#3f93a8",
    "#00708a",
    "#005a70",
    "#00475a",
    "#003646",
    "#002733",
    "#001a22",
)
"""The accent colour's shades, 50 to 950 (white text on 500 and darker passes AA)."""

LANGUAGE_JS = static_file("page-language.js")
"""Gradio's page template says lang="en" but the interface is Dutch by default (screen readers
need to know; the language switch changes it), and it names the conversation log in English.
Only on the app's own pages: as a ``<gradio-app>`` web component it leaves the host's."""
EMBED_CSS = static_file("embed.css")


def build_ui(bot: Chatbot, settings: Settings, service: Service | None = None) -> gr.Blocks:
    """The full chat page: header, language switch, the chat and the note to browse."""
    from web.chat.ask_endpoint import API_DESCRIPTION, API_NAME, ask_handler
    from web.chat.layout import build_page

    service = service or Service(bot, settings)
    return build_page(
        service,
        title=TITLE,
        citizen_starters=CITIZEN_STARTERS,
        politician_starters=POLITICIAN_STARTERS,
        api=ask_handler(service),
        api_name=API_NAME,
        api_description=API_DESCRIPTION,
    )


def build_embed_ui(service: Service) -> gr.Blocks:
    """The compact chat for the widget: no page chrome, fits 380x600, usable at 320 px wide."""
    from web.chat.layout import build_embed

    return build_embed(service, title=TITLE, starters=WIDGET_STARTERS)


def theme() -> gr.themes.Base:
    """Gradio's default look with its bundled font's complete regular and bold faces.

    The default theme declares weight 600, whose bundled file holds only some capitals, so
    headings and bold text mixed two fonts; 600 now renders with the bold face. The accent is
    a dark teal instead of orange: white text on orange fails WCAG contrast.
    """
    import gradio as gr

    font = gr.themes.LocalFont("Source Sans Pro", weights=(400, 700))
    teal = gr.themes.Color(*TEAL, name="vraagbaak-teal")
    return gr.themes.Default(
        primary_hue=teal, font=(font, "ui-sans-serif", "system-ui", "sans-serif")
    )
