"""Real-browser tests: Debian's Chromium driven by Playwright against the live server.

Screenshots of the chat page and the widget (desktop and 375 px wide) go to ``artifacts/``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.web.conftest import Live
from tests.web.servers import artifacts_dir

pytestmark = pytest.mark.browser


DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
SMALLEST = {"width": 320, "height": 568}
TIMEOUT_MS = 20_000

QUESTION = "Wat is een onthardingsmakelaar?"
QUOTE = "Werk aan een onthardingsstrategie"
CITATION = (
    "Aanbeveling 6 · Baseer ruimtelijke realisaties op een regionale visie · Doorbraakproject 3"
)
WIDGET_BUTTON = "Vraag het de nota"
FRAME = "iframe[title='Alles Vloeit Vraagbaak']"
FETCH_ASK = """async (url) => {
    try {
        const response = await fetch(url + "/api/ask", {
            method: "POST",
            headers: {"Content-Type": "application/json"},
            body: JSON.stringify({question: "Wat is de UiT-pas?"}),
        });
        return JSON.stringify({status: response.status, body: await response.json()});
    } catch (error) {
        return JSON.stringify({blocked: String(error)});
    }
}"""


class Visit:
    """A page in a fresh browser context that records requests, console lines and errors."""

    def __init__(self, browser: Any, viewport: dict[str, int]) -> None:
        self.context = browser.new_context(viewport=viewport, locale="nl-BE")
        self.context.set_default_timeout(TIMEOUT_MS)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: self.console.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def origins(self) -> set[str]:
        return {f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" for url in self.requests}

    def screenshot(self, name: str) -> None:
        self.page.screenshot(path=str(artifacts_dir() / name))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    """``visit(viewport)`` opens a page; all are closed after the test."""
    opened: list[Visit] = []

    def open_page(viewport: dict[str, int]) -> Visit:
        opened.append(Visit(browser, viewport))
        return opened[-1]

    yield open_page
    for page in opened:
        page.close()


def ask(scope: Any, question: str = QUESTION) -> Any:
    """Type a question in the chat (page or frame), send it, and return the answer's quote."""
    box = scope.get_by_role("textbox").first
    box.fill(question)
    box.press("Enter")
    quote = scope.locator("blockquote", has_text=QUOTE).first
    quote.wait_for()
    return quote


def no_horizontal_scroll(scope: Any) -> bool:
    width: bool = scope.locator("html").evaluate("html => html.scrollWidth <= html.clientWidth + 1")
    return width


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "desktop"), (PHONE, "375")])
def test_the_chat_page_answers_with_the_quote_and_its_citation(
    live: Live, visit: Any, viewport: dict[str, int], name: str
) -> None:
    tab = visit(viewport)
    tab.page.goto(f"{live.url}/")
    quote = ask(tab.page)
    assert tab.page.title() == "Alles Vloeit Vraagbaak"
    assert CITATION in quote.inner_text()
    assert quote.locator("em", has_text="Aanbeveling 6").count() == 1
    assert tab.page.locator("html").get_attribute("lang") == "nl"
    assert no_horizontal_scroll(tab.page)
    assert tab.origins() == {live.url}, "everything comes from the app itself"
    assert tab.errors == []
    tab.screenshot(f"chat-{name}.png")


@pytest.mark.parametrize(
    ("viewport", "name"), [(DESKTOP, "desktop"), (PHONE, "375"), (SMALLEST, "320")]
)
def test_the_widget_works_on_a_site_on_the_allow_list(
    live: Live, visit: Any, viewport: dict[str, int], name: str
) -> None:
    tab = visit(viewport)
    tab.page.goto(f"{live.allowed.origin}/embed.html")
    button = tab.page.get_by_role("button", name=WIDGET_BUTTON)
    assert button.get_attribute("aria-expanded") == "false"
    if name != "320":
        tab.screenshot(f"widget-closed-{name}.png")
    assert tab.page.locator(FRAME).count() == 0, "the chat loads only when opened"
    button.click()
    panel = tab.page.get_by_role("dialog", name="Alles Vloeit Vraagbaak")
    panel.wait_for()
    frame = tab.page.frame_locator(FRAME)
    quote = ask(frame)
    assert CITATION in quote.inner_text()

    box = panel.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]
    if viewport is DESKTOP:
        assert (box["width"], box["height"]) == (380, 600)
    field = frame.get_by_role("textbox").first.bounding_box()
    assert field is not None and field["y"] + field["height"] <= box["y"] + box["height"]
    assert no_horizontal_scroll(frame)
    assert tab.origins() == {live.allowed.origin, live.url}
    assert tab.errors == []
    tab.screenshot(f"widget-{name}.png")

    tab.page.get_by_role("button", name="Chat sluiten").click()
    assert panel.is_hidden()
    assert button.get_attribute("aria-expanded") == "false"


def test_a_site_not_on_the_allow_list_cannot_frame_the_chat_or_call_the_api(
    live: Live, visit: Any
) -> None:
    tab = visit(DESKTOP)
    tab.page.goto(f"{live.foreign.origin}/embed.html")
    with tab.page.expect_console_message(lambda m: "frame-ancestors" in m.text) as refusal:
        tab.page.get_by_role("button", name=WIDGET_BUTTON).click()
    # Chromium 156: "Framing '<app>/' violates the following Content Security Policy
    # directive: "frame-ancestors 'self' <allowed origin>". The request has been blocked."
    assert f"frame-ancestors 'self' {live.allowed.origin}" in refusal.value.text
    assert "blocked" in refusal.value.text or "Refused" in refusal.value.text
    frame = tab.page.frame_locator(FRAME)
    assert frame.get_by_role("textbox").count() == 0
    tab.screenshot("widget-refused-desktop.png")

    result = json.loads(tab.page.evaluate(FETCH_ASK, live.url))
    assert "blocked" in result
    assert any("blocked by CORS policy" in line for line in tab.console)


def test_a_site_on_the_allow_list_may_call_the_api_from_the_browser(live: Live, visit: Any) -> None:
    tab = visit(DESKTOP)
    tab.page.goto(f"{live.allowed.origin}/blank.html")
    result = json.loads(tab.page.evaluate(FETCH_ASK, live.url))
    assert result["status"] == 200
    assert result["body"]["passages"][0]["recommendation"] == 5


def test_the_plain_iframe_alternative(live: Live, visit: Any) -> None:
    tab = visit(DESKTOP)
    tab.page.goto(f"{live.allowed.origin}/iframe.html")
    assert CITATION in ask(tab.page.frame_locator(FRAME)).inner_text()


def test_the_gradio_app_web_component_alternative(live: Live, visit: Any) -> None:
    tab = visit(DESKTOP)
    tab.page.goto(f"{live.allowed.origin}/gradio-app.html")
    assert CITATION in ask(tab.page.locator("gradio-app")).inner_text()
    assert tab.page.locator("html").get_attribute("lang") == "nl"  # the host's, untouched
    assert tab.origins() == {live.allowed.origin, live.url}
