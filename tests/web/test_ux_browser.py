"""The chat as people use it, in Debian's Chromium: cards with citations, a recommendation
opened in place, browsing, starter questions and suggestions, feedback that reaches the
export, the staff page, languages, keyboard, zoom, phones, and axe-core's verdict.

Screenshots go to ``artifacts/ux-*.png``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from pydantic import SecretStr

from chatbot.scope import ScopeModel
from chatbot.service import Chatbot
from indexer.settings import PROJECT_DIR, Settings
from tests.fakes import HashingEmbedder
from tests.web.conftest import READY_TIMEOUT
from tests.web.servers import AppServer, HostSite, artifacts_dir
from tests.web.test_browser import DESKTOP, PHONE, TIMEOUT_MS
from web.records.store import store_for
from web.server import create_app

pytestmark = pytest.mark.browser


AXE = PROJECT_DIR / "tests" / "web" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WIDGET = {"width": 380, "height": 600}
ZOOMED = {"width": 640, "height": 400}
"""A 1280x800 window at 200 % zoom."""
TOKEN = "medewerkers-2026-met-een-lange-toegangscode"
STEMS_DECIDE = ScopeModel(weights=(0.0, 10.0, 0.0), bias=-0.5)
"""In scope when a stem of the question occurs in the note ("zwembad" does not)."""
QUESTION = "Wat is een onthardingsmakelaar?"
CITATION = (
    "Aanbeveling 6 · Baseer ruimtelijke realisaties op een regionale visie · Doorbraakproject 3"
)
OUT_OF_SCOPE = "Hoe laat opent het zwembad?"
CARD = "article.vb-card"
IN_VIEW = """e => {
  const r = e.getBoundingClientRect();
  let top = 0, bottom = window.innerHeight;
  for (let p = e.parentElement; p; p = p.parentElement) {
    const style = getComputedStyle(p);
    if (/(auto|scroll|hidden)/.test(style.overflowY) && p.scrollHeight > p.clientHeight) {
      const box = p.getBoundingClientRect();
      top = Math.max(top, box.top); bottom = Math.min(bottom, box.bottom);
    }
  }
  return r.width > 0 && r.top >= top && r.bottom <= bottom;
}"""
"""Whether an element is wholly on screen: inside the window and every scrolling box around it."""


@dataclass(frozen=True)
class Server:
    url: str
    settings: Settings
    host: HostSite


@pytest.fixture(scope="module")
def server(web_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app with a staff code, its own feedback database, no rate limit, and a scope
    model that refuses questions without a word of the note."""
    folder = tmp_path_factory.mktemp("ux")
    host = HostSite()
    settings = web_settings.model_copy(
        update={
            "staff_token": SecretStr(TOKEN),
            "feedback_database_url": f"sqlite:///{folder / 'feedback.sqlite3'}",
            "allowed_origins": (host.origin,),
            "rate_limit_per_minute": 0.0,
        }
    )
    app = create_app(settings, Chatbot(settings, HashingEmbedder(), STEMS_DECIDE))
    try:
        with AppServer(app) as url:
            assert app.state.service.wait_ready(READY_TIMEOUT)
            host.app_url = url
            yield Server(url, settings, host)
    finally:
        host.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """``open_page(viewport, locale="nl-BE")`` gives a fresh page; closed after the test."""
    contexts: list[Any] = []
    errors: list[str] = []

    def open_(viewport: dict[str, int], locale: str = "nl-BE") -> Any:
        context = browser.new_context(viewport=viewport, locale=locale)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield open_
    for context in contexts:
        context.close()
    assert errors == [], "no script errors on any page"


def shot(page: Any, name: str, *, full: bool = False) -> None:
    page.screenshot(path=str(artifacts_dir() / f"ux-{name}.png"), full_page=full)


def ask(page: Any, question: str = QUESTION) -> Any:
    """Type a question, press Enter, and return the newest answer."""
    answers = page.locator("#vb-chat .vb-answer, #vb-chat .vb-notice")
    before = answers.count()
    box = page.get_by_role("textbox", name=re.compile("Uw vraag|Your question|Votre question"))
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('#vb-chat .vb-answer, #vb-chat .vb-notice').length > n",
        arg=before,
    )
    return answers.last


