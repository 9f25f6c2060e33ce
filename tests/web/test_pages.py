"""The pages, the widget script, and who may frame or call them (CSP and CORS), in process."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from indexer.settings import Settings
from tests.web.conftest import ready_app

ALLOWED = "https://www.igemo.be"
FOREIGN = "https://evil.example"


def test_the_chat_page_and_the_embed_view_are_served(client: TestClient) -> None:
    for root in ("", "/embed"):
        page = client.get(f"{root}/")
        assert page.status_code == 200
        assert 'content="Alles Vloeit Vraagbaak"' in page.text
        config = client.get(f"{root}/config").json()
        assert config["title"] == "Alles Vloeit Vraagbaak"
        assert config["analytics_enabled"] is False
    redirect = client.get("/embed", follow_redirects=False)
    assert redirect.status_code == 307
    assert redirect.headers["location"] == "embed/"


def test_the_widget_script_is_served_by_the_app(client: TestClient) -> None:
    script = client.get("/embed.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert 'new URL("embed/", script.src)' in script.text
    assert "https://" not in script.text.split("*/", 1)[1]  # no third-party address in the code


def test_only_the_embed_view_may_be_framed_by_the_allowed_sites(client: TestClient) -> None:
    embed = client.get("/embed/")
    assert embed.headers["content-security-policy"] == f"frame-ancestors 'self' {ALLOWED}"
    assert "x-frame-options" not in embed.headers
    for path in ("/", "/api/openapi.json", "/healthz"):
        response = client.get(path)
        assert response.headers["content-security-policy"] == "frame-ancestors 'self'"
        assert response.headers["x-frame-options"] == "SAMEORIGIN"


def test_by_default_only_the_apps_own_origin_may_frame_the_embed_view(
    web_settings: Settings,
) -> None:
    assert web_settings.allowed_origins == ()
    with TestClient(ready_app(web_settings)) as test_client:
        embed = test_client.get("/embed/")
        assert embed.headers["content-security-policy"] == "frame-ancestors 'self'"
        preflight = test_client.options(
            "/api/ask",
            headers={"Origin": ALLOWED, "Access-Control-Request-Method": "POST"},
        )
        assert "access-control-allow-origin" not in preflight.headers


@pytest.mark.parametrize(
    "path", ["/api/ask", "/gradio_api/queue/join", "/embed/gradio_api/queue/join"]
)
def test_cors_preflight_admits_the_allowed_origin_only(client: TestClient, path: str) -> None:
    def preflight(origin: str) -> dict[str, str]:
        response = client.options(
            path,
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        return dict(response.headers)

    assert preflight(ALLOWED)["access-control-allow-origin"] == ALLOWED
    assert "access-control-allow-origin" not in preflight(FOREIGN)
    assert "access-control-allow-origin" not in preflight("http://localhost:7860")


def test_cors_headers_on_answers_follow_the_allow_list(client: TestClient) -> None:
    body = {"question": "Wat is de UiT-pas?"}
    allowed = client.post("/api/ask", json=body, headers={"Origin": ALLOWED})
    assert allowed.headers["access-control-allow-origin"] == ALLOWED
    foreign = client.post("/api/ask", json=body, headers={"Origin": FOREIGN})
    assert "access-control-allow-origin" not in foreign.headers


def test_the_index_and_model_folders_are_never_served(
    client: TestClient, web_settings: Settings
) -> None:
    current = (web_settings.index_root / "current").resolve()
    files = [current / "manifest.json", current / "chunks.jsonl", web_settings.corpus_dir]
    for file in files:
        for prefix in ("/gradio_api/file=", "/embed/gradio_api/file="):
            response = client.get(f"{prefix}{file}")
            assert response.status_code in (403, 404), (prefix, file)
            assert "chunk_count" not in response.text
    assert client.get("/var/index/current/manifest.json").status_code == 404


def test_behind_a_proxy_the_views_use_the_public_prefix(web_settings: Settings) -> None:
    app = ready_app(web_settings)
    with TestClient(app, root_path="/vraagbaak") as test_client:
        config = test_client.get(
            "/vraagbaak/embed/config",
            headers={"X-Forwarded-Host": "www.igemo.be", "X-Forwarded-Proto": "https"},
        ).json()
        assert config["root"] == "https://www.igemo.be/vraagbaak/embed"
        page = test_client.get("/vraagbaak/embed/")
        assert page.headers["content-security-policy"] == "frame-ancestors 'self'"
        assert "x-frame-options" not in page.headers
        assert test_client.get("/vraagbaak/healthz").json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://WWW.Igemo.be/", ("https://www.igemo.be",)),
        (
            "https://a.be:443, http://127.0.0.1:8000 https://a.be",
            ("https://a.be", "http://127.0.0.1:8000"),
        ),
        ("http://[::1]:8080", ("http://[::1]:8080",)),
        ("", ()),
    ],
)
def test_allowed_origins_are_read_from_a_comma_separated_list(
    given: str, expected: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VRAAGBAAK_ALLOWED_ORIGINS", given)
    assert Settings(data_dir=tmp_path).allowed_origins == expected


@pytest.mark.parametrize(
    "bad", ["*", "www.igemo.be", "https://igemo.be/chat", "ftp://igemo.be", "https://u@igemo.be"]
)
def test_anything_but_an_origin_is_refused(bad: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VRAAGBAAK_ALLOWED_ORIGINS", bad)
    with pytest.raises(ValueError, match="not an origin"):
        Settings()


def test_the_root_path_is_a_url_path() -> None:
    assert Settings(root_path="/vraagbaak/").root_path == "/vraagbaak"
    with pytest.raises(ValueError, match="root path"):
        Settings(root_path="vraagbaak")
