"""Interface texts in Dutch (the default), English and French; the note's quotes stay Dutch.

``text(lang, key, **values)`` gives one text; ``pick_language`` chooses the language from an
explicit choice (``?lang=``), a remembered switch, or the browser's ``Accept-Language``.
"""

from __future__ import annotations

from typing import Final, Literal, TypeGuard, get_args

Lang = Literal["nl", "en", "fr"]
LANGUAGES: Final[tuple[Lang, ...]] = get_args(Lang)
DEFAULT: Final[Lang] = "nl"
LANGUAGE_NAMES: Final[dict[Lang, str]] = {"nl": "Nederlands", "en": "English", "fr": "Français"}
"""Each language in its own words, for the switch."""
SWITCH_LABEL = "Taal · Language · Langue"

_NL: dict[str, str] = {
    "intro": (
        "Stel een vraag over de regionale inspiratienota <strong>Alles Vloeit</strong> "
        "(IGEMO, 2023) voor Rivierenland, legislatuur 2025-2030. U krijgt de passages uit de "
        "nota die erover gaan, letterlijk geciteerd, met de aanbeveling waar ze staan."
    ),
    "embed_intro": (
        "Vraag naar wat de nota Alles Vloeit zegt. U krijgt de passages letterlijk geciteerd, "
        "met de aanbeveling waar ze staan."
    ),
    "tab_chat": "Vraag het de nota",
    "tab_browse": "Blader door de nota",
    "examples": "Voorbeeldvragen",
    "examples_citizens": "Voor inwoners",
    "examples_politicians": "Voor politici en beleidsmakers",
    "chat": "Gesprek",
    "chat_placeholder": "Citaten uit de nota verschijnen hier.",
    "question": "Uw vraag",
    "question_placeholder": "Stel uw vraag over de nota ...",
    "ask": "Vraag",
    "new_chat": "Nieuw gesprek",
    "note_link": "Lees de volledige nota op igemo.be",
    "new_window": "(opent in een nieuw venster)",
    "footer": "De volledige nota staat op {link}.",
    "privacy": (
        "Uw vragen en beoordelingen worden anoniem bewaard, zonder IP-adres, om de vraagbaak "
        "te verbeteren. Geef geen persoonsgegevens in."
    ),
    "privacy_short": "Vragen en beoordelingen worden anoniem bewaard, zonder IP-adres.",
    "empty_question": "Typ eerst een vraag over de nota 'Alles Vloeit'.",
    "not_ready": (
        "De vraagbaak is nog aan het opstarten of tijdelijk niet beschikbaar. "
        "Probeer het over een minuutje opnieuw."
    ),
    "quote": "Citaat uit de nota",
    "part": "Onderdeel",
    "document": "Document",
    "page": "pagina {page}",
    "matched": "Gemarkeerd: de woorden uit uw vraag.",
    "key_sentence": "Kernzin",
    "expand": "Lees de hele aanbeveling {number}",
    "expand_section": "Lees het hele onderdeel",
    "quoted_here": "(hierboven geciteerd)",
    "suggestions": "Kies een onderwerp om er meer over te lezen.",
    "browse_intro": (
        "De nota doet twaalf aanbevelingen aan de besturen van Rivierenland, elk met de "
        "context en drie doorbraakprojecten. Open een aanbeveling om ze helemaal te lezen."
    ),
    "browse_unavailable": "De nota wordt nog geladen. Probeer het zo meteen opnieuw.",
    "feedback_up": "Bedankt! Fijn dat het antwoord hielp.",
    "feedback_down": "Bedankt voor uw eerlijke beoordeling.",
    "feedback_withdrawn": "Uw beoordeling is ingetrokken.",
    "feedback_more": "Wilt u nog iets toevoegen? Dat mag, maar het hoeft niet.",
    "comment": "Uw opmerking (niet verplicht)",
    "comment_placeholder": "Wat was goed, wat ontbrak er? Zonder persoonsgegevens, a.u.b.",
    "comment_send": "Opmerking versturen",
    "comment_saved": "Bedankt, uw opmerking is bewaard.",
    "events_limited": "U klikt erg snel na elkaar. Wacht even en probeer het dan opnieuw.",
    "comment_empty": "Typ eerst een opmerking.",
    "feedback_failed": "Uw beoordeling kon niet worden bewaard. Probeer het later opnieuw.",
    "feedback_hint": "Was een antwoord nuttig? Geef het een duim omhoog of omlaag.",
}

