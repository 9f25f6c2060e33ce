"""Questions about a subject across the note, and the words that say what that subject is.

Two ways of asking, both answered with every recommendation that addresses the subject (each
with its best passage):

- *where* questions name the note's parts: "welke aanbevelingen gaan over klimaat?", "waar
  in de nota komt ontharding terug?". The framing says the subject is in the note, so such a
  question is answered when the subject's words stand in its passages;
- *topic* questions ask what the note has on a subject: "wat zegt de nota over fietsen?",
  "staat er iets in over parkeren?", "what's in it for the elderly?". Only the shape of the
  answer changes; whether the note answers is the scope model's to say.

The patterns read a question folded (``chatbot.lexical.fold``) and in standard Dutch
(``chatbot.dialect``).
"""

from __future__ import annotations

import re
from typing import Literal

Across = Literal["where", "topic"]
COUNTS_PARTS = re.compile(
    r"\b(hoeveel|how many|combien)\s+(van de\s+)?(aanbevelingen|doorbraakprojecten|projecten|"
    r"delen|onderdelen|hoofdstukken|plaatsen|recommendations|projects|places|recommandations)\b"
)
"""A count of the note's parts ("in hoeveel aanbevelingen komt klimaat aan bod?"): where a
subject stands, not one fact."""

_DOCUMENT = r"(?:inspiratie)?(?:nota|tekst|document|folder|brochure|boekske)"
_PROPOSED = r"(?:voorgesteld|beschreven|besproken|behandeld|gepleit)"
"""How a question says the note proposes or describes something ("waar in de nota wordt ...
voorgesteld?")."""
_WHERE = re.compile(
    r"\b(welke|in welke|which|quelles?|quels)\s+(van de\s+)?(aanbevelingen|delen|"
    r"onderdelen|hoofdstukken|doorbraakprojecten|projecten|stukken|passages|recommendations|parts|"
    r"sections|chapters|projects|recommandations|parties|chapitres|projets)\b"
    # "welke aanbeveling gaat over ...?" asks for the one; "in welke aanbeveling ...?" where
    r"|\bin welke\s+aanbeveling\b"
    r"|\bop hoeveel (plaatsen|plekken)\b|\bin how many places\b"
    # "op welke plaatsen in Duffel ...?" asks where in a town: the note must be named
    rf"|\bop welke (plaatsen|plekken)\b[^.?!]*\b{_DOCUMENT}\b"
    rf"|\bwaar\s+(komt|komen)\b[^.?!]{{0,40}}\bvoor(\s+in\s+(de|die|het|deze)\s+{_DOCUMENT})?\W*$"
    r"|\bwaar\s+(overal\s+)?"
    r"(in de nota|in de tekst|in het document|komt|kom|staat|wordt|spreekt|gaat)\b"
    r"[^.?!]*\b(terug|aan bod|vermeld|vernoemd|genoemd|sprake|over|aandacht)\b"
    # where the note proposes or describes something, the note named: "waar in de nota wordt
    # ... voorgesteld?" (without it, "waar wordt mijn aanvraag behandeld?" asks an office)
    rf"|\bwaar\b[^.?!]*\b{_DOCUMENT}\b[^.?!]*\b{_PROPOSED}\b"
    rf"|\bwaar\b[^.?!]*\b{_PROPOSED}\b[^.?!]*\bin\s+(de|die|het|deze)\s+{_DOCUMENT}\b"
    rf"|\b(overal|op alle plaatsen|op alle plekken)\s+waar\s+(de|die|het|deze)\s+{_DOCUMENT}\b"
    rf"|\bwaar\s+(gaat|spreekt|staat|stelt|heeft|zegt|pleit)\s+(de|het|die)\s+{_DOCUMENT}\b"
    r"|\bwaar\s+(staat|staan|zit|zitten)\s+(dat|dit|da|het)\s+(allemaal\s+|overal\s+)?in\b"
    r"|\bwaar\s+(zit|zitten)\s+(dat|dit|da|het)\s+(allemaal|overal)\b"
    r"|\balle\s+(relevante\s+|andere\s+)?(aanbevelingen|plaatsen|delen|passages)\b"
    # the note named, then "... en waar (dan precies)?"
    rf"|\b{_DOCUMENT}\b[^.?!]*\ben\s+waar(\s+(dan|precies|juist|ergens))*\W*$"
    r"|\bwhere\b.*\b(note|document)\b.*\b(mention|discuss|talk|come up|address|deal|cover)"
    r"|\bou\b.*\bnote\b.*\b(parle|aborde|mentionne|traite)"
    r"|\btoutes recommandations confondues\b|\bacross the (note|board)\b|\bover de hele lijn\b"
    # beyond a part it names: "komt dat alleen in aanbeveling 1 voor, of ook elders?"
    r"|\b(ook|nog|also)\s+(elders|ergens anders|in andere aanbevelingen|elsewhere)\b"
    # beyond a subject it sets apart: "welzijn: behalve in het sociaal beleid, waar nog?"
    r"|\b(waar|where)\b[^.?!]{0,40}\b(nog|nog meer|else)\W*$|\bou\b[^.?!]{0,40}\bencore\W*$"
)
_TOPIC = re.compile(
    # the note as the subject of a verb of saying or proposing
    r"\b(zegt|stelt|doet|wil|voorziet|vermeldt|noemt|verwijst|biedt|bevat|vertelt|verwacht|vraagt|"
    r"betekent|pleit|erkent)\s+"
    rf"(de|die|het|deze|dit|dat)\s+{_DOCUMENT}\b"
    # "wat betekent dit plan voor ...": the note called a plan, pointed at
    r"|\b(zegt|stelt|doet|wil|voorziet|biedt|betekent|erkent)\s+(dit|dat|die)\s+plan\b"
    # how the note looks at a subject, or what part it plays there
    rf"|\bhoe\s+(kijkt|ziet|bekijkt|benadert)\s+(de|die|het|deze)\s+{_DOCUMENT}\b"
    rf"|\bspeelt\b[^.?!]*\been\s+(\w+\s+)?rol\b[^.?!]*\b{_DOCUMENT}\b"
    r"|\bstaat\s+(er|daar|hier|dat)\s+(ook\s+|nog\s+)?(iets|wat)\b"
    r"|^\W*(en\s+)?(iets|wat)\s+over\b"
    r"|\b(komt|komen)\b.*\baan bod\b"
    r"|\bwat staat er\s+((in|allemaal|eigenlijk|nog|ook)\b[^.?!]*\s)?over\b"
    r"|\bhoe zit (het|dat) met\b.*\b(nota|aanbevelingen)\b"
    r"|\bwhat (does|do|did) (the|this|that) (note|document|text|paper|brochure|plan|report) "
    r"(say|propose|suggest|offer|do|mention)"
    r"|\bwhat(?:'?s| is) in (it|the note|there) for\b"
    r"|\b(which|what)\b.*\b(does|do) the (note|document) (propose|suggest|mention|say)"
    r"|\bque (dit|propose|prevoit) la note\b|\bqu'?est-ce que la note\b"
    r"|\b(ce que|est-ce que) la note (dit|propose|prevoit|parle)\b"
    r"|\bqu'?est-ce qui est prevu pour\b"
    # ... and as the subject of a clause: "wat de nota voorstelt rond ..."
    rf"|\bwat\s+(de|die|het)\s+{_DOCUMENT}\s+(zegt|voorstelt|stelt|wil|doet|voorziet)\b"
    r"|\bis\s+er\s+(ook\s+|nog\s+)?(iets|iet|wat)\s+(in\s+)?(over|rond|voor)\b"
    rf"|\bhoe\s+zit\s+(het|dat|da)\b.*\b{_DOCUMENT}\b"
    r"|\bis there (anything|something) (in it|in the note|in there|in the document)?\s*"
    r"(on|about)\b"
    # what the note means for, or asks of, a group: "wat hebben ouderen aan die nota?"
    rf"|\bwat\s+(hebben|heeft|heb|hebt)\b.{{0,40}}\baan\s+(de|die|deze|dit|het)\s+{_DOCUMENT}\b"
    r"|\b(welke|wat is de|what|quel(le)?)\s+(rol|role)\b"
    r"|\bhoe\s+hangen\b.*\bsamen\b|\bhow (do|does)\b.*\b(link|relate|connect)"
    # an inventory: "geef me eens een lijstje van ...", "som eens op ..."
    r"|\b(lijst|lijstje|overzicht|opsomming)\s+(van|met)\s+(alle|al de|alles)\b"
    r"|\b(geef|maak|graag)\b.{0,20}\b(lijst|lijstje|overzicht|opsomming)\b|\bsom\b.*\bop\b"
    r"|\b(overview|list) of (everything|all)\b|\beverything\b.*\b(note|document)\b"
    rf"|\balles wat\b.{{0,30}}\b{_DOCUMENT}\b"
    r"|\bwhat (does|do) (the|this|that) (note|document) mean\b|\bque signifie la note\b"
    # a subject the whole note is asked about: "houdt de nota rekening met ...", "een rode
    # draad", "doorheen de hele nota", "wat heeft de nota te bieden voor ..."
    rf"|\b(houdt|hield)\s+(de|die|het|deze)\s+{_DOCUMENT}\b[^.?!]*\brekening\s+met\b"
    r"|\brode draad\b"
    rf"|\b(doorheen|in)\s+(de|die|het|deze)\s+(hele|gehele|volledige)\s+{_DOCUMENT}\b"
    rf"|\b(wat|iets)\s+(heeft|biedt)\s+(de|die|het|deze)\s+{_DOCUMENT}\b[^.?!]*\bte bieden\b"
    rf"|\bstaat\s+er\s+in\s+(de|die|het|deze)\s+{_DOCUMENT}\s+(ook\s+|nog\s+)?(iets|wat)\b"
    r"|\bhow (does|do|will) (the|this|that) (note|document|plan) (deal with|handle|address|"
    r"tackle|treat|take into account)\b"
)
_KEYWORDS = re.compile(
    r"^\W*(en\s+|and\s+|et\s+)?([\w'-]+)(\s+(en|of|and|or|et|ou)\s+[\w'-]+)?\W*\?\W*$"
)
"""A bare subject asked about: "ontharding?", "sport en cultuur?"."""
_NOT_A_SUBJECT_WORDS = """
    wie wat waar wanneer hoe hoeveel welke welk waarom wa wadde who what where when how why
    which qui quoi ou quand comment pourquoi quel quelle ja nee neen ok oke yes no oui non
    meer nog verder more encore dat dit da het it ca echt hallo hoi dank bedankt merci thanks
"""
_NOT_A_SUBJECT = frozenset(_NOT_A_SUBJECT_WORDS.split())

