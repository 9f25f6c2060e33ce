"""The evaluation harness: question sets, strict metrics, and runs over changed content.

``python -m chatbot.evaluation`` reports the frozen set; see docs/EVALUATION.md.
"""

from chatbot.evaluation.metrics import Metrics, Ranked, check, evaluate, found_at, interval
from chatbot.evaluation.sets import (
    DEV,
    FROZEN,
    QUESTIONS,
    Expected,
    Question,
    evaluation_texts,
    faq_document,
    load_conversations,
    load_faq_questions,
    load_questions,
    near_duplicate,
    near_duplicates,
)

__all__ = [
    "DEV",
    "FROZEN",
    "QUESTIONS",
    "Expected",
    "Metrics",
    "Question",
    "Ranked",
    "check",
    "evaluate",
    "evaluation_texts",
    "faq_document",
    "found_at",
    "interval",
    "load_conversations",
    "load_faq_questions",
    "load_questions",
    "near_duplicate",
    "near_duplicates",
]
