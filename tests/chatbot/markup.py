"""Rendering Markdown the way a careless consumer would (CommonMark, raw HTML allowed), to
check what an answer can show: its tags, their attributes and its text."""

from __future__ import annotations

from html.parser import HTMLParser

from markdown_it import MarkdownIt

ANSWER_TAGS = frozenset({"p", "blockquote", "br", "em", "strong", "ul", "li"})
"""All the HTML an answer may render to: lead, quotes (their key sentences in bold),
citations and suggestions."""


class Rendered(HTMLParser):
    """The tags (with their attributes) and the text of an HTML fragment."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = html
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.parts: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    @property
    def tag_names(self) -> set[str]:
        return {tag for tag, _ in self.tags}

    @property
    def has_attributes(self) -> bool:
        return any(attrs for _, attrs in self.tags)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def render(markdown: str) -> Rendered:
    """``markdown`` rendered by CommonMark with raw HTML passed through."""
    return Rendered(MarkdownIt("commonmark").render(markdown))