_FRAMING_WORDS = """
    welke aanbevelingen aanbeveling delen onderdelen hoofdstukken doorbraakprojecten projecten
    waar nota tekst document folder brochure komt komen terug aan bod vermeld genoemd sprake
    gaan gaat hebben heeft staat staan wordt spreekt allemaal zegt stelt doet wil voorziet
    vermeldt noemt verwijst biedt bevat vertelt pleit iets iet ervoor hele lijn voorstelt boekske
    zit betekent verwacht vraagt hebben heb hebt aan rol spelen speelt krijgen krijgt weggelegd
    erkent kijkt ziet bekijkt benadert naar hoeverre dit plan
    hangen samen geef lijst lijstje overzicht opsomming som op eens stukken passages plaatsen
    plekken hoeveel overal aandacht ergens woord woorden begrip aangehaald besproken werd werden
    worden voor behandelen behandelt behandeld gesproken spreken handelt handelen
    inspiratienota hoofdstuk betrekking raken raakt volgens doorheen meerdere verschillende
    zowel houdt rekening stellen nieuwe nieuw elders anders alleen enkel duikt
    buiten behalve naast nog besides apart other than except outside else encore hormis sauf
    chapters parties chapitres parleton quels projects projets
    vernoemd expliciet relevante andere precies juist zitten
    which recommendations parts sections note where mention mentions discuss talk come address
    deal cover does say propose suggest offer whats what about anything something everything
    overview list give role mean means related link relate connect mentioned ever word term
    quelles recommandations parle parletelle aborde mentionne traite dit propose prevoit toutes
    confondues estce questce mentionne cite question estil
    gemeenteraadslid gemeenteraadsleden raadslid raadsleden schepen schepenen burgemeester
    burgemeesters ambtenaar ambtenaren mandataris mandatarissen fractie weten
    terugkomt terugkomen terugkeert terugkeren thema themas kunt kun kan geven oppositieraadslid
    voorgesteld beschreven gepleit
"""
FRAMING = frozenset(_FRAMING_WORDS.split())
"""Words that frame a question across the note, or say who asks it ("als gemeenteraadslid wil
ik weten: ..."), not its subject."""


