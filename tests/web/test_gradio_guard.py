"""Gradio's routes the chat has no use for, and Gradio's noise in the log (second review,
findings 4 and 5)."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from web.http.gradio_guard import client_error_cause


@pytest.mark.parametrize("view", ["", "/embed"])
def test_no_file_can_be_uploaded_through_gradio(client: TestClient, view: str) -> None:
    """Gradio mounts an upload route on each view; anyone could store files through it and
    have them served back from the chat's origin."""
    files = {"files": ("a.html", b"<script>alert(1)</script>", "text/html")}
    uploaded = client.post(f"{view}/gradio_api/upload", files=files)
    assert uploaded.status_code == 404 and uploaded.json()["error"] == "not_found"
    assert client.post(f"{view}/gradio_api/upload/", files=files).status_code in {404, 307}
    progress = client.get(f"{view}/gradio_api/upload_progress", params={"upload_id": "x"})
    assert progress.status_code == 404
    assert client.get(f"{view}/gradio_api/info").status_code == 200, "the rest still works"


def test_an_unknown_event_stream_writes_no_traceback(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    """One anonymous GET on the event stream of an unknown session once wrote two ERROR
    tracebacks (about 15 KB) to the log."""
    with caplog.at_level(logging.DEBUG):
        for view in ("", "/embed"):
            reply = client.get(f"{view}/gradio_api/queue/data", params={"session_hash": "nosuch"})
            assert reply.status_code == 200  # the stream had started before Gradio gave up
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert not [record for record in caplog.records if record.exc_info]
    assert sum(len(record.getMessage()) for record in caplog.records) < 2000


def test_only_client_errors_are_quieted() -> None:
    from starlette.exceptions import HTTPException

    try:
        try:
            raise HTTPException(404)
        except HTTPException as cause:
            raise RuntimeError("Caught handled exception, but response already started.") from (
                cause
            )
    except RuntimeError as error:
        assert client_error_cause(error) is not None
    assert client_error_cause(RuntimeError("a real bug")) is None
    assert client_error_cause(HTTPException(503)) is None
