"""HTML pages and fragments from the Jinja2 templates in ``web/templates`` (partials in
``_partials``), always autoescaped: a value is text unless it is ``Markup``."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"


@cache
def environment() -> Environment:
    """The one template environment: autoescaping, and an error for any undefined name."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **values: Any) -> str:
    """The template ``name`` (a path below ``web/templates``) filled in with ``values``,
    without a final line break."""
    return environment().get_template(name).render(**values).rstrip("\n")


@cache
def static_file(name: str) -> str:
    """A file of ``web/static`` as text: a stylesheet or a script for Gradio's ``js=``."""
    return (STATIC / name).read_text(encoding="utf-8")


def static_text(name: str) -> Markup:
    """A file of ``web/static`` (a stylesheet) to put inline in a template, as it is."""
    return Markup(static_file(name))
