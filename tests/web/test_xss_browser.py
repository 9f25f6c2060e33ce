"""In a real browser (Debian's Chromium), markup typed into the chat shows as typed and never
runs: not in the person's own message, not in the answer. The page and the widget's view."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import Live
from tests.web.servers import artifacts_dir

pytestmark = pytest.mark.browser


TIMEOUT_MS = 20_000
PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    '<img src=x onerror="window.__pwned = 1">',
    "<script>window.__pwned = 2</script>",
    '<svg onload="window.__pwned = 3"></svg>',
    "[klik](javascript:window.__pwned=4) **vet** `code`",
]
USER = '[data-testid="user"]'
BOT = '[data-testid="bot"]'


def send(page: Any, text: str) -> None:
    """Type ``text`` in the chat, send it, and wait for the answer to appear."""
    answers = page.locator(BOT).count()
    box = page.get_by_role("textbox").first
    box.fill(text)
    box.press("Enter")
    page.wait_for_function(
        "([selector, count]) => document.querySelectorAll(selector).length > count",
        arg=[BOT, answers],
        timeout=TIMEOUT_MS,
    )


@pytest.mark.parametrize("path", ["/", "/embed/"], ids=["page", "widget-view"])
def test_markup_typed_into_the_chat_shows_as_typed_and_does_not_run(
    live: Live, browser: Any, path: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{live.url}{path}")
        for payload in PAYLOADS:
            send(page, payload)
            shown = page.locator(USER).last.inner_text().strip()
            assert shown == payload, "the question shows exactly as typed"
        page.wait_for_timeout(500)  # give an injected handler the chance to fire
        assert dialogs == []
        assert page.evaluate("window.__pwned") is None
        injected = f'img[src="x"], [onerror], [onload], {USER} script, a[href^="javascript"]'
        assert page.locator(injected).count() == 0, "no element from the typed markup"
        assert page.locator(f"{USER} strong, {USER} code").count() == 0, "no Markdown either"
        assert errors == []
        name = "page" if path == "/" else "embed"
        page.screenshot(path=str(artifacts_dir() / f"xss-{name}.png"))
    finally:
        context.close()