_EN: dict[str, str] = {
    "intro": (
        "Ask a question about <strong>Alles Vloeit</strong>, the regional inspiration note "
        "(IGEMO, 2023) for Rivierenland, term 2025-2030. You get the note's passages about it, "
        "quoted word for word in the original Dutch, with the recommendation they stand in."
    ),
    "embed_intro": (
        "Ask what the note Alles Vloeit says. You get its passages quoted word for word in "
        "Dutch, with the recommendation they stand in."
    ),
    "tab_chat": "Ask the note",
    "tab_browse": "Browse the note",
    "examples": "Example questions",
    "examples_citizens": "For residents",
    "examples_politicians": "For politicians and policy makers",
    "chat": "Conversation",
    "chat_placeholder": "Quotes from the note appear here.",
    "question": "Your question",
    "question_placeholder": "Ask your question about the note ...",
    "ask": "Ask",
    "new_chat": "New conversation",
    "note_link": "Read the full note (in Dutch) on igemo.be",
    "new_window": "(opens in a new window)",
    "footer": "The full note (in Dutch) is on {link}.",
    "privacy": (
        "Your questions and ratings are kept anonymously, without IP address, to improve this "
        "service. Please do not enter personal data."
    ),
    "privacy_short": "Questions and ratings are kept anonymously, without IP address.",
    "empty_question": "Please type a question about the note 'Alles Vloeit' first.",
    "not_ready": (
        "The service is still starting or temporarily unavailable. Please try again in a minute."
    ),
    "quote": "Quote from the note",
    "part": "Part",
    "document": "Document",
    "page": "page {page}",
    "matched": "Highlighted: the words of your question.",
    "key_sentence": "Key sentence",
    "expand": "Read all of recommendation {number}",
    "expand_section": "Read the whole section",
    "quoted_here": "(quoted above)",
    "suggestions": "Choose a topic to read more about it.",
    "browse_intro": (
        "The note makes twelve recommendations to the local governments of Rivierenland, each "
        "with its context and three breakthrough projects. Open one to read all of it (in Dutch)."
    ),
    "browse_unavailable": "The note is still loading. Please try again in a moment.",
    "feedback_up": "Thank you! Glad the answer helped.",
    "feedback_down": "Thank you for your honest rating.",
    "feedback_withdrawn": "Your rating was withdrawn.",
    "feedback_more": "Would you like to add something? You may, but you need not.",
    "comment": "Your comment (optional)",
    "comment_placeholder": "What was good, what was missing? No personal data, please.",
    "comment_send": "Send comment",
    "comment_saved": "Thank you, your comment was saved.",
    "events_limited": "You are clicking very quickly. Please wait a moment and try again.",
    "comment_empty": "Please type a comment first.",
    "feedback_failed": "Your rating could not be saved. Please try again later.",
    "feedback_hint": "Was an answer useful? Give it a thumbs up or down.",
}

_FR: dict[str, str] = {
    "intro": (
        "Posez une question sur <strong>Alles Vloeit</strong>, la note d'inspiration régionale "
        "(IGEMO, 2023) pour Rivierenland, législature 2025-2030. Vous recevez les passages de "
        "la note qui en parlent, cités mot pour mot en néerlandais, avec leur recommandation."
    ),
    "embed_intro": (
        "Demandez ce que dit la note Alles Vloeit. Ses passages sont cités mot pour mot en "
        "néerlandais, avec leur recommandation."
    ),
    "tab_chat": "Interroger la note",
    "tab_browse": "Parcourir la note",
    "examples": "Exemples de questions",
    "examples_citizens": "Pour les habitants",
    "examples_politicians": "Pour les élus et les décideurs",
    "chat": "Conversation",
    "chat_placeholder": "Les citations de la note apparaissent ici.",
    "question": "Votre question",
    "question_placeholder": "Posez votre question sur la note ...",
    "ask": "Demander",
    "new_chat": "Nouvelle conversation",
    "note_link": "Lire la note complète (en néerlandais) sur igemo.be",
    "new_window": "(s'ouvre dans une nouvelle fenêtre)",
    "footer": "La note complète (en néerlandais) se trouve sur {link}.",
    "privacy": (
        "Vos questions et évaluations sont conservées anonymement, sans adresse IP, pour "
        "améliorer ce service. N'indiquez pas de données personnelles."
    ),
    "privacy_short": "Questions et évaluations conservées anonymement, sans adresse IP.",
    "empty_question": "Tapez d'abord une question sur la note « Alles Vloeit ».",
    "not_ready": (
        "Le service démarre encore ou est temporairement indisponible. Réessayez dans une minute."
    ),
    "quote": "Citation de la note",
    "part": "Partie",
    "document": "Document",
    "page": "page {page}",
    "matched": "Surlignés : les mots de votre question.",
    "key_sentence": "Phrase clé",
    "expand": "Lire toute la recommandation {number}",
    "expand_section": "Lire toute la partie",
    "quoted_here": "(citée ci-dessus)",
    "suggestions": "Choisissez un sujet pour en lire davantage.",
    "browse_intro": (
        "La note formule douze recommandations aux pouvoirs locaux de Rivierenland, chacune "
        "avec son contexte et trois projets phares. Ouvrez-en une pour la lire en entier "
        "(en néerlandais)."
    ),
    "browse_unavailable": "La note est en cours de chargement. Réessayez dans un instant.",
    "feedback_up": "Merci ! Ravi que la réponse vous ait aidé.",
    "feedback_down": "Merci pour votre évaluation honnête.",
    "feedback_withdrawn": "Votre évaluation a été retirée.",
    "feedback_more": "Voulez-vous ajouter quelque chose ? C'est possible, pas obligatoire.",
    "comment": "Votre commentaire (facultatif)",
    "comment_placeholder": "Qu'est-ce qui était bien, qu'est-ce qui manquait ? Sans données "
    "personnelles, svp.",
    "comment_send": "Envoyer le commentaire",
    "comment_saved": "Merci, votre commentaire a été enregistré.",
    "events_limited": "Vous cliquez très vite. Attendez un instant, puis réessayez.",
    "comment_empty": "Tapez d'abord un commentaire.",
    "feedback_failed": "Votre évaluation n'a pas pu être enregistrée. Réessayez plus tard.",
    "feedback_hint": "Une réponse vous a-t-elle aidé ? Donnez-lui un pouce levé ou baissé.",
}

TEXTS: Final[dict[Lang, dict[str, str]]] = {"nl": _NL, "en": _EN, "fr": _FR}


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
