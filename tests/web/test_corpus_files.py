"""Cited PDFs open at their page: the corpus files are served read-only, and nothing else."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import docx
import odfdo
import pptx
import pytest
from fastapi.testclient import TestClient

from indexer.chunking import chunk_document
from indexer.documents import read_document
from indexer.settings import Settings
from tests.conftest import NOTE
from tests.layouts.content import note_content
from tests.layouts.fpdf_engine import FpdfStyle, typeset
from tests.web.conftest import make_bot
from web.chat.cards import render_card
from web.server import create_app


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    (folder / "bijlagen").mkdir(parents=True)
    shutil.copy(NOTE, folder / NOTE.name)
    typeset(note_content(), FpdfStyle(), folder / "alles vloeit.pdf")
    (folder / "bijlagen" / "faq.txt").write_text("VRAAG\n\nAntwoord.\n", encoding="utf-8")
    word = docx.Document()
    word.add_paragraph("Antwoord.")
    word.save(str(folder / "bijlagen" / "vragen.docx"))
    writer = odfdo.Document("text")
    writer.body.append(odfdo.Paragraph("Antwoord."))
    writer.save(folder / "bijlagen" / "lokaal.odt")
    deck = pptx.Presentation()
    deck.slides.add_slide(deck.slide_layouts[1]).shapes.title.text = "Antwoord"
    deck.save(str(folder / "bijlagen" / "infoavond.pptx"))
    page = "<main><p>Antwoord.</p><script>fetch('/api/ask')</script></main>"
    (folder / "bijlagen" / "pagina.html").write_text(page, encoding="utf-8")
    (folder / ".verborgen.pdf").write_bytes(b"%PDF-1.4 hidden")
    (folder / "notities.json").write_text("{}", encoding="utf-8")
    (tmp_path / "geheim.pdf").write_bytes(b"%PDF-1.4 outside the corpus")
    return folder


@pytest.fixture
def client(tmp_path: Path, corpus: Path) -> TestClient:
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "var", model="fake-trigram")
    return TestClient(create_app(settings, make_bot(settings), warm_up=False))


def test_a_corpus_pdf_is_served_as_a_pdf_from_the_chat_and_the_widget(
    client: TestClient, corpus: Path
) -> None:
    for prefix in ("/corpus", "/embed/corpus"):
        response = client.get(f"{prefix}/alles%20vloeit.pdf")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["content-disposition"].startswith("inline")
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.content == (corpus / "alles vloeit.pdf").read_bytes()
    assert client.head("/corpus/alles%20vloeit.pdf").status_code == 200
    text = client.get("/corpus/bijlagen/faq.txt")
    assert text.headers["content-type"] == "text/plain; charset=utf-8"
    assert client.get(f"/corpus/{NOTE.name}").headers["content-type"].startswith("text/plain")
    word = client.get("/corpus/bijlagen/vragen.docx")
    assert word.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert word.headers["content-disposition"].startswith("attachment")
    assert word.content == (corpus / "bijlagen" / "vragen.docx").read_bytes()
    writer = client.get("/corpus/bijlagen/lokaal.odt")
    assert writer.headers["content-type"] == "application/vnd.oasis.opendocument.text"
    assert writer.headers["content-disposition"].startswith("attachment")
    assert writer.content == (corpus / "bijlagen" / "lokaal.odt").read_bytes()
    slides = client.get("/corpus/bijlagen/infoavond.pptx")
    assert slides.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    )
    assert slides.headers["content-disposition"].startswith("attachment")
    assert slides.content == (corpus / "bijlagen" / "infoavond.pptx").read_bytes()


def test_a_saved_web_page_is_shown_sandboxed_so_that_its_scripts_do_not_run(
    client: TestClient, corpus: Path
) -> None:
    for prefix in ("/corpus", "/embed/corpus"):
        page = client.get(f"{prefix}/bijlagen/pagina.html")
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert page.content == (corpus / "bijlagen" / "pagina.html").read_bytes()
        policy = [part.strip() for part in page.headers["content-security-policy"].split(";")]
        assert "sandbox" in policy and "default-src 'none'" in policy
        assert any(part.startswith("frame-ancestors 'self'") for part in policy)
    assert "sandbox" not in client.get("/corpus/bijlagen/faq.txt").headers.get(
        "content-security-policy", ""
    )


@pytest.mark.parametrize(
    "path",
    [
        "/corpus/",
        "/corpus",
        "/corpus/bijlagen",
        "/corpus/bijlagen/",
        "/corpus/.verborgen.pdf",
        "/corpus/notities.json",
        "/corpus/../geheim.pdf",
        "/corpus/%2e%2e/geheim.pdf",
        "/corpus/..%2fgeheim.pdf",
        "/corpus//etc/passwd",
        "/corpus/%2fetc%2fpasswd",
        "/corpus/ALLES%20VLOEIT.PDF",
        "/corpus/bestaat-niet.pdf",
        "/embed/corpus/../../pyproject.toml",
    ],
)
def test_nothing_but_corpus_documents_by_their_exact_name(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404 or (
        response.status_code == 200
        and "application/pdf" not in response.headers["content-type"]
        and b"outside the corpus" not in response.content
        and b"hidden" not in response.content
        and "text/plain" not in response.headers["content-type"]
    )
    assert b"outside the corpus" not in response.content


def test_the_corpus_is_read_only(client: TestClient, corpus: Path) -> None:
    before = (corpus / "alles vloeit.pdf").read_bytes()
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        response = client.request(method, "/corpus/alles%20vloeit.pdf", content=b"x")
        assert response.status_code in (404, 405)
    assert (corpus / "alles vloeit.pdf").read_bytes() == before


def test_a_card_quoting_a_pdf_says_pagina_and_links_to_that_page(corpus: Path) -> None:
    chunks = chunk_document(read_document(corpus / "alles vloeit.pdf"))
    chunk = next(c for c in chunks if c.recommendation == 7 and c.section == "context")
    assert chunk.page == 10
    html = render_card(chunk, [], "nl", None)
    assert 'href="corpus/alles%20vloeit.pdf#page=10"' in html
    assert "alles vloeit.pdf, pagina 10" in html
    assert "· pagina 10</em>" in html
    markdown = replace(chunk, document=NOTE.name, page=None)
    assert "href" not in render_card(markdown, [], "nl", None)
