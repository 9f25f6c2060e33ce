"""A long conversation in Chromium: what the browser sends stays small, however long it gets;
refused questions never enter Gradio's queue."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from indexer.settings import Settings
from tests.web.conftest import READY_TIMEOUT, ready_app
from tests.web.servers import AppServer

pytestmark = pytest.mark.browser

TIMEOUT_MS = 30_000
ANSWERS = "#vb-chat .vb-answer, #vb-chat .vb-notice"


@pytest.fixture(scope="module")
def server(web_settings: Settings) -> Iterator[str]:
    """The app with its default body limit (64 KiB), without a rate limit."""
    settings = web_settings.model_copy(update={"rate_limit_per_minute": 0})
    app = ready_app(settings)
    with AppServer(app) as url:
        assert app.state.service.wait_ready(READY_TIMEOUT)
        yield url


def open_chat(browser: Any, url: str) -> tuple[Any, Any, list[tuple[str, int]]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    sent: list[tuple[str, int]] = []
    page.on("request", lambda r: sent.append((r.url, len(r.post_data_buffer or b""))))
    page.goto(url + "/")
    page.get_by_role("textbox", name=re.compile("Uw vraag")).wait_for()
    return context, page, sent


def ask(page: Any, question: str) -> None:
    before = page.locator(ANSWERS).count()
    box = page.get_by_role("textbox", name=re.compile("Uw vraag"))
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('#vb-chat .vb-answer, #vb-chat .vb-notice').length > n",
        arg=before,
    )


def test_a_thirty_question_conversation_of_long_answers(browser: Any, server: str) -> None:
    context, page, sent = open_chat(browser, server)
    try:
        for n in range(30):
            ask(page, f"Wat zegt aanbeveling {n % 12 + 1}?")
        answers = page.locator("#vb-chat .vb-answer")
        assert answers.count() == 30, "every question answered, none refused or lost"
        assert page.locator("#vb-chat .vb-notice").count() == 0
        assert "Error" not in page.locator("#vb-chat").inner_text()
        shown = len(page.locator("#vb-chat").inner_html())
        assert shown > 200_000, "the answers are long: the whole chat would not fit in a request"
        largest = max(size for _url, size in sent)
        assert largest < 8_000, f"a request carried {largest} bytes"
        # The conversation goes on: suggestions, ratings and a new chat still work.
        page.get_by_role("button", name="Nieuw gesprek").click()
        page.wait_for_function("() => !document.querySelector('#vb-chat .vb-answer')")
        ask(page, "Wat is een onthardingsmakelaar?")
        assert page.locator("#vb-chat .vb-answer").count() == 1
    finally:
        context.close()


def test_refused_questions_do_not_enter_the_queue(browser: Any, web_settings: Settings) -> None:
    settings = web_settings.model_copy(update={"rate_limit_per_minute": 6.0, "rate_limit_burst": 2})
    app = ready_app(settings)
    with AppServer(app) as url:
        assert app.state.service.wait_ready(READY_TIMEOUT)
        context, page, sent = open_chat(browser, url)
        try:
            for n in range(4):
                ask(page, f"Vraag {n}: wat is een onthardingsmakelaar?")
            assert page.locator("#vb-chat .vb-answer").count() == 2
            notices = page.locator("#vb-chat .vb-notice")
            assert notices.count() == 2
            assert "U stelt veel vragen kort na elkaar" in notices.last.inner_text()
            joined = [u for u, _ in sent if "/gradio_api/queue/join" in u]
            assert len(joined) == 2, "only the admitted questions were queued"
            assert page.locator(".toast-body, .error").count() == 0  # nothing else is shown
        finally:
            context.close()