def axe(page: Any, context: str = "document") -> list[dict[str, Any]]:
    """axe-core's serious and critical WCAG 2.1 A/AA (and best-practice) violations."""
    if not AXE.is_file():
        pytest.skip("axe-core is missing: npm ci --prefix tests/web")
    page.add_script_tag(path=str(AXE))
    result = json.loads(
        page.evaluate(
            "async ([context, tags]) => JSON.stringify(await axe.run(context === 'document' ? "
            "document : document.querySelector(context), {runOnly: {type: 'tag', values: tags}}))",
            [context, AXE_TAGS],
        )
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def no_horizontal_scroll(page: Any) -> bool:
    fits: bool = page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
    )
    return fits


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "desktop"), (PHONE, "375")])
def test_asking_shows_a_card_with_its_citation(
    server: Server, open_page: Any, viewport: dict[str, int], name: str
) -> None:
    page = open_page(viewport)
    page.goto(f"{server.url}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Alles Vloeit Vraagbaak"
    shot(page, f"chat-empty-{name}", full=True)
    answer = ask(page)
    card = answer.locator(CARD).first
    assert card.get_by_role("heading", level=3).inner_text().startswith("Aanbeveling 6 · Baseer")
    assert "Doorbraakproject 3" in card.locator(".vb-meta").inner_text()
    assert "alles-vloeit-folder.md" in card.locator(".vb-meta").inner_text()
    quote = card.locator("blockquote[lang=nl]")
    assert CITATION in quote.locator("em").inner_text()
    assert quote.locator("mark").first.inner_text() == "onthardingsmakelaar"
    log = page.locator("#vb-chat [role=log]")
    assert log.get_attribute("aria-live") == "polite", "new answers are announced"
    assert log.get_attribute("aria-label") == "Gesprek"
    assert log.locator(CARD).count() >= 1
    assert page.locator("#vb-starters").is_hidden(), "starter questions are for an empty chat"
    assert answer.get_by_role("link", name=re.compile("volledige nota op igemo.be")).count() == 1
    assert no_horizontal_scroll(page)
    shot(page, f"answer-{name}")


def test_a_recommendation_opens_whole_in_place_with_the_keyboard(
    server: Server, open_page: Any
) -> None:
    page = open_page(DESKTOP)
    page.goto(f"{server.url}/")
    answer = ask(page)
    summary = answer.locator("summary", has_text="Lees de hele aanbeveling 6").first
    summary.focus()
    page.keyboard.press("Enter")
    more = answer.locator("details.vb-more").first
    assert more.get_attribute("open") is not None
    body = more.locator(".vb-full")
    headings = body.locator("h4").all_inner_texts()
    assert headings[0] == "Context en uitdagingen"
    assert [h.split(" (")[0] for h in headings[1:]] == [f"Doorbraakproject {n}" for n in (1, 2, 3)]
    assert "Ruimtelijke realisaties raken aan veel verschillende beleidsdomeinen." in (
        body.inner_text()
    )
    assert body.locator(".vb-current h4").inner_text().startswith("Doorbraakproject 3")
    summary.scroll_into_view_if_needed()
    shot(page, "recommendation-open-desktop")
    assert axe(page) == []


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "desktop"), (PHONE, "375")])
def test_browsing_the_twelve_recommendations(
    server: Server, open_page: Any, viewport: dict[str, int], name: str
) -> None:
    page = open_page(viewport)
    page.goto(f"{server.url}/")
    page.get_by_role("tab", name="Blader door de nota").click()
    items = page.locator("#vb-browse details.vb-rec")
    items.first.wait_for()
    assert items.count() == 12
    summaries = page.locator("#vb-browse summary").all_inner_texts()
    assert summaries[8].startswith("Aanbeveling 9 · Maak van Rivierenland een klimaatrobuuste")
    nine = items.nth(8)
    nine.locator("summary").click()
    assert nine.get_attribute("open") is not None
    assert "Werk aan regionale afstemming van noodplanning" in nine.inner_text()
    assert no_horizontal_scroll(page)
    nine.scroll_into_view_if_needed()
    shot(page, f"browse-{name}")
    assert axe(page) == []


def test_a_starter_question_and_a_suggestion_are_one_click(server: Server, open_page: Any) -> None:
    page = open_page(DESKTOP)
    page.goto(f"{server.url}/")
    page.get_by_role("heading", name="Voor inwoners").wait_for()
    page.get_by_role("heading", name="Voor politici en beleidsmakers").wait_for()
    page.get_by_role("button", name="Komen er betere fietspaden?").click()
    page.locator(f"#vb-chat {CARD}").first.wait_for()
    assert page.locator("#vb-chat .vb-question").first.inner_text() == "Komen er betere fietspaden?"

    refused = ask(page, OUT_OF_SCOPE)
    assert "De nota 'Alles Vloeit' zegt hier niets over." in refused.inner_text()
    assert "Misschien bedoelt u:" in refused.inner_text()
    options = page.locator("#vb-chat button.option")
    assert options.count() == 3
    label = options.first.inner_text()
    number = re.match(r"Aanbeveling (\d+): ", label)
    assert number is not None
    shot(page, "suggestions-desktop")
    options.first.click()
    page.wait_for_function("() => document.querySelectorAll('#vb-chat .vb-answer').length === 3")
    latest = page.locator("#vb-chat .vb-answer").last
    titles = latest.locator("h3").all_inner_texts()
    assert len(titles) >= 4 and all(t.startswith(f"Aanbeveling {number[1]} · ") for t in titles)
    assert page.locator("#vb-chat button.option").count() == 0
    earlier = page.locator("#vb-chat .vb-out").first
    assert earlier.locator("li").first.inner_text() == label, "listed once answered"


