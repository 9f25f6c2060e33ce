"""Every interface text in English: the chat, the widget and the refusals."""

from __future__ import annotations

TEXTS: dict[str, str] = {
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
    "starters": "Example questions",
    "starters_citizens": "For residents",
    "starters_politicians": "For politicians and policy makers",
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
    "answer_coming": "The answer to your previous question is on its way; ask once it is there.",
    "chat_full": "This conversation is full. Start a new conversation to ask more.",
    "events_limited": "You are clicking very quickly. Please wait a moment and try again.",
    "comment_empty": "Please type a comment first.",
    "feedback_failed": "Your rating could not be saved. Please try again later.",
    "feedback_hint": "Was an answer useful? Give it a thumbs up or down.",
}

REFUSALS: dict[str, str] = {
    "question_too_long": "Your question is too long. Please ask one short question at a time.",
    "invalid_characters": "Your question holds invisible control characters. Please type it again.",
    "rate_limited": "You are asking many questions in a row. Please wait a moment and ask again.",
    "busy": "Very many questions are being asked right now. Please try again in a few seconds.",
}
"""What the chat says when a question is refused, by the refusal's code."""
