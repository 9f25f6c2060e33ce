"""The two Gradio views, built from the same parts: the chat page (header, language switch,
a chat tab and a browse tab) and the compact chat of the widget.

The chat part: starter questions on an empty chat, the conversation (an ARIA log, so new
answers are announced), thumbs up and down with an optional comment, the question box, and
a status line that screen readers announce. Texts follow the language switch; quotes stay
Dutch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import gradio as gr
from markupsafe import Markup

from web.chat.browse import render_browse
from web.chat.cards import esc, new_window_link
from web.chat.conversation import Conversation
from web.chat.events import Chat
from web.questions.backend import Service
from web.templating import render, static_file
from web.texts import DEFAULT, LANGUAGE_NAMES, LANGUAGES, SWITCH_LABEL, text

CHAT_ID = "vb-chat"
SR = "vb-sr-block"
"""For blocks that only screen readers need (headings): out of sight and out of the layout."""
STATUS_JS = "element.setAttribute('role', 'status'); element.setAttribute('aria-live', 'polite');"
"""Makes the status line a live region once, so that each new message in it is announced."""
SHOW_ANSWER_JS = static_file("show-answer.js")
"""After an answer: scroll the conversation to the question, so the answer reads from its
start (Gradio's autoscroll would show the end of a long answer)."""
SET_LANGUAGE_JS = static_file("set-language.js")
"""The page's language (screen readers need it) and the conversation log's name follow the
switch; Gradio names the log in English."""


CACHE_CLEANUP = (3600, 3600)
"""Gradio deletes files in its cache older than an hour, every hour (the chat takes no uploads
and makes no files; this bounds whatever Gradio might still write)."""


def stylesheet() -> str:
    """The views' own styles, injected into the page head as a ``<style>`` element."""
    return static_file("vraagbaak.css")


@dataclass
class ChatParts:
    """The components of one chat, for wiring events and switching languages."""

    starters: gr.Column
    starter_headings: list[gr.HTML]
    starter_buttons: list[tuple[gr.Button, str]]
    chatbot: gr.Chatbot
    status: gr.HTML
    comment_form: gr.Group
    comment: gr.Textbox
    send: gr.Button
    box: gr.Textbox
    ask: gr.Button
    new_chat: gr.Button
    footer: gr.HTML
    conversation: gr.State
    """The conversation, kept on the server (``Conversation``): events read it instead of the
    chat component's value, which the browser would send with every question."""
    pending: gr.State
    """The question the latest ``add_question`` admitted ("" when refused), for ``proceed``."""
    rated: gr.State
    compact: bool


def build_page(
    service: Service,
    *,
    title: str,
    citizen_starters: Sequence[str],
    politician_starters: Sequence[str],
    api: Callable[..., Any] | None = None,
    api_name: str = "ask",
    api_description: str = "",
) -> gr.Blocks:
    """The full chat page; ``api`` becomes the named endpoint for Gradio's clients."""
    settings = service.settings
    chat = Chat(service, settings, "chat")
    with gr.Blocks(title=title, analytics_enabled=False, delete_cache=CACHE_CLEANUP) as page:
        _style()
        remembered = gr.BrowserState("", storage_key="vraagbaak-language")
        with gr.Row(elem_id="vb-header", equal_height=False):
            header = gr.HTML(_header_html(title, DEFAULT), padding=False, elem_id="vb-title")
            language = _language_switch(compact=False)
        # "wrap": both tabs always stay tabs. In Gradio's default "menu" mode a tab measured
        # as not fitting (a narrow phone, or a layout measured before the page settled)
        # moves into a "..." menu, where people (and CI on a busy machine) do not find it.
        with gr.Tabs(elem_id="vb-tabs", overflow_behavior="wrap"):
            with gr.Tab(text(DEFAULT, "tab_chat"), id="chat") as chat_tab:
                parts = _chat_parts(
                    settings.note_url,
                    [
                        ("starters_citizens", citizen_starters),
                        ("starters_politicians", politician_starters),
                    ],
                    compact=False,
                )
            with gr.Tab(text(DEFAULT, "tab_browse"), id="browse") as browse_tab:
                browse = gr.HTML("", padding=False, elem_id="vb-browse")
        _wire(chat, parts, language, remembered, page)

        def apply_language(lang: str, request: gr.Request | None = None) -> list[Any]:
            if chat.limited(request):
                return [gr.skip()] * (4 + len(_text_outputs(parts)))
            return [
                _header_html(title, lang),
                gr.update(label=text(lang, "tab_chat")),
                gr.update(label=text(lang, "tab_browse")),
                render_browse(chat.outline(), lang, settings.note_url),
                *_chat_texts(parts, lang, settings.note_url),
            ]

        language.change(
            apply_language,
            [language],
            [header, chat_tab, browse_tab, browse, *_text_outputs(parts)],
            js=SET_LANGUAGE_JS,
            queue=False,
            show_progress="hidden",
            api_visibility="private",
        )

        def browse_view(lang: str, request: gr.Request | None = None) -> Any:
            if chat.limited(request):
                return gr.skip()
            return render_browse(chat.outline(), lang, settings.note_url)

        quick: dict[str, Any] = {
            "queue": False,
            "show_progress": "hidden",
            "api_visibility": "private",
        }
        browse_tab.select(browse_view, [language], [browse], **quick)
        page.load(browse_view, [language], [browse], **quick)
        if api is not None:
            _api_endpoint(api, api_name, api_description)
    blocks: gr.Blocks = page
    return blocks


def build_embed(
    service: Service, *, title: str, starters: Sequence[str], intro_key: str = "embed_intro"
) -> gr.Blocks:
    """The compact chat for the widget: no page chrome, fits 380x600, usable at 320 px."""
    settings = service.settings
    chat = Chat(service, settings, "embed")
    with gr.Blocks(
        title=title, analytics_enabled=False, fill_height=True, delete_cache=CACHE_CLEANUP
    ) as page:
        _style()
        gr.HTML(f"<h1>{esc(title)}</h1>", padding=False, container=False, elem_classes=SR)
        remembered = gr.BrowserState("", storage_key="vraagbaak-language")
        language = _language_switch(compact=True)
        parts = _chat_parts(
            settings.note_url, [("starters", starters)], compact=True, intro_key=intro_key
        )
        _wire(chat, parts, language, remembered, page)

        def apply_language(lang: str, request: gr.Request | None = None) -> list[Any]:
            if chat.limited(request):
                return [gr.skip()] * len(_text_outputs(parts))
            return _chat_texts(parts, lang, settings.note_url)

        language.change(
            apply_language,
            [language],
            _text_outputs(parts),
            js=SET_LANGUAGE_JS,
            queue=False,
            show_progress="hidden",
            api_visibility="private",
        )
    blocks: gr.Blocks = page
    return blocks


def _style() -> None:
    gr.HTML(
        "",
        head=f"<style>{stylesheet()}</style>",
        padding=False,
        container=False,
        elem_classes="vb-style",
    )


def _language_switch(*, compact: bool) -> gr.Radio:
    return gr.Radio(
        choices=[(LANGUAGE_NAMES[lang], lang) for lang in LANGUAGES],
        value=DEFAULT,
        label=SWITCH_LABEL,
        elem_id="vb-language",
        elem_classes="vb-compact" if compact else None,
        container=not compact,
        scale=0,
        min_width=0 if compact else 400,
    )


def _header_html(title: str, lang: str) -> str:
    intro = Markup(text(lang, "intro"))  # the catalogue's own markup
    return render("_partials/chat_header.html", title=title, intro=intro)


def _chat_parts(
    note_url: str,
    groups: Sequence[tuple[str, Sequence[str]]],
    *,
    compact: bool,
    intro_key: str | None = None,
) -> ChatParts:
    """The chat's components, in reading order."""
    lang = DEFAULT
    headings: list[gr.HTML] = []
    buttons: list[tuple[gr.Button, str]] = []
    with gr.Column(elem_id="vb-starters", elem_classes="vb-compact" if compact else None) as box:
        headings.append(gr.HTML(_starters_intro(lang, intro_key), padding=False, container=False))
        for key, questions in groups:
            if len(groups) > 1:
                headings.append(
                    gr.HTML(f"<h3>{esc(text(lang, key))}</h3>", padding=False, container=False)
                )
            with gr.Row(elem_classes="vb-starter-row"):
                for question in questions:
                    button = gr.Button(
                        question, size="sm", variant="secondary", elem_classes="vb-starter"
                    )
                    buttons.append((button, question))
    gr.HTML(f"<h2>{esc(text(lang, 'chat'))}</h2>", padding=False, container=False, elem_classes=SR)
    chatbot = gr.Chatbot(
        label=text(lang, "chat"),
        show_label=not compact,
        elem_id=CHAT_ID,
        placeholder=text(lang, "chat_placeholder"),
        height=None if compact else "62vh",
        min_height=None if compact else 320,
        scale=1 if compact else None,
        latex_delimiters=[],
        buttons=[],
        feedback_options=("Like", "Dislike"),
        line_breaks=False,
        allow_tags=False,
        autoscroll=False,
    )
    status = gr.HTML("", padding=False, container=False, elem_id="vb-status", js_on_load=STATUS_JS)
    with gr.Group(visible=False, elem_id="vb-comment") as comment_form:
        comment = gr.Textbox(
            label=text(lang, "comment"),
            placeholder=text(lang, "comment_placeholder"),
            lines=2,
            max_lines=6,
            max_length=2000,
        )
        with gr.Row(elem_classes="vb-left"):
            send = gr.Button(
                text(lang, "comment_send"), size="sm", variant="primary", scale=0, min_width=0
            )
    with gr.Row(elem_id="vb-ask-row", equal_height=True):
        question_box = gr.Textbox(
            label=text(lang, "question"),
            show_label=False,
            placeholder=text(lang, "question_placeholder"),
            lines=1,
            max_lines=4,
            scale=1,
            min_width=0,
            autofocus=False,
            container=False,
            elem_id="vb-question",
        )
        ask = gr.Button(text(lang, "ask"), variant="primary", scale=0, min_width=80)
    with gr.Row(elem_classes="vb-left"):
        new_chat = gr.Button(
            text(lang, "new_chat"),
            size="sm",
            variant="secondary",
            scale=0,
            min_width=0,
            elem_id="vb-new-chat",
        )
    footer = gr.HTML(
        _footer_html(lang, note_url, compact=compact),
        padding=False,
        container=False,
        elem_id="vb-footer",
    )
    components = (box, headings, buttons, chatbot, status, comment_form, comment, send)
    controls = (question_box, ask, new_chat, footer)
    ttl = SESSION_SECONDS
    session = (
        gr.State(Conversation(), time_to_live=ttl),
        gr.State("", time_to_live=ttl),
        gr.State(None, time_to_live=ttl),
    )
    return ChatParts(*components, *controls, *session, compact)  # in the fields' order


SESSION_SECONDS = 6 * 3600
"""How long a conversation's server-side state lives after its last use."""


def _starters_intro(lang: str, intro_key: str | None) -> str:
    intro = text(lang, intro_key) if intro_key else ""
    heading = text(lang, "starters")
    return render("_partials/chat_starters_intro.html", intro=intro, heading=heading)


def _footer_html(lang: str, note_url: str, *, compact: bool = False) -> str:
    link = new_window_link(note_url, "igemo.be", lang)
    note = Markup(text(lang, "footer", link=link)) if link else ""  # the link is our markup
    return render("_partials/chat_footer.html", t=partial(text, lang), note=note, compact=compact)


def _wire(
    chat: Chat, parts: ChatParts, language: gr.Radio, remembered: gr.BrowserState, page: gr.Blocks
) -> None:
    """The chat's events; all private (not part of the API)."""
    private: dict[str, Any] = {"api_visibility": "private"}
    shown = [parts.box, parts.chatbot, parts.pending, parts.starters, parts.comment_form]
    shown += [parts.status]
    quick: dict[str, Any] = {"queue": False, "show_progress": "hidden", **private}
    admitted: dict[str, Any] = {"fn": chat.proceed, "inputs": [parts.pending], **quick}
    answer: dict[str, Any] = {
        "fn": chat.answer,
        "inputs": [parts.conversation, language],
        "outputs": [parts.chatbot, parts.status],
        "show_progress": "minimal",
        **private,
    }
    reveal: dict[str, Any] = {"fn": None, "js": SHOW_ANSWER_JS, **quick}
    # A question: shown and checked outside the queue (add_question), then answered in the
    # queue only if it was admitted (proceed fails invisibly otherwise, and success skips).
    gr.on(
        [parts.box.submit, parts.ask.click],
        chat.add_question,
        [parts.box, parts.conversation, language],
        shown,
        **quick,
    ).then(**admitted).success(**answer).then(**reveal)
    for button, question in parts.starter_buttons:
        button.click(_asking(chat, question), [parts.conversation, language], shown, **quick).then(
            **admitted
        ).success(**answer).then(**reveal)
    parts.chatbot.option_select(
        chat.add_suggestion, [parts.conversation, language], shown, **quick
    ).then(**admitted).success(**answer).then(**reveal)
    parts.chatbot.like(
        chat.rate,
        [parts.conversation, language],
        [parts.rated, parts.comment_form, parts.comment, parts.status],
        show_progress="hidden",
        **private,
    )
    gr.on(
        [parts.send.click, parts.comment.submit],
        chat.comment,
        [parts.comment, parts.rated, language],
        [parts.comment, parts.comment_form, parts.status],
        show_progress="hidden",
        **private,
    )
    gr.on(
        [parts.new_chat.click, parts.chatbot.clear],
        chat.clear,
        [parts.conversation],
        [parts.chatbot, parts.starters, parts.comment_form, parts.status, parts.rated],
        **quick,
    )
    page.load(chat.initial_language, [remembered], [language], **quick)

    def remember(lang: str, request: gr.Request | None = None) -> Any:
        return gr.skip() if chat.limited(request) else lang

    language.input(remember, [language], [remembered], **quick)


def _asking(chat: Chat, question: str) -> Callable[..., tuple[Any, ...]]:
    def ask_starter(
        conversation: Conversation, lang: str, request: gr.Request | None = None
    ) -> tuple[Any, ...]:
        return chat.add_question(question, conversation, lang, request)

    return ask_starter


def _text_outputs(parts: ChatParts) -> list[Any]:
    return [
        *parts.starter_headings,
        parts.chatbot,
        parts.comment,
        parts.send,
        parts.box,
        parts.ask,
        parts.new_chat,
        parts.footer,
    ]


def _chat_texts(parts: ChatParts, lang: str, note_url: str) -> list[Any]:
    """The updates of ``_text_outputs`` for ``lang``."""
    headings: list[Any] = [_starters_intro(lang, "embed_intro" if parts.compact else None)]
    for key in ("starters_citizens", "starters_politicians")[: len(parts.starter_headings) - 1]:
        headings.append(f"<h3>{esc(text(lang, key))}</h3>")
    return [
        *headings,
        gr.update(label=text(lang, "chat"), placeholder=text(lang, "chat_placeholder")),
        gr.update(label=text(lang, "comment"), placeholder=text(lang, "comment_placeholder")),
        gr.update(value=text(lang, "comment_send")),
        gr.update(label=text(lang, "question"), placeholder=text(lang, "question_placeholder")),
        gr.update(value=text(lang, "ask")),
        gr.update(value=text(lang, "new_chat")),
        _footer_html(lang, note_url, compact=parts.compact),
    ]


def _api_endpoint(api: Callable[..., Any], name: str, description: str) -> None:
    """The named endpoint for ``gradio_client``: a question in, the Markdown answer out."""
    question = gr.Textbox(label="Uw vraag", visible=False)
    # the earlier questions, oldest first (once a State nothing filled: follow-ups failed)
    history = gr.JSON([], label="Eerdere vragen", visible=False)
    response = gr.JSON(label="Response", visible=False)
    trigger = gr.Button("API", visible=False)
    trigger.click(
        api,
        [question, history],
        [response],
        api_name=name,
        api_description=description,
        api_visibility="public",
        postprocess=False,
    )