def test_feedback_with_a_comment_reaches_the_export(server: Server, open_page: Any) -> None:
    page = open_page(DESKTOP)
    page.goto(f"{server.url}/")
    ask(page, "Wat is de UiT-pas?")
    page.get_by_role("button", name=re.compile("^(Vind ik leuk|Like)$")).last.click()
    status = page.locator("#vb-status [role=status]")
    page.wait_for_function(
        "() => document.querySelector('#vb-status [role=status]').textContent.includes('Bedankt')"
    )
    assert status.get_attribute("aria-live") == "polite"
    comment = page.get_by_role("textbox", name="Uw opmerking (niet verplicht)")
    comment.fill("Duidelijk, dank u!")
    page.get_by_role("button", name="Opmerking versturen").click()
    page.wait_for_function(
        "() => document.querySelector('#vb-status').textContent.includes('bewaard')"
    )
    assert comment.is_hidden()
    shot(page, "feedback-desktop")

    export = subprocess.run(
        [sys.executable, "-m", "web.records.store", "export"],
        cwd=PROJECT_DIR,
        env={**os.environ, "VRAAGBAAK_FEEDBACK_DATABASE_URL": server.settings.feedback_url},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    rows = [
        r
        for r in csv.DictReader(io.StringIO(export.stdout))
        if r["question"] == "Wat is de UiT-pas?"
    ]
    assert len(rows) == 1
    row = rows[0]
    assert (row["rating"], row["comment"], row["view"]) == ("up", "Duidelijk, dank u!", "chat")
    assert row["passages"].startswith("Aanbeveling 5 · Verhoog de belevingswaarde")
    assert (
        row["index_version"]
        == json.loads((server.settings.index_root / "current" / "manifest.json").read_text())[
            "version"
        ]
    )


def test_the_staff_page_refuses_without_the_code_and_counts_with_it(
    server: Server, open_page: Any
) -> None:
    page = open_page(DESKTOP)
    page.goto(f"{server.url}/")
    ask(page, OUT_OF_SCOPE)
    ask(page)
    staff = open_page(DESKTOP)
    response = staff.goto(f"{server.url}/staff")
    assert response is not None and response.status == 401
    assert staff.locator("body").inner_text().count("Kerncijfers") == 0
    assert axe(staff) == []
    shot(staff, "staff-sign-in-desktop")
    staff.get_by_label("Toegangscode").fill("niet de code")
    staff.get_by_role("button", name="Aanmelden").click()
    assert staff.get_by_role("alert").inner_text() == "Die toegangscode klopt niet."
    staff.get_by_label("Toegangscode").fill(TOKEN)
    staff.get_by_role("button", name="Aanmelden").click()
    staff.get_by_role("heading", name="Kerncijfers").wait_for()
    questions = store_for(server.settings).questions()
    figures = dict(
        zip(
            staff.locator(".figures dt").all_inner_texts(),
            staff.locator(".figures dd").all_inner_texts(),
            strict=True,
        )
    )
    assert figures["Vragen"] == str(len(questions))
    assert figures["Niet in de nota"] == str(sum(not q.in_scope for q in questions))
    gaps = staff.get_by_role("region", name="Vragen buiten de nota")
    assert OUT_OF_SCOPE in gaps.inner_text()
    assert staff.get_by_role("img", name="Vragen per week", exact=True).count() == 1
    shot(staff, "staff-desktop", full=True)
    assert axe(staff) == []
    phone = open_page(PHONE)
    phone.context.add_cookies(staff.context.cookies())
    phone.goto(f"{server.url}/staff")
    shot(phone, "staff-375")
    assert axe(phone) == []


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "desktop"), (PHONE, "375")])
def test_axe_finds_nothing_serious_on_the_chat_page(
    server: Server, open_page: Any, viewport: dict[str, int], name: str
) -> None:
    page = open_page(viewport)
    page.goto(f"{server.url}/")
    page.get_by_role("button", name="Welke aanbevelingen zijn er?").wait_for()
    assert axe(page) == [], "the empty chat with its starter questions"
    ask(page, OUT_OF_SCOPE)
    answer = ask(page)
    answer.locator("summary").first.click()
    assert axe(page) == [], "answers, suggestions and an opened recommendation"


