"""The staff insight page: absent without an access code, refusing without it, counting with it."""

from __future__ import annotations

import hashlib
import hmac
import io
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr, ValidationError
from sqlalchemy import insert
from starlette.requests import Request

from chatbot.answer import Answer, Hit, IndexInfo
from chatbot.calibrate import Calibration
from chatbot.scope import ScopeModel
from indexer.chunking import Chunk
from indexer.examples import AppliedExample, ExampleMatch, ExampleQuestion
from indexer.settings import Settings
from tests.web.conftest import READY_TIMEOUT, ready_app, record_question
from web.records.store import (
    EXPORT_BATCH,
    QUESTIONS,
    FeedbackStore,
    Passage,
    question_row,
    store_for,
)
from web.staff.auth import (
    MAX_FAILURES,
    Access,
    StaffAuth,
    TokenTooShortError,
    session_key,
    session_secret,
    session_value,
)
from web.staff.index_panel import STALE_SHOWN, examples_section
from web.staff.insights import (
    GAPS_PER_PAGE,
    LATEST_FEEDBACK,
    gather,
    render_page,
    weekly_chart,
)
from web.staff.routes import COOKIE, SESSION_SECONDS

TOKEN = "een-lange-geheime-code-voor-de-medewerkers"
NOW = datetime(2026, 11, 26, 12, 0)
INFO = IndexInfo("v1", "fake")
SAME_ORIGIN = {"Origin": "http://testserver"}
"""What a browser sends with the staff page's forms (TestClient's origin)."""


def asked(recommendations: tuple[int, ...], question: str = "q") -> Answer:
    hits = tuple(
        Hit(Chunk(f"c{n}", "n.md", n, f"T{n}", "context", None, None, "t"), 1.0)
        for n in recommendations
    )
    return Answer(question, bool(hits), hits, INFO)


def fill(store: FeedbackStore) -> None:
    """Six questions over three weeks, two of them outside the note, and two ratings."""
    for days, answer in [
        (0, asked((6, 9))),
        (1, asked((6,))),
        (8, asked((7,))),
        (15, asked((), "Hoe laat opent het zwembad?")),
        (16, asked((), "hoe laat opent het zwembad")),
        (100, asked((1,))),  # outside the period
    ]:
        record_question(store, answer, view="chat", at=NOW - timedelta(days=days))
    for rating, question in [("up", "<b>Vet</b>?"), ("down", "Wat is de UiT-pas?")]:
        store.add_feedback(
            rating=rating,  # type: ignore[arg-type]
            question=question,
            in_scope=True,
            passages=[Passage("x", "Aanbeveling 5 · Verhoog · Doorbraakproject 2")],
            index_version="v1",
            language="nl",
            view="embed",
            at=NOW - timedelta(days=2),
        )


