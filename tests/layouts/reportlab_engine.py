"""A layout typeset with reportlab's platypus: A4, Helvetica, title-case bold headings, a
running header and a 'pagina N van M'-style footer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.layouts.content import Content


def typeset(content: Content, path: Path) -> list[tuple[str, int]]:
    """Write the PDF; where each paragraph went: (text, page)."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    placed: list[tuple[str, int]] = []

    class Document(SimpleDocTemplate):  # type: ignore[misc]
        def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 (reportlab's name)
            source = getattr(flowable, "source", None)
            if source is not None:
                placed.append((source, self.page))

    def running(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(56, A4[1] - 30, "Regionale inspiratienota Rivierenland")
        canvas.drawRightString(A4[0] - 56, 28, f"pagina {doc.page}")
        canvas.restoreState()

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=12, spaceAfter=6)
    title = ParagraphStyle(
        "title", fontName="Helvetica-Bold", fontSize=15, leading=19, spaceAfter=8
    )
    section = ParagraphStyle(
        "section", fontName="Helvetica-Bold", fontSize=11, leading=14, spaceBefore=4, spaceAfter=4
    )
    badge = ParagraphStyle("badge", fontName="Helvetica-Bold", fontSize=30, leading=34)
    story: list[Any] = []
    for page in content.pages:
        if story:
            story.append(PageBreak())
        for piece in page:
            style = {"title": title, "section": section, "badge": badge}.get(piece.kind, body)
            flowable = Paragraph(escape(piece.text).replace("\n", "<br/>"), style)
            if style is body:
                flowable.source = piece.text
            story.append(flowable)
    doc = Document(
        str(path), pagesize=A4, topMargin=50, bottomMargin=50, leftMargin=56, rightMargin=56
    )
    doc.build(story, onFirstPage=running, onLaterPages=running)
    return placed
