"""Every text the chat, the widget and the API show a person: one catalogue per language
(``nl``, the default, ``en`` and ``fr``); the note's quotes stay Dutch.

``text(lang, key, **values)`` gives one interface text, ``refusal(lang, code, fallback)`` what
a refused question gets; ``pick_language`` chooses the language from an explicit choice
(``?lang=``), a remembered switch, or the browser's ``Accept-Language``. The question rules'
Dutch messages are ``chatbot.inputs``'s and an answer's own sentences ``chatbot.answer``'s,
as the command line shows them too.
"""

from __future__ import annotations

from typing import Final, Literal, TypeGuard, get_args

from web.texts import en, fr, nl

Lang = Literal["nl", "en", "fr"]
LANGUAGES: Final[tuple[Lang, ...]] = get_args(Lang)
DEFAULT: Final[Lang] = "nl"
LANGUAGE_NAMES: Final[dict[Lang, str]] = {"nl": "Nederlands", "en": "English", "fr": "Français"}
"""Each language in its own words, for the switch."""
SWITCH_LABEL = "Taal · Language · Langue"

TEXTS: Final[dict[Lang, dict[str, str]]] = {"nl": nl.TEXTS, "en": en.TEXTS, "fr": fr.TEXTS}
REFUSALS: Final[dict[Lang, dict[str, str]]] = {
    "nl": nl.REFUSALS,
    "en": en.REFUSALS,
    "fr": fr.REFUSALS,
}


def refusal(lang: str, code: str, fallback: str) -> str:
    """What a question refused with ``code`` gets in ``lang``: in Dutch (and any unknown
    language) ``fallback``, the refusal's own message; else the catalogue's, or ``fallback``
    when the catalogue has none."""
    if lang == DEFAULT or not is_language(lang):
        return fallback
    return REFUSALS[lang].get(code, fallback)


def is_language(value: object) -> TypeGuard[Lang]:
    """Whether ``value`` is one of the interface languages."""
    return isinstance(value, str) and value in LANGUAGES


def text(lang: str, key: str, **values: object) -> str:
    """The interface text ``key`` in ``lang`` (Dutch for an unknown language), filled in."""
    template = TEXTS[lang if is_language(lang) else DEFAULT][key]
    return template.format(**values) if values else template


def from_accept_language(header: str | None) -> Lang | None:
    """The interface language the browser prefers most (``nl-BE,fr;q=0.8`` gives ``nl``)."""
    ranked: list[tuple[float, int, Lang]] = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().split("-")[0].lower()
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if is_language(primary) and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else None


def pick_language(
    chosen: str | None = None, remembered: str | None = None, accept_language: str | None = None
) -> Lang:
    """An explicit choice first, then the remembered switch, the browser's wish, or Dutch."""
    for candidate in (chosen, remembered):
        if is_language(candidate):
            return candidate
    return from_accept_language(accept_language) or DEFAULT