@pytest.fixture(scope="module")
def staff_settings(web_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder = tmp_path_factory.mktemp("staff")
    return web_settings.model_copy(
        update={
            "staff_token": SecretStr(TOKEN),
            "feedback_database_url": f"sqlite:///{folder / 'feedback.sqlite3'}",
        }
    )


@pytest.fixture(scope="module")
def staff(staff_settings: Settings) -> Iterator[TestClient]:
    app = ready_app(staff_settings)
    with TestClient(app, headers=SAME_ORIGIN) as client:
        assert app.state.service.wait_ready(READY_TIMEOUT)
        yield client


def test_without_an_access_code_there_is_no_staff_page(client: TestClient) -> None:
    for method, path in [
        ("GET", "/staff"),
        ("POST", "/staff"),
        ("GET", "/staff/feedback.csv"),
        ("POST", "/staff/rebuild"),
        ("GET", "/staff/rebuild"),
        ("POST", "/staff/reload"),
    ]:
        bearer = {"Authorization": "Bearer anything"}
        assert client.request(method, path, headers=bearer).status_code == 404, path


@pytest.mark.parametrize("query", ["weeks=abc", "reloaded=maybe", "gaps=x"])
def test_a_wrong_query_parameter_is_422_naming_it(staff: TestClient, query: str) -> None:
    """Not "415 Send the body as application/json" (second review, finding 9): a GET has no
    body, and the message says which parameter was wrong."""
    reply = staff.get(f"/staff?{query}")
    body = reply.json()
    assert (reply.status_code, body["error"]) == (422, "invalid_request")
    assert f"query {query.partition('=')[0]}:" in body["message"]


def test_the_page_refuses_without_the_code(staff: TestClient, staff_settings: Settings) -> None:
    key = session_key(session_secret(staff_settings.data_dir), TOKEN)
    page = staff.get("/staff")
    assert page.status_code == 401
    assert page.headers["cache-control"] == "no-store"
    assert 'type="password"' in page.text and "Toegangscode" in page.text
    assert TOKEN not in page.text
    assert staff.get("/staff/feedback.csv").status_code == 401
    for method, path in [("POST", "/staff/rebuild"), ("GET", "/staff/rebuild")]:
        assert staff.request(method, path).status_code == 401, path
    assert staff.post("/staff/reload", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert staff.app.state.rebuilds.state().state == "idle"  # type: ignore[attr-defined]
    assert staff.get("/staff", headers={"Authorization": "Bearer wrong"}).status_code == 401
    wrong = staff.post("/staff", data={"token": "fout"}, follow_redirects=False)
    assert wrong.status_code == 401 and "klopt niet" in wrong.text
    assert COOKIE not in wrong.cookies
    for cookie in (
        f"{int(time.time())}.{'0' * 64}",  # forged
        session_value(key, int(time.time()) - SESSION_SECONDS - 5),  # expired
        session_value(session_key(session_secret(staff_settings.data_dir), "another code")),
    ):
        staff.cookies.set(COOKIE, cookie)
        assert staff.get("/staff").status_code == 401
    staff.cookies.clear()


def test_with_the_code_it_shows_anonymous_counts(
    staff: TestClient, staff_settings: Settings
) -> None:
    fill(store_for(staff_settings))
    signed_in = staff.post("/staff", data={"token": TOKEN}, follow_redirects=False)
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "staff"
    cookie = signed_in.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/staff" in cookie
    page = staff.get("/staff?weeks=52")
    assert page.status_code == 200
    html = page.text
    assert "<h1>Inzicht voor medewerkers</h1>" in html
    assert "anoniem" not in html  # typed text is kept, for a while: the page says so
    assert "zonder e-mailadressen, telefoonnummers en rijksregisternummers, en 90 dagen" in html
    assert "<dt>Vragen</dt><dd>6</dd>" in html
    assert "<dt>Niet in de nota</dt><dd>2</dd>" in html
    assert "<dt>Duim omhoog</dt><dd>1</dd>" in html
    assert 'Hoe laat opent het zwembad?</td><td class="num">2</td>' in html
    assert "Baseer ruimtelijke realisaties op een regionale visie" in html  # titles from the index
    assert "&lt;b&gt;Vet&lt;/b&gt;?" in html and "<b>Vet" not in html
    assert '<svg class="chart"' in html and "<script" not in html
    assert staff.get("/staff", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200

    export = staff.get("/staff/feedback.csv")
    assert export.status_code == 200
    assert export.headers["content-type"].startswith("text/csv")
    assert "attachment" in export.headers["content-disposition"]
    assert "Wat is de UiT-pas?" in export.text

    out = staff.post("/staff/logout", follow_redirects=False)
    assert out.status_code == 303
    staff.cookies.clear()
    assert staff.get("/staff").status_code == 401


def test_counts_per_recommendation_per_week(database_url: str) -> None:
    store = FeedbackStore(database_url)
    fill(store)
    insights = gather(store, weeks=4, now=NOW)
    store.close()
    assert [d.weekday() for d in insights.weeks] == [0, 0, 0, 0]
    assert insights.weeks[-1] == datetime(2026, 11, 23).date()
    assert insights.by_recommendation[6] == (0, 0, 0, 2)
    assert insights.by_recommendation[7] == (0, 0, 1, 0)
    assert insights.by_recommendation[1] == (0, 0, 0, 0)
    assert sum(insights.unanswered) == 2 and insights.questions == 5
    (gap,) = insights.gaps
    assert (gap.question, gap.count) == ("Hoe laat opent het zwembad?", 2)
    assert (insights.up, insights.down) == (1, 1)
    svg = ET.fromstring(weekly_chart(insights))
    assert svg.get("role") == "img"
    titles = [el.text or "" for el in svg.iter("{http://www.w3.org/2000/svg}title")]
    assert "Week van 23 nov 2026: 2 beantwoord, 0 niet in de nota" in titles
    assert re.search(r"16 nov: 1 beantwoord, 0 niet", svg.findtext("{*}desc") or "")


def test_staff_rebuild_and_reload_with_a_script(staff: TestClient) -> None:
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    started = staff.post("/staff/rebuild", headers=bearer)
    assert started.status_code == 202
    assert started.headers["cache-control"] == "no-store"
    assert started.json()["build"]["state"] == "running"
    staff.app.state.rebuilds.wait(READY_TIMEOUT)  # type: ignore[attr-defined]

    state = staff.get("/staff/rebuild", headers=bearer).json()
    assert state["build"]["state"] == "unchanged"  # the corpus is as it was built
    assert "Nothing changed" in state["build"]["summary"]
    served = state["live"]["version"]
    assert state["build"]["version"] == served and state["live"]["up_to_date"]

    reloaded = staff.post("/staff/reload", headers=bearer)
    assert reloaded.status_code == 200
    assert reloaded.json()["live"]["version"] == served


def test_the_page_shows_the_index_and_its_buttons_return_to_it(staff: TestClient) -> None:
    staff.post("/staff", data={"token": TOKEN})
    try:
        page = staff.get("/staff").text
        assert '<h2 id="h-index">Index en bijwerken</h2>' in page
        assert '<h2 id="h-examples">Voorbeeldvragen</h2>' in page
        assert "voorbeeldvragen gelden voor de tekst van deze versie" in page
        assert 'action="staff/rebuild"' in page and 'action="staff/reload"' in page
        back = staff.post("/staff/rebuild", data={"force": ""}, follow_redirects=False)
        assert back.status_code == 303
        assert back.headers["location"] == "../staff#h-index"
        staff.app.state.rebuilds.wait(READY_TIMEOUT)  # type: ignore[attr-defined]
        page = staff.get("/staff").text
        assert "Er was niets veranderd" in page and "Nothing changed" in page
        assert "folder:" not in page  # no server paths on the page
        assert 'http-equiv="refresh"' not in page  # only while a build runs

        back = staff.post("/staff/reload", follow_redirects=False)
        assert back.status_code == 303
        assert back.headers["location"] == "../staff?reloaded=1#h-index"
        page = staff.get(back.headers["location"].removeprefix("..")).text
        assert "Herladen: de chat gebruikt versie <code>" in page
    finally:
        staff.cookies.clear()


def test_questions_from_the_api_are_counted_too(
    staff: TestClient, staff_settings: Settings
) -> None:
    store = store_for(staff_settings)
    before = gather(store, weeks=1).questions
    assert staff.post("/api/ask", json={"question": "Wat is een onthardingsmakelaar?"}).is_success
    assert gather(store, weeks=1).questions == before + 1
    with store.engine.connect() as connection:
        views = [row.view for row in connection.execute(QUESTIONS.select())]
    assert views[-1] == "api"


def test_failed_attempts_are_limited_per_client_on_every_route_and_logged(
    staff: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    guesser = TestClient(staff.app, client=("198.51.100.7", 40000), headers=SAME_ORIGIN)
    wrong = [f"guess-{n}-{'x' * 30}" for n in range(MAX_FAILURES)]
    with caplog.at_level("WARNING", logger="web.staff.auth"):
        for n, guess in enumerate(wrong):
            path = ("/staff", "/staff/feedback.csv", "/staff/rebuild")[n % 3]
            answer = guesser.get(path, headers={"Authorization": f"Bearer {guess}"})
            assert answer.status_code == 401, n
    refused = caplog.records
    assert len(refused) == MAX_FAILURES
    assert "wrong Bearer code on GET /staff" in refused[0].getMessage()
    assert "now blocked" in refused[-1].getMessage()
    assert not any(guess in record.getMessage() for record in refused for guess in wrong)

    bearer = {"Authorization": f"Bearer {TOKEN}"}
    for method, path in [("GET", "/staff"), ("POST", "/staff/reload"), ("GET", "/staff/rebuild")]:
        blocked = guesser.request(method, path, headers=bearer)  # even the right code, for now
        assert blocked.status_code == 429, path
        assert int(blocked.headers["retry-after"]) >= 1
    assert guesser.get("/staff", headers=bearer).json()["error"] == "too_many_attempts"
    form = guesser.post("/staff", data={"token": TOKEN}, follow_redirects=False)
    assert form.status_code == 429 and "Te veel foute pogingen" in form.text
    assert COOKIE not in form.cookies
    other = TestClient(staff.app, client=("198.51.100.8", 40000))
    assert other.get("/staff", headers=bearer).status_code == 200  # another client is not


def test_failed_attempts_of_one_ipv6_site_are_limited_together() -> None:
    """A /48 holds 65,536 /64s: hopping them no longer multiplies the guesses (second
    review, finding 11)."""
    auth = StaffAuth(TOKEN, b"k" * 32, ipv6_48_clients=2)

    def guess(host: str) -> Access:
        scope = {
            "type": "http",
            "method": "GET",
            "path": "/staff",
            "query_string": b"",
            "headers": [(b"authorization", b"Bearer wrong-guess")],
            "client": (host, 40000),
        }
        return auth.check(Request(scope))

    site = [f"2001:db8:7:{n:x}::1" for n in range(3)]  # three /64s of one /48
    results = [guess(host) for host in site[:2] for _ in range(MAX_FAILURES)]
    assert all(r.failed and r.limited is None for r in results[:-1])
    assert guess(site[2]).limited is not None, "a fresh /64 of the same site waits too"
    assert guess("2001:db8:8::1").failed, "another site does not"


def test_wrong_codes_in_the_form_count_too(staff: TestClient) -> None:
    guesser = TestClient(staff.app, client=("2001:db8:5::1", 40000), headers=SAME_ORIGIN)
    for n in range(MAX_FAILURES):
        answer = guesser.post("/staff", data={"token": f"fout-{n}"})
        assert answer.status_code == 401 and "klopt niet" in answer.text
    assert guesser.post("/staff", data={"token": "nog eens"}).status_code == 429
    neighbour = TestClient(
        staff.app, client=("2001:db8:5::2", 40000), headers=SAME_ORIGIN
    )  # the same /64
    assert neighbour.post("/staff", data={"token": TOKEN}).status_code == 429


def test_forged_cookies_are_refused_and_counted(
    staff: TestClient, staff_settings: Settings
) -> None:
    guesser = TestClient(staff.app, client=("198.51.100.9", 40000))
    now = int(time.time())
    token_signed = hmac.new(TOKEN.encode(), f"vraagbaak-staff:{now}".encode(), hashlib.sha256)
    forged = [
        f"{now}.{token_signed.hexdigest()}",  # signed with the code itself: not the key
        f"{'9' * 400}.{'0' * 64}",  # a 400-digit time stamp
        f"-5.{'0' * 64}",
    ]
    for value in forged:
        guesser.cookies.set(COOKIE, value)
        assert guesser.get("/staff").status_code == 401, value
    guesser.cookies.set(
        COOKIE, session_value(session_key(session_secret(staff_settings.data_dir), TOKEN))
    )
    assert guesser.get("/staff").status_code == 200


def test_the_cookie_key_is_not_the_code(tmp_path: Path) -> None:
    secret = session_secret(tmp_path)
    assert session_secret(tmp_path) == secret and len(secret) == 32
    assert (tmp_path / "staff-session.key").stat().st_mode & 0o077 == 0
    key = session_key(secret, TOKEN)
    assert TOKEN.encode() not in key and key != session_key(secret, TOKEN + "!")
    assert key != session_key(session_secret(tmp_path / "other"), TOKEN)


def test_a_short_code_stops_the_start(web_settings: Settings) -> None:
    with pytest.raises(ValidationError, match="at least 32"):
        Settings(staff_token=SecretStr("x" * 31))
    assert Settings(staff_token=SecretStr("x" * 32)).staff_token.get_secret_value()
    short = web_settings.model_copy(update={"staff_token": SecretStr("kort")})
    with pytest.raises(TokenTooShortError, match="at least 32"):
        ready_app(short)


def test_changes_a_cookie_authorizes_must_come_from_this_origin(staff: TestClient) -> None:
    browser = TestClient(staff.app, client=("198.51.100.20", 40000))
    sibling = {"Origin": "https://www.igemo.be", "Sec-Fetch-Site": "same-site"}
    assert browser.post("/staff", data={"token": TOKEN}, headers=sibling).status_code == 403
    assert browser.post("/staff", data={"token": TOKEN}).status_code == 403  # no Origin
    signed_in = browser.post("/staff", data={"token": TOKEN}, headers=SAME_ORIGIN)
    assert signed_in.status_code == 200 and COOKIE in browser.cookies
    builds = staff.app.state.rebuilds  # type: ignore[attr-defined]
    before = builds.state()
    for path in ("/staff/reload", "/staff/rebuild", "/staff/logout"):
        for headers in (
            {"Origin": "https://www.igemo.be"},  # a sibling site: SameSite lets it through
            {"Origin": "http://testserver", "Sec-Fetch-Site": "same-site"},
            {"Origin": "null"},
            {},
        ):
            refused = browser.post(path, headers=headers, follow_redirects=False)
            assert refused.status_code == 403, (path, headers)
    assert builds.state() == before  # no build started
    assert COOKIE in browser.cookies  # the sign-out was refused as well
    fetched = {"Sec-Fetch-Site": "same-origin"}
    reloaded = browser.post("/staff/reload", headers=fetched, follow_redirects=False)
    assert reloaded.status_code == 303
    bearer = {"Authorization": f"Bearer {TOKEN}", "Origin": "https://elders.example"}
    assert browser.post("/staff/reload", headers=bearer).status_code == 200  # a script
    out = browser.post("/staff/logout", headers=SAME_ORIGIN, follow_redirects=False)
    assert out.status_code == 303 and COOKIE not in browser.cookies


def test_the_page_reads_counts_grouped_by_the_database(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page no longer loads every question and rating of the period (second review,
    finding 7): the database groups them, and what is read stays bounded."""
    store = FeedbackStore(database_url)
    rows = [
        question_row(asked((6,)), "chat", NOW - timedelta(days=n % 3, hours=n % 5))
        for n in range(300)
    ]
    rows += [
        question_row(asked((), f"Zwembad {n % 40}?"), "chat", NOW - timedelta(minutes=n))
        for n in range(120)
    ]
    with store.engine.begin() as connection:
        connection.execute(insert(QUESTIONS), rows)
    for n in range(LATEST_FEEDBACK + 30):
        store.add_feedback(
            rating="up" if n % 3 else "down",
            question="Wat is de UiT-pas?",
            in_scope=True,
            passages=[],
            index_version="v1",
            language="nl",
            view="chat",
            at=NOW - timedelta(hours=n),
        )

    def everything(**_kwargs: object) -> None:
        raise AssertionError("the page must not read every question")

    monkeypatch.setattr(store, "questions", everything)
    since = NOW - timedelta(days=7)
    assert len(store.question_counts(since=since)) == 3 + 1  # days in scope, one out of it
    assert len(store.gap_texts(since=since, limit=10)) == 10
    insights = gather(store, weeks=4, now=NOW)
    store.close()
    assert insights.questions == 420 and sum(insights.unanswered) == 120
    assert sum(insights.by_recommendation[6]) == 300
    assert len(insights.gaps) == 40 and {gap.count for gap in insights.gaps} == {3}
    assert (insights.up, insights.down) == (86, 44)
    assert len(insights.feedback) == LATEST_FEEDBACK


def test_counting_never_piles_up_or_holds_a_reader(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = FeedbackStore(f"sqlite:///{tmp_path / 'f.sqlite3'}", max_pending=2)
    for _ in range(2):  # waiting, with no writer to take them (as with a hung database)
        store._pending.put(question_row(asked((6,)), "chat", None))
    store.count_later(asked((7,)), view="chat")
    assert "Not counting a question: 2 are waiting" in caplog.text
    assert store.flush(timeout=0.01) is False  # the staff page goes on without them
    store.close()


def test_questions_outside_the_note_are_grouped_and_paged(database_url: str) -> None:
    store = FeedbackStore(database_url)
    for n in range(520):
        store.count_later(asked((), f"Wat kost ticket nummer {n} voor het zwembad?"), view="chat")
    for variant in (
        "Hoe laat opent het zwembad?",
        "het zwembad: hoe laat opent het",
        "HOE LAAT OPENT HET ZWEMBAD",
    ):
        store.count_later(asked((), variant), view="chat")
    insights = gather(store, weeks=4)
    store.close()
    assert len(insights.gaps) == 521
    top = insights.gaps[0]
    assert (top.count, top.question) == (3, "HOE LAAT OPENT HET ZWEMBAD")

    first = render_page(insights, {}, weeks=4, version=None)
    gaps = first[first.index('id="h-gaps"') : first.index('id="h-feedback"')]
    assert gaps.count("<tr><td>") == GAPS_PER_PAGE
    assert "pagina 1 van 11" in gaps and 'href="staff?weeks=4&amp;gaps=2#h-gaps"' in gaps
    assert len(first) < 60_000  # bounded, whatever was asked
    last = render_page(insights, {}, weeks=4, version=None, gaps_page=11)
    gaps = last[last.index('id="h-gaps"') : last.index('id="h-feedback"')]
    assert gaps.count("<tr><td>") == 521 - 10 * GAPS_PER_PAGE and "pagina 11 van 11" in gaps
    assert render_page(insights, {}, weeks=4, version=None, gaps_page=10**400).count(
        "pagina 11 van 11"
    )


def test_the_csv_export_streams_in_pieces(staff: TestClient, staff_settings: Settings) -> None:
    store = store_for(staff_settings)
    for n in range(2 * EXPORT_BATCH + 1):
        store.add_feedback(
            rating="up",
            question=f"vraag {n}",
            in_scope=True,
            passages=[],
            index_version="v1",
            language="nl",
            view="chat",
        )
    pieces = list(store.iter_csv())
    assert len(pieces) >= 3 and pieces[0].startswith("id,created_at")
    out = io.StringIO()
    store.export_csv(out)
    assert "".join(pieces) == out.getvalue()
    export = staff.get("/staff/feedback.csv", headers={"Authorization": f"Bearer {TOKEN}"})
    assert export.status_code == 200 and "content-length" not in export.headers  # streamed
    assert export.text == out.getvalue()


def test_stale_example_questions_are_listed_for_staff() -> None:
    stale = tuple(ExampleQuestion(f"vraag <{n}>", ("abc",), "8.1") for n in range(STALE_SHOWN + 2))
    match = ExampleMatch((AppliedExample("fietsen?", (1,)),), stale, ())
    html = examples_section(match, Calibration(ScopeModel(), 10, 20, 0))
    assert "32 zijn verouderd" in html and "1 voorbeeldvragen gelden" in html
    assert html.count("<li>") == STALE_SHOWN and "en nog 2" in html
    assert "vraag &lt;0&gt;" in html and "(stond bij 8.1)" in html
    assert "10 beantwoordbare en 20 niet-beantwoordbare" in html
    assert "leert voor deze versie niet uit voorbeeldvragen" in html
    empty = examples_section(ExampleMatch((), (), ()), Calibration(ScopeModel(), 0, 0, 0))
    assert "<ul>" not in empty
    fitted = examples_section(match, Calibration(ScopeModel(), 10, 20, 0), classified=51)
    assert "uit de voorbeeldvragen van 51 passages" in fitted
