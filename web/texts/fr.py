"""Every interface text in French: the chat, the widget and the refusals."""

from __future__ import annotations

TEXTS: dict[str, str] = {
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
    "starters": "Exemples de questions",
    "starters_citizens": "Pour les habitants",
    "starters_politicians": "Pour les élus et les décideurs",
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
    "answer_coming": "La réponse à votre question précédente arrive ; posez la suivante ensuite.",
    "chat_full": "Cette conversation est pleine. Commencez-en une nouvelle pour continuer.",
    "events_limited": "Vous cliquez très vite. Attendez un instant, puis réessayez.",
    "comment_empty": "Tapez d'abord un commentaire.",
    "feedback_failed": "Votre évaluation n'a pas pu être enregistrée. Réessayez plus tard.",
    "feedback_hint": "Une réponse vous a-t-elle aidé ? Donnez-lui un pouce levé ou baissé.",
}

REFUSALS: dict[str, str] = {
    "question_too_long": (
        "Votre question est trop longue. Posez une seule question courte à la fois."
    ),
    "invalid_characters": (
        "Votre question contient des caractères de contrôle invisibles. Retapez-la."
    ),
    "rate_limited": (
        "Vous posez beaucoup de questions d'affilée. Attendez un instant, puis réessayez."
    ),
    "busy": "Beaucoup de questions sont posées en ce moment. Réessayez dans quelques secondes.",
}
"""What the chat says when a question is refused, by the refusal's code."""
