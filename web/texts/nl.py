"""Every interface text in Dutch, the default: the chat, the widget and the refusals."""

from __future__ import annotations

from chatbot.inputs import EMPTY_MESSAGE

TEXTS: dict[str, str] = {
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
    "starters": "Voorbeeldvragen",
    "starters_citizens": "Voor inwoners",
    "starters_politicians": "Voor politici en beleidsmakers",
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
    "empty_question": EMPTY_MESSAGE,
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
    "answer_coming": "Het antwoord op uw vorige vraag komt nog; stel uw vraag zodra het er is.",
    "chat_full": "Dit gesprek is vol. Begin een nieuw gesprek om verder te vragen.",
    "events_limited": "U klikt erg snel na elkaar. Wacht even en probeer het dan opnieuw.",
    "comment_empty": "Typ eerst een opmerking.",
    "feedback_failed": "Uw beoordeling kon niet worden bewaard. Probeer het later opnieuw.",
    "feedback_hint": "Was een antwoord nuttig? Geef het een duim omhoog of omlaag.",
}

REFUSALS: dict[str, str] = {
    "rate_limited": (
        "U stelt veel vragen kort na elkaar. Wacht {wait} en stel uw vraag dan opnieuw."
    ),
    "busy": (
        "Er worden nu heel veel vragen tegelijk gesteld. Probeer het over enkele seconden opnieuw."
    ),
}
"""The gate's refusals (``web.questions.gate``), for the chat and the API; the question
rules' own messages are ``chatbot.inputs``'s (Dutch, shared with the command line)."""
ONE_SECOND = "één seconde"
SECONDS = "{seconds} seconden"