@pytest.mark.parametrize(("size", "name"), [(WIDGET, "380x600"), (PHONE, "375")])
def test_the_embed_view_passes_axe_and_fits(
    server: Server, open_page: Any, size: dict[str, int], name: str
) -> None:
    page = open_page(size)
    page.goto(f"{server.url}/embed/")
    page.get_by_role("button", name="Wat is een onthardingsmakelaar?").wait_for()
    assert axe(page) == []
    shot(page, f"embed-empty-{name}")
    answer = ask(page)
    assert answer.locator(CARD).count() >= 1
    assert page.get_by_role("button", name=re.compile("^(Vind ik leuk|Like)$")).count() == 1
    assert no_horizontal_scroll(page)
    box = page.get_by_role("textbox").first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= size["height"]
    assert axe(page) == []
    shot(page, f"embed-answer-{name}")


def test_the_widget_on_a_phone(server: Server, open_page: Any) -> None:
    page = open_page(PHONE)
    page.goto(f"{server.host.origin}/embed.html")
    assert page.evaluate("VraagbaakWidget.url").endswith("/embed/?lang=nl"), "the host's language"
    page.get_by_role("button", name="Vraag het de nota").click()
    frame = page.frame_locator("iframe[title='Alles Vloeit Vraagbaak']")
    box = frame.get_by_role("textbox", name="Uw vraag")
    box.fill(QUESTION)
    box.press("Enter")
    frame.locator(CARD).first.wait_for()
    assert CITATION in frame.locator(f"{CARD} blockquote em").first.inner_text()
    shot(page, "widget-375")


def test_english_and_french_interfaces_with_dutch_quotes(server: Server, open_page: Any) -> None:
    page = open_page(DESKTOP, locale="en-GB")
    page.goto(f"{server.url}/")
    page.get_by_role("tab", name="Ask the note").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("radio", name="English").is_checked()
    answer = ask(page)
    assert "Highlighted: the words of your question." in answer.inner_text()
    assert answer.locator("summary").first.inner_text() == "Read all of recommendation 6"
    assert answer.locator("blockquote").first.get_attribute("lang") == "nl"
    page.get_by_role("radio", name="Français").check()
    page.get_by_role("tab", name="Interroger la note").wait_for()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("button", name="Demander").is_visible()
    shot(page, "french-desktop")
    assert axe(page) == []

    again = page.context.new_page()
    again.goto(f"{server.url}/")
    again.get_by_role("tab", name="Interroger la note").wait_for()  # the switch is remembered
    embed = open_page(PHONE)
    embed.goto(f"{server.url}/embed/?lang=en")
    embed.get_by_role("textbox", name="Your question").wait_for()


def test_keyboard_only_and_200_percent_zoom(server: Server, open_page: Any) -> None:
    page = open_page(ZOOMED)
    page.goto(f"{server.url}/")
    page.get_by_role("button", name="Welke aanbevelingen zijn er?").wait_for()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.closest('#vb-question') !== null"):
            break
    else:
        pytest.fail("the question box is not reachable with Tab")
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    page.locator(f"#vb-chat {CARD}").first.wait_for()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") in ("Vraag", "Ask")
    assert no_horizontal_scroll(page)
    field = page.locator("#vb-question textarea")
    field.scroll_into_view_if_needed()
    box = field.bounding_box()
    assert box is not None and box["width"] >= 200
    shot(page, "zoom-200")


def test_the_answering_sentence_is_in_view_in_the_widget_without_expanding(
    server: Server, open_page: Any
) -> None:
    """A fact asked in the 380x600 widget: the card's key sentence, quoted exactly, is on
    screen as soon as the answer arrives, with nothing opened or scrolled by hand."""
    page = open_page(WIDGET)
    page.goto(f"{server.url}/embed/")
    answer = ask(page, "context van aanbeveling 9: hoe pakken ze de hitte-eilanden aan?")
    key = answer.locator(f"{CARD} .vb-key").first
    key.wait_for()
    assert "hitte-eilanden" in key.inner_text()
    in_view = key.evaluate(IN_VIEW)
    shot(page, "embed-key-sentence")
    assert in_view, "the key sentence must be on screen in the widget"