_PURPOSE = re.compile(r"\bom\s+(\w+\s+){0,8}te\b|\b(propose|suggest|do|does)\s+to\b")
"""A purpose ("wat stelt de nota voor om talent te bundelen?") makes a precise question of a
topic one."""


_MENTIONED = re.compile(
    # the participle ends the question: "de besproken maatregelen" is no such question
    r"\b(wordt|worden|werd|werden)\b[^.?!]{1,60}\b(vermeld|genoemd|aangehaald|besproken)"
    rf"(\s+in\s+(de|die|het|deze)\s+{_DOCUMENT})?\W*$"
    # "komt het woord ... voor?", not how often something happens ("komt dat vaak voor?")
    r"|\b(komt|komen)\b(?![^.?!]*\b(vaak|veel|zelden|dikwijls|soms|regelmatig|nog)\b)"
    rf"[^.?!]{{1,60}}\bvoor(\s+in\s+(de|die|het|deze)\s+{_DOCUMENT})?\W*$"
    r"|\bis\s+er\s+(ook\s+|nog\s+)?sprake\s+van\b"
    rf"|\b(heeft|spreekt)\s+(de|die|het|deze)\s+{_DOCUMENT}\s+(het\s+)?(ook\s+)?(ergens\s+)?over\b"
    r"|\b(does|do)\s+(the|this|it)\s+((note|document)\s+)?(ever\s+)?mention\b"
    r"|\bis\b[^.?!]{1,60}\bmentioned\b"
    r"|\bla note (mentionne|parle|cite)\b|\best-il (mentionne|question)\b"
)
QUESTION_WORDS = (
    r"welke|welk|wat|waarom|hoe|wie|wanneer|hoeveel|waar|which|what|why|how|who|when|where|"
    r"quel|quelle|quels|quelles|pourquoi|comment|quand|combien"
)
"""The words that open a question for a fact, in Dutch, English and French (folded)."""
_ASKING_WHICH = re.compile(rf"\b({QUESTION_WORDS})\b")
"""A question word makes "welke schepenbevoegdheid wordt genoemd?" a question for a fact,
not whether something is mentioned."""


def asks_if_mentioned(text: str) -> bool:
    """Whether a folded question asks if the note mentions something at all ("wordt
    cybersecurity vermeld?", "komt het woord kerntaken voor?", "is er sprake van
    windmolens?"): the note answers it wherever all of the subject's words stand."""
    return bool(_MENTIONED.search(text)) and not _ASKING_WHICH.search(text)


def asked_across(text: str) -> Across | None:
    """How a folded question asks about a subject across the note, if it does."""
    if _WHERE.search(text):
        return "where"
    if (_TOPIC.search(text) or asks_if_mentioned(text)) and not _PURPOSE.search(text):
        return "topic"
    bare = _KEYWORDS.match(text)
    if bare and bare.group(2) not in _NOT_A_SUBJECT and not bare.group(2).isdigit():
        return "topic"
    return None
