"""Facts of a kind a passage either states or does not: an amount of money, who pays,
opening hours, contact details, who holds an office, a date, which municipalities, how to
sign up or join, a project's progress, a council's vote, a politician's or party's view.

A question that asks for one ("welk budget trekt de regio uit?", "wat vindt de burgemeester
ervan?") is answered only by passages with such a fact in them: an inspiration note proposes
and explains, and states hardly any of these (an address in the colophon, a few target years,
no person's name). The check reads
the passages that are served, so a page staff add with its prices or opening hours answers
what the note alone does not. The patterns were written on the development sets and checked
against every answerable question there (docs/EVALUATION.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chatbot.lexical import fold
from chatbot.places import MUNICIPALITIES

_ADDRESS = (
    r"(straat|laan|plein|steenweg|vest|lei|dreef) \d+\b"
    r"|(^|[,:]|\d[a-z]?,?( in)?) ?(?!(19|20)\d\d\b)\d{4} [a-z]"
)
"""How a folded sentence gives an address (``ADDRESS_STATED``)."""
_STARTED = (
    "opent|opengaat|start|starten|begint|beginnen|klaar|gedaan|afgerond|opening|opens|starts|"
    "ouvre|commence"
)
"""Words beside "open" that ask when something starts or is done (``STARTING``)."""
_DUTCH_DAYS = "maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag"
_DAY_PARTS = "voormiddag|namiddag|middag|avond|ochtend|morgen"
WEEKDAYS = (
    f"(?:{_DUTCH_DAYS})(?:{_DAY_PARTS})?|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)
"""The days of the week, as alternatives for a pattern (Dutch and English); a Dutch day's
part is written onto it ("woensdagavond")."""
_DAY_PART = re.compile(rf"\b({_DUTCH_DAYS})({_DAY_PARTS})\b")
"""A Dutch weekday with the part of the day written onto it; group 1 is the day."""


def as_weekdays(text: str) -> str:
    """``text`` with each day's part left off its weekday: "op woensdagavond" asks for
    Wednesday's hours, which a page lists under "woensdag"."""
    return _DAY_PART.sub(r"\1", text)


VISITING = "terecht|binnenspringen|binnenlopen|binnengaan|langskomen|langsgaan|passeren"
"""Words for coming by a place ("kan ik op zaterdag ergens terecht?")."""


@dataclass(frozen=True, slots=True)
class FactKind:
    """A kind of fact: how a question asks for it, and how a passage states it."""

    name: str
    asked: re.Pattern[str]
    """Matched against the folded question."""
    stated: re.Pattern[str]
    """Matched against the folded passage."""
    named: re.Pattern[str] | None = None
    """Also asks for it, matched against the question as typed (a person's name)."""
    stated_named: re.Pattern[str] | None = None
    """Also states it, matched against the passage as written (a name beside an office)."""
    first_only: bool = False
    """Only the first quoted passage can state it: who pays for a subject is said where the
    subject is, not in another passage that speaks of money in general."""


_PHONE_NUMBER = (
    r"telefoonnummer|telefoonnr|telnr|gsm-?nummer|(tel|telefoon|gsm)\.?[ -]?(nummer|nr)|"
    r"phone number|numero de telephone"
)
"""A phone number asked for, one word or typed apart ("tel nummer?", "telefoon nr")."""
WHICH_NUMBER = r"\bwelke?\s+(tel(efoon)?)?(nummer|nr)"
"""Which number, asked with a verb of calling beside it ("op welk nummer kan ik ... bellen?"):
how to reach someone, not about whom."""
_OFFICE = (
    r"burgemeesters?|schepen(s|en)?|ministers?|gedeputeerden?|gouverneurs?|gemeenteraadsleden|"
    r"raadsleden|raadslid|politic(us|i)|partij(en)?|oppositie|fracties?|n-va|cd&v|open vld|"
    r"vlaams belang|pvda|"
    r"mayors?|aldermen|alderman|party|parties|opposition|maires?|echevins?|partis?"
)
"""Who holds a view in politics (the note holds none of theirs)."""
_ONE_OFFICE = r"partij|politicus|burgemeester|schepen|minister|fractie|party|parti"
_HOLDERS = (
    r"schepen(en|s)?|burgemeesters?|voorzitters?|(algemeen )?directeurs?|(jeugd)?consulent(en)?|"
    r"gedeputeerden?|gouverneurs?|ministers?|ombudsman|secretaris(sen)?|mayors?|aldermen|"
    r"alderman|chair(man|woman|person)?|directors?|maires?|echevins?|presidents?|presidente?"
)
"""Who holds an office, by what they are called."""
_NAMES = "|".join(re.escape(fold(name)) for name in MUNICIPALITIES)
"""The region's municipalities, folded as the passages are."""
_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
"""The months' names, folded."""

KINDS = (
    FactKind(
        "an amount of money",
        re.compile(
            r"\b(hoeveel|welk|welke|wat is het|totale?|how much|which|quel)\b[^?.]{0,40}"
            r"\b(budget|bedrag|geld|euros?|money|cost|cout)\b"
            r"|\bhoeveel\b[^?.]{0,60}\b(kost|kosten)\b"
            # "wat heeft die studie gekost?", "wat gaat dat ons kosten?" (the verb, not "wat
            # gaan ze doen aan de kosten van energie?")
            r"|\bwat\s+(heeft|hebben|had|gaat|gaan|zal|zullen|zou|zouden|mag|moet)\b[^?.]{0,40}"
            r"(?<!\bde )(?<!\bdie )(?<!\bdeze )(?<!\bhun )(?<!\bonze )(?<!\balle )"
            r"\b(gekost|kosten(?=\s*([?!.,]|$|per\b)))"
            r"|\b(bedraagt|bedragen|(wat|hoeveel) (kost|kosten|verdient|verdienen)|salaris|wedde|"
            r"combien (coute|de budget|d'argent)|how much does)\b|€"
        ),
        re.compile(
            r"€|\b(euros?|eur|budget|bedrag(en)?|miljoen|prijs|prijzen|kostprijs|tarief|"
            r"tarieven|gratis|betalen|betaalt)\b"
        ),
    ),
    FactKind(
        "who pays",
        re.compile(
            r"\bwie\s+(betaalt|betaald|financiert|bekostigt|draait\s+(er\s+)?op|gaat\s+(\w+\s+){0,6}"
            r"(betalen|financieren))\b|\bwho\s+(pays|funds|is paying|will pay)\b"
            r"|\bqui\s+(paie|paye|finance)\b"
            # "wordt dat betaald door de provincie?"
            r"|\b(wordt|worden|werd|werden|zal|zullen)\b[^?.]{0,40}"
            r"\b(betaald|gefinancierd|bekostigd|gesubsidieerd)\s+(door|met|uit)\b"
        ),
        re.compile(
            r"\b(betaalt|betalen|betaald|financ\w*|cofinanc\w*|subsidie\w*|fonds\w*|budget\w*|"
            r"middelen|kost|kosten|kostprijs|euros?|bijdrage\w*|gratis)\b|€"
        ),
        first_only=True,
    ),
    FactKind(
        "contact details",
        re.compile(
            rf"\b({_PHONE_NUMBER}|e-?mailadres|mailadres|adres|e-?mail address|adresse)\b"
            # who to call or mail, not who does something
            r"|\b(wie|waar|hoe)\s+(moet|kan|kun|mag)\s+(ik|je|we|ge|u)\s+(\w+\s+){0,5}"
            r"(contacteren|bellen|mailen|bereiken)\b|\bcontact\s+opnemen\b"
            r"|\b(hoe|waar)\s+(contacteer|bereik|bel|mail)\s+(ik|je|we|ge|u)\b"
            # the number to call: "op welk nummer kan ik ... bellen?", "welke nr moet ik bellen"
            rf"|{WHICH_NUMBER}\s+(kan|moet|mag|kun|zijn|is)\b"
            r"[^?.]{0,40}\b(bellen|bel|contacteren|bereiken|bereikbaar)\b"
            r"|\bwhat\s+(phone\s+)?number\b[^?.]{0,30}\bcall\b"
            r"|\bquel\s+numero\b[^?.]{0,30}\b(appeler|joindre)\b"
            r"|\bhow (do|can) (i|we) (contact|reach|call)\b|\bcomment (contacter|joindre)\b"
        ),
        re.compile(
            r"@|\b(www\.|https?:|website|webpagina|telefoon|tel|bel|belt|bellen)\b"
            r"|\b(contactformulier|e-?mail|mail|mailen|onthaal|loket)\b|\b[a-z0-9-]+\.(be|com|eu|org)\b"
            rf"|\d{{3}} ?\d{{2}} ?\d{{2}}|{_ADDRESS}"
        ),
    ),
    FactKind(
        "opening hours",
        re.compile(
            r"\b(openingsu(u)?ren|openingstijden|hoe laat (is|zijn|gaat|gaan)|"
            r"opening hours|heures d'ouverture)\b"
            # "wanneer is het woonloket open?", "is het loket open op donderdag?" ask for its
            # hours, where "wanneer opent het zwembad?", "tot wanneer is het open?" and
            # "wanneer is het eindelijk open?" ask for a date, "wanneer is de open dag?" for
            # an event
            r"|(?<!tot )(?<!vanaf )(?<!until )(?<!from )\b(wanneer|when)\s+(is|zijn|are)\b"
            r"[^?.]{0,60}(?<!eindelijk )(?<!weer )(?<!opnieuw )\bopen\b"
            r"(?=\s*([?!.,]|$|(op|on|tijdens|vandaag|morgen|overdag)\b))"
            rf"|\bopen\s+(op|on)\s+({WEEKDAYS})\b|\b({WEEKDAYS})\s+open\b"
            # "op welke dagen kan ik bij het renovatieloket binnenlopen?" (trial 64)
            rf"|\bop welke (dagen|uren)\b[^?.]{{0,60}}\b(open|{VISITING})\b"
            # "tot hoe laat kan ik nog binnenspringen?", "kan ik op zaterdag ergens terecht?":
            # when one can come by is when it is open ("tot hoe laat mag ik mijn afval
            # buitenzetten?" asks a deadline)
            r"|\btot hoe laat (kan|kunnen|kun|kunt|mag|mogen) (ik|je|we|wij|u|ge|men)\b"
            rf"[^?.]{{0,40}}\b({VISITING}|binnen|langs|bellen|bereiken)\b"
            rf"|\b(op|on) ({WEEKDAYS})\b[^?.]{{0,40}}\b({VISITING})\b"
            # "wanneer kan ik bij het woonloket binnenspringen?": when a desk can be visited
            r"|\b(wanneer|when)\s+(kan|kun|kunt|mag|kunnen)\s+(ik|je|we|wij|u|ge)\b"
            rf"(?=[^?.]{{0,60}}\b({VISITING})\b)"
            r"(?=[^?.]{0,60}(loket|balie|onthaal|kantoor|gemeentehuis|stadhuis)\b)"
            rf"|\b({VISITING})\b[^?.]{{0,20}}\b(op|on) ({WEEKDAYS})\b"
        ),
        re.compile(
            r"\b(openingsu(u)?ren|openingstijden|geopend|uren|open (op|van|tot)|"
            r"\d{1,2} ?[uh:.] ?\d{0,2} ?(tot|-|\u2013) ?\d{1,2}([uh]\d{0,2}|[.:]\d{2})?)\b"
            # a span of hours: "9 tot 12 uur", "13.30-16u", "9u-12u", "13u30\u201319u"
            r"|\b\d{1,2}([.:]\d{2})? ?(tot|-|\u2013) ?\d{1,2}([.:]\d{2})? ?(u|uur|h)\b"
        ),
    ),
    FactKind(
        "who holds an office",
        re.compile(
            rf"\b(wie is|wie zijn|hoe heet|hoe heten|who is|who are|qui est|c'est qui)\b"
            rf"[^?.]{{0,40}}\b({_HOLDERS})\b"
            # who is to fill a post the note proposes: "wie wordt de regionale energiemanager?"
            r"|\b(wie wordt|wie worden|who will be|qui sera)\s+(de|het|die|onze|the|le|la|les)?"
            r"\s*([a-z]+\s+){0,3}[a-z]*(manager|coordinator|coach|makelaar|consulent)(s|es|en)?\b"
        ),
        re.compile(r"\b(mevrouw|meneer|mevr|dhr|de heer)\b"),
        # a name where a holder is named: "de jeugdconsulent, Zoë Peeters, ..."
        stated_named=re.compile(
            rf"(?i:\b({_HOLDERS})\b)[^.\n]{{0,30}}?[\s,:(]"
            r"([A-ZÀ-Ý]\.|[A-ZÀ-Ý][^\W\d_]+) ((van|de|der|den|van de|van der) )?[A-ZÀ-Ý][^\W\d_]+"
        ),
    ),
    FactKind(
        "a date",
        # when something opens, starts or is done: works, a pool, a desk the note proposes
        re.compile(
            r"\b(wanneer|when|quand)\b[^?.]{0,80}\b(open(?!\s+(ruimte|data|source|plaats|"
            rf"plek|space))|{_STARTED}|in\s+werking|van\s+kracht|in\s+voege|"
            r"en\s+vigueur|take\s+effect|into\s+force)\b"
            # "tegen welke datum moet dat plan af zijn?", "op welke datum ...?"
            r"|\b(tegen|vanaf|op|by|from|on)\s+(welke|what|which)\s+(datum|date)\b"
            # "is er al een datum voor die campagne?", "een startdatum"
            r"|\b(is|komt|staat)\s+er\s+(al\s+)?(een\s+)?(concrete\s+)?(start|eind)?datum\b"
            r"|\b(start|eind|opleverings?)datum\b"
            # when a named event takes place: "wanneer is die infoavond?", "wanneer en waar
            # is de infoavond?", not "wanneer is een cursus verplicht?" nor "wanneer is het
            # zinvol om een workshop te volgen?"
            r"|\b((waar|where)\s+(en|and)\s+)?(wanneer|when)(\s+(en|and)\s+(waar|where))?"
            r"\s+(is|zijn|vindt|valt|begint|start|are)\s+(de|die|het|dat|"
            r"deze|den|the)\s+(volgende\s+|eerstvolgende\s+|next\s+)?((info-?|informatie)(avond|"
            r"sessie|moment|dag|vergadering)|bijeenkomst|workshop|cursus|information (evening|"
            r"session|meeting))(en|s)?\b"
            # "wanneer vindt dat debat plaats?", "wanneer zal het plaatsvinden?"; not "wanneer
            # vinden we een plaats in de opvang?" nor "wanneer vinden kinderen plaats in ...?"
            r"|\b(wanneer|when)\s+(vindt|vinden|vond|vonden)\b((?!\b(een|geen|onze|mijn|ons|nog)\b)[^?.]){0,60}\bplaats\s*(\?|$|,|\ben\b)"
            r"|\b(wanneer|when)\b[^?.]{0,60}\bplaats\s*(vindt|vinden|gevonden)\b"
            r"|\bwhen\s+(does|do|will)\b[^?.]{0,60}\btake\s+place\b"
            # when a new body first meets, an event: "wanneer komt het kinderparlement voor
            # het eerst samen?" (trial 60); not when a council meets, which is no date of a
            # plan ("wanneer vergadert de gemeenteraad?")
            r"|\b(wanneer|when|quand)\b[^?.]{0,60}\b(voor het eerst|de eerste keer|for the "
            r"first time)\b[^?.]{0,30}\b(samen|bijeen|vergader\w*|meets?)\b"
        ),
        re.compile(
            rf"\b(19|20)\d\d\b|\b({_MONTHS}|maandag|dinsdag|woensdag|donderdag|vrijdag|"
            r"zaterdag|zondag|weekend|voorjaar|najaar|zomer|winter)\b|\b\d{1,2}/\d{1,2}\b"
            r"|\b\d{1,2} ?(u|h|uur)\b|\b\d{1,2}[:.]\d{2}\b"
            r"|\b(een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf) uur\b"
            r"|\b(elke dag|dagelijks)\b"
            r"|\b(binnen|na|over) (\d+|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien) "
            r"(dag|dagen|week|weken|maand|maanden|jaar)\b"
            # "wanneer zijn ze open?" may ask for opening hours
            r"|\b(open (op|van|tot)|geopend|werkdagen|kantooru(u)?ren|openingsu(u)?ren)\b"
        ),
    ),
    FactKind(
        "which municipalities",
        # which municipalities the region is made of, not which of them do something
        re.compile(
            r"\b(welke|uit welke|which|quelles)\s+(\w+\s+)?(gemeenten|gemeentes|steden|"
            r"municipalities|towns|cities|communes)\b[^?.]{0,40}\b(horen|behoren|maken deel|vallen|"
            r"zitten|allemaal|meegewerkt|meewerken|meedoen|deelnemen|belong|part of|"
            r"make up|font partie|(doen|deden|werken|werkten)\s+(er\s+)?(ook\s+)?(aan\s+)?mee|"
            r"nemen\s+(er\s+)?deel)\b"
            # ... or which of them already did something ("welke gemeenten hebben al ...", "hoeveel
            # gemeenten gebruiken al ...")
            r"|\bwelke (gemeenten|gemeentes|steden)\s+(hebben|zijn|gebruiken|doen)\s+(al|reeds)\b"
            r"|\bhoeveel (gemeenten|gemeentes|steden)\b[^?.]{0,40}\b(al|reeds)\b"
        ),
        # a list: two of the region's municipalities next to each other
        re.compile(rf"\b({_NAMES})\b[\s,;:/*\u2022-]*(\ben\b|\bof\b)?\s*\b({_NAMES})\b"),
    ),
    FactKind(
        "how to sign up or join",
        re.compile(
            # someone signed up: "hoe schrijf ik mijn zoon in (voor ...)", not "hoe schrijf je
            # de aanbevelingen in het meerjarenplan in"
            r"\bhoe\s+schrijf\s+(ik|je|we|wij|ge|men)\s+(mij|me|mezelf|mijn|ons|onze|u|uw|je|"
            r"jouw|zich|hem|haar)\b[^?.]{0,50}\bin\b"
            r"|\bhoe\s+meld\s+(ik|je|we|wij|ge)\s+(mij|me|ons|mezelf|u|je)\b[^?.]{0,40}\baan\b"
            # someone who can sign up, not the noun ("het inschrijven eenvoudiger maken")
            r"|\b(hoe|waar|tot wanneer|vanaf wanneer|wanneer|bij wie)\s+(kan|kun|kunnen|moet|"
            r"moeten|mag|mogen)\s+(ik|je|we|wij|u|ge|men|hij|ze|zij|een \w+|mijn \w+|onze? \w+)"
            r"\s+[^?.]{0,40}\b(inschrijven|aanmelden|lid worden)\b"
            r"|\bhoe\s+(word|wordt)\s+(ik|je|ge|men|een \w+)\s+lid\b"
            r"|\bhow (do|can) (i|we|you)\b[^?.]{0,40}\b(sign up|register|enrol+)\b"
            r"|\bcomment\b[^?.]{0,40}\b(inscrire|adherer|devenir membre)\b"
        ),
        re.compile(
            r"\b(inschrijv\w*|ingeschreven|aanmeld\w*|lidmaatschap|registr\w*|enrol\w*)\b"
            r"|\b(lid worden|word\w*\s+lid|sign(ing)?\s+up)\b"
            r"|\bschrijf\w*\s+(u|je|jij|zich|ge)\b[^.]{0,40}\bin\b"
            r"|\bmeld\w*\s+(u|je|zich)\b[^.]{0,30}\baan\b"
        ),
    ),
    FactKind(
        "a council's vote or decision",
        re.compile(
            r"\b(gestemd|stemming|goedgekeurd|goedkeuring|besloten|voted|approved|vote|"
            r"approuve\w*)\b"
            # a decision taken ("heeft ... beslist"), not who decides ("wie beslist over ...")
            r"|\b(heeft|hebben)\b[^?.]{0,60}\bbeslist\b|\bbeslissing genomen\b"
            r"|\b(keurt|keurde|keurden)\b[^?.]{0,60}\bgoed\b"
            r"|\b(stemde|stemden)\b[^?.]{0,60}\b(voor|tegen)\b"
        ),
        re.compile(
            r"\b(gestemd|stemming|goedgekeurd|goedkeuring|beslist|besloten|beslissing|"
            r"besluit|besluiten|besluitenlijst(en)?|notulen|zitting(en)?)\b"
        ),
    ),
    FactKind(
        "a project's progress",
        re.compile(
            r"\b(al|reeds|nu)\s+(operationeel|actief|gestart|opgestart|begonnen|gerealiseerd|"
            r"uitgevoerd|aangeworven|aangesteld|in dienst|opgericht|in werking)\b"
            r"|\bhoe ver staat\b|\bstand van zaken\b|\ber nog (altijd|steeds) niet\b"
            r"|\bal\s+(iets\s+)?(concreets\s+)?(opgeleverd|bereikt)\b"
            r"|\b(already|yet) (running|operational|"
            r"started|in place|hired)\b|\b(deja|toujours pas) (operationnel|lance|en place)\b"
        ),
        re.compile(
            r"\b(is|zijn|werd|werden)\s+(al\s+|reeds\s+)?(operationeel|actief|gestart|"
            r"opgestart|gerealiseerd|uitgevoerd|aangeworven|aangesteld|opgericht|in werking)\b"
            # a progress report's: a day it happened or will ("sinds 1 maart 2026", "start op
            # 1 november 2026"), a delay, or what is not done yet (trial 59)
            rf"|\b\d{{1,2}}\s+({_MONTHS})\s+20\d\d\b|\b(sinds|vanaf)\s+({_MONTHS})\b"
            r"|\b(uitgesteld|vertraagd|verschoven|later dan gepland|nog niet (op)?gestart)\b"
        ),
        # a date stated in another passage is no progress of the one asked about
        first_only=True,
    ),
    FactKind(
        "a politician's or party's view",
        re.compile(
            rf"\b(wat|hoe)\s+(vindt|vind|denkt|denken|vinden)\s+(\w+\s+){{0,3}}({_OFFICE})\b"
            rf"|\b({_OFFICE})\b.*\b(voor of tegen|standpunt|mening)\b"
            rf"|\b(standpunt|mening)\b[^?.]{{0,30}}\b({_OFFICE})\b"
            rf"|\b(standpunt|mening|visie) van (de |het )?({_OFFICE})\b"
            rf"|\b(welke|which|quel)\s+({_ONE_OFFICE})\b"
            r"|\b(wat|hoe)\s+(vindt|vind|vinde|denkt|denk)\s+(jij|je|gij|ge|u)\s+(\w+\s+){0,2}"
            r"(van|ervan|daarvan|hiervan)\b"
            rf"|\bwhat do(es)?\s+(you|the\s+({_OFFICE}))\b.*\bthink"
            r"|\bqu'en (pense|pensez|penses)\b"
            # a name typed without capitals ("wat vindt bart somers van ...?"): two words that
            # are no pronoun, article or group
            r"|\bwat (vindt|vind|denkt) (?!(de|het|een|die|deze|dat|onze|mijn|jij|je|u|ge|gij|"
            r"men|iedereen|jullie|ze|zij|hij|er|daar|dit|ik|iemand|niemand|mensen|jongeren|"
            r"ouderen|inwoners|burgers)\b)[a-z]+ [a-z]+ ((eigenlijk|er|daar|nu|zelf) )?"
            r"(van|over|ervan|daarvan)\b"
        ),
        re.compile(rf"\b({_OFFICE})\b[^.]*\b(vindt|vinden|standpunt|mening|pleit\w*)\b"),
        named=re.compile(
            r"\b(vindt|vinden|denkt|denken)\s+((burgemeester|schepen|minister)\s+)?"
            r"[A-Z][a-z]+\s+((van|de|De|Van)\s+)?[A-Z][a-z]+"
            # parties whose names are also words ("vooruit", "groen"), by their capital
            r"|\b(vindt|vinden|denkt|denken|standpunt van|mening van)\s+(Vooruit|Groen)\b"
            r"|\b(standpunt|mening)\b[^?.]{0,30}\b(Vooruit|Groen)\b"
        ),
    ),
)
"""The kinds of fact checked, in the order they are looked for."""


def asked_kind(question: str) -> FactKind | None:
    """The kind of fact a question asks for, if it is one of ``KINDS``."""
    folded = fold(question)
    for kind in KINDS:
        if kind.asked.search(folded) or (kind.named and kind.named.search(question)):
            return kind
    return None


def states(kind: FactKind, passage: str, asked: str = "") -> bool:
    """Whether a passage states a fact of that kind, by other words than those of the
    question ``asked``: "subsidiemanager" does not say who pays the subsidiemanager."""
    if kind.stated_named is not None and kind.stated_named.search(passage):
        return True
    return bool(statements(kind.stated, passage, asked))


def statements(stated: re.Pattern[str], passage: str, asked: str = "") -> list[str]:
    """The words of the folded ``passage`` that ``stated`` matches, each widened to whole
    words, but for those the question ``asked`` uses itself: its "openingsuren" is what it
    asks for, not a statement of them."""
    folded = fold(passage)
    own = set(_WORDS.findall(fold(asked)))
    found = []
    for match in stated.finditer(folded):
        start, end = match.span()
        while start > 0 and folded[start - 1].isalnum():
            start -= 1
        while end < len(folded) and folded[end].isalnum():
            end += 1
        if folded[start:end] not in own:
            found.append(folded[start:end])
    return found


def states_precisely(stated: re.Pattern[str], passage: str, asked: str = "") -> bool:
    """Whether one of ``passage``'s ``statements`` has a figure ("9 tot 12 uur", "015 28
    50 60"), not only a word for it ("tijdens de openingsuren")."""
    return any(any(c.isdigit() for c in found) for found in statements(stated, passage, asked))


_WORDS = re.compile(r"\w+")


PERIOD_ASKED = re.compile(
    r"\bwelke\s+(legislatuur|bestuursperiode|beleidsperiode|bestuurstermijn|periode|jaren)\b"
    r"|\bwhich\s+((legislative|political)\s+)?(period|years)\b"
    r"|\bquelle\s+(periode|legislature)\b"
)
"""The questions of ``YEAR_ASKED`` that ask for a period: a span of years answers them (not
"which term", which as often asks for a word)."""
YEAR_ASKED = re.compile(
    r"\b(welk|welke)\s+(jaar|jaartal)\b|\b(tegen|tot|vanaf) wanneer\b"
    r"|\b(which year|by when|from when|since when|until when)\b"
    r"|\b(quelle annee|d'ici quand|a partir de quand|depuis quand|jusqu'a quand)\b"
    # a period is stated by its years: "de volgende legislatuur (2025-2030)"
    rf"|{PERIOD_ASKED.pattern}|\bwhich\s+((legislative|political)\s+)?term\b"
)
"""A question that asks for a year or a deadline (matched against the folded question). Not
a bare "wanneer": most "when" questions ask when works end or an event is, and a page may
state some other date beside one of their words; one that asks when something starts or is
done (the kind "a date") is answered by a calendar date only (``CALENDAR_STATED``)."""
STARTING = re.compile(rf"\b(open|{_STARTED})\b", re.IGNORECASE)
"""The words a date question asks with ("wanneer start ...?", "wanneer is het klaar?"): how
a date is asked, not about what ("wanneer start de heraanleg van de markt?" is not answered
by "Start in 2026 ...")."""
SIGNING_UP = "how to sign up or join"
"""The kind of a question that asks how (or until when) to sign up."""
_UNTIL_WHEN = re.compile(
    r"\b(tot|vanaf|tegen)\s+wanneer\b|\b(until|by)\s+when\b|\bjusqu'a\s+quand\b"
    r"|(^|[.?!])\W*((en|maar|ok|dus|and|but|et)\s+)?(wanneer|when|quand)\s+(kan|kun|kunnen|"
    r"moet|moeten|mag|mogen|can|must|should|peut|peux|doit|dois|faut)\b"
)
"""A sign-up question that asks when: "tot wanneer kan ik ...?", "En wanneer moet ik ...?"
opening a sentence; not "wanneer" as "if" ("hoe schrijf ik me in wanneer ik in Lier woon?")."""
COUNT_ASKED = re.compile(r"\b(hoeveel|how many|combien)\b")
"""A question that asks for a count."""
_HOW_LONG = r"\bhoe\s*lang\b|\bhow\s+long\b"
DURATION_ASKED = re.compile(
    rf"{_HOW_LONG}|\bcombien\s+de\s+temps\b"
    r"|\bhoeveel\s+(tijd|seconden|minuten|uur|uren|dagen|weken|maanden|jaar|jaren)\b"
)
"""A question that asks how long something takes or lasts (matched against the folded
question)."""
YEAR_STATED = re.compile(r"\b(19|20)\d\d\b")
CALENDAR_STATED = re.compile(rf"\b(19|20)\d\d\b|\b({_MONTHS})\b|\b\d{{1,2}}/\d{{1,2}}\b")
"""A calendar date: a year, a month or a day of the month ("Start in 2026", "tegen 1 maart")."""
PERIOD_STATED = re.compile(
    r"\b(19|20)\d\d\s*([-/\u2013\u2014]|\btot\b|\bto\b|\bau\b)\s*(19|20)\d\d\b"
)
"""A span of years: "2025-2030", "2025 tot 2030"."""
_COUNT_WORDS = (
    r"twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|twintig|dertig|"
    r"veertig|vijftig|honderd|duizend|miljoen|tientallen|honderden|duizenden|"
    # a share answers "how many" as well: "bijna de helft van de Vlamingen"
    r"helft|kwart|procent|percent|meerderheid|minderheid|half|quarter|moitie"
)
COUNT_STATED = re.compile(rf"\b\d+\b|\b({_COUNT_WORDS})\b|%")
DURATION_STATED = re.compile(
    rf"\b(\d+(?:[.,]\d+)?|een|enkele|paar|anderhalf|{_COUNT_WORDS})\s+"
    r"(seconden|minuten|minuut|kwartier|uur|uren|dagen|dag|weken|week|maanden|maand|jaar|jaren"
    r"|decennia|decennium|seconds|minutes|hours|days|weeks|months|years"
    r"|secondes|heures|jours|semaines|mois|ans|annees)\b"
    rf"|{PERIOD_STATED.pattern}"
)
"""A duration: a number with its unit of time ("gemiddeld 27 minuten", "drie jaar"), or a
span of years ("2025-2030": how long a plan runs)."""
FIGURE_STATED = re.compile(
    rf"\d|{CALENDAR_STATED.pattern}|{DURATION_STATED.pattern}|\b({_COUNT_WORDS})\b"
)
"""Any figure or date: what a passage must have to answer a question for a year, a date or a
duration in some form ("uiterlijk 31 maart", "binnen twee jaar" for "tegen wanneer?")."""
COUNTED = re.compile(rf"\b(?!(19|20)\d\d\b)\d+\b|\b({_COUNT_WORDS})\b|%")
"""A count that is not a year: the sentence that answers "hoeveel ambtenaren?" beside one
that names "de volgende legislatuur (2025-2030)"."""
COUNT_OF = re.compile(
    rf"(?<![\w.,])(?!(19|20)\d\d\b)(\d+(?:[.,]\d+)?|{_COUNT_WORDS})\s*(?:%|procent\b|percent\b)?"
    r"(?P<counted>(?:\s+[a-z][\w-]*){1,3})"
)
"""A count followed by the words it counts ("80 procent korting", "6 veerponten", "12
verschillende gemeentelijke websites"): group ``counted`` holds up to three words after it,
one of which must be what the question asks about. A house number is followed by a comma or
a postcode, and a postcode by a place, which is never what a question counts (places are
left out of its subject); a year is not a count."""
HOW_ASKED = re.compile(
    r"\b(wanneer|hoeveel|jaar|jaartal|nota|inspiratienota|tekst|folder|brochure|document)\b"
    rf"|{_HOW_LONG}",
    re.IGNORECASE,
)
"""Words of how a number is asked for, not of what about: none of them makes a passage the
one that states it."""


@dataclass(frozen=True, slots=True)
class NumberAsked:
    """How a question asks for a number, and what states one."""

    stated: re.Pattern[str]
    """Matched against a folded sentence."""
    confident: bool
    """Whether a sentence that states it outweighs a model that says "not in the note" (a
    year: the note's years are few; a count: any house number or date is a number)."""


_RECEIVING = "kantoor|kantoren|loket|loketten|bureau|bureaus|zetel|vestiging|vestigingen"
"""The words of a place where a service receives people, or the end of one ("woonloket")."""
_RECEIVING_HOUSE = (
    r"(?!(knel|start|uitgangs|stand|aandachts|actie|kern|hoogte|middel|stads|dorps|winkel)"
    r"(punt|centrum)\b)[\w-]+(huis|punt|centrum)"
)
"""A compound that ends in a house, point or centre where people are received ("energiehuis",
"infopunt", "dienstencentrum"), not a point of a text or a town's centre ("knelpunt",
"stadscentrum")."""
ADDRESS_ASKED = re.compile(
    r"\b(op welk|welk|wat is het|wat is de|het|hun|haar|zijn) adres\b|\badres(se)? (van|de)\b"
    r"|\b(address|located)\b|\bgevestigd\b"
    # typed as keywords, "adres igemo", "igemo adres?" (not an e-mail or web address)
    r"|^(?!.*(mail|web|site))(\W*adres(se)?\b|.*\badres(se)?\W*$)"
)
"""A question that asks for an address (matched against the folded question)."""
OFFICE_ASKED = re.compile(
    # not where in the note, or what for ("waar is het energieloket voor bedoeld?")
    r"^(?!.*\b(nota|inspiratienota|tekst|folder|informatie|info|beschreven|vermeld|gepland)\b)"
    r"(.*\bwaar\s+(zit|zitten|ligt|liggen|is|zijn|staat|vind ik|vinden we)\b(\s+\w+){0,3}?"
    rf"\s+([\w-]*({_RECEIVING})|{_RECEIVING_HOUSE})\b(?![^?.!]*\b(voor|mee|over|aan|bezig|bedoeld|nodig)\b)"
    r"|.*\bwaar\s+(zit|zitten|vind ik|vinden we)\s+(jullie|u|je|ge|gij)(\s+(ergens|juist))?\W*$"
    r"|.*\bwaar\s+kan\s+ik\s+(jullie|u)\s+vinden\b"
    r"|.*\bwhere\s+(is|are)\s+(your|the)\s+(\w+\s+)?(office|offices|desk)\b)"
)
"""A question that asks where an office (``_RECEIVING``, a compound's end too: "energieloket";
``_RECEIVING_HOUSE``: "energiehuis") or the service addressed ("waar zitten jullie?") is,
which a page staff added answers with its address (matched against the folded question).
Not where in the note something stands, where something is planned, or what an office is
for."""
VISIT_ASKED = re.compile(
    r"^(?!.*\b(nota|inspiratienota|tekst|folder|beschreven|vermeld|gepland)\b)"
    r".*\bwaar\s+(kan|kunnen|moet|moeten)\s+(ik|we|wij|je|u|ge|gij)\s+(\w+\s+){0,2}?"
    rf"({VISITING}|langs\s+(gaan|komen))\b"
)
"""A question that asks where to go in person ("waar kan ik langsgaan met mijn vragen?"),
which a page's section with an address answers before its other sections (matched against
the folded question). Not a kind of fact of its own: the note says where to turn ("een
regionaal woonloket") without an address."""
ADDRESS_STATED = re.compile(_ADDRESS)
"""A street and number, or a postcode and place: after a house number, a comma or a colon, or
opening the sentence ("Schoutetstraat 2, 2800 Mechelen"); not a year ("tegen 2050
klimaatneutraal", "2050 is het doeljaar", "in 2025, 2026 en 2027"), which no postcode of the
region is."""
ADDRESS_WORDS = re.compile(
    rf"\b(adres|adresse|address|located|gevestigd|waar|where|zit|zitten|ligt|liggen|staat|vind|"
    rf"vinden|your|office|offices|desk|{VISITING}|langs|gaan|komen|vraag|vragen|"
    rf"{_RECEIVING})\b",
    re.IGNORECASE,
)
"""Words of how an address is asked for, not of whose: "waar zit jullie kantoor?" asks it of
the service addressed (a compound, "energieloket", names whose), and "waar kan ik met vragen
langsgaan?" too."""
PHONE_ASKED = re.compile(
    rf"\b({_PHONE_NUMBER}|telefoon|bel|bellen|opbellen|phone|call|telephone)\b"
)
"""A question that asks for a phone number or whom to call (matched against the folded
question): the line with the number answers it, not the contact section's e-mail line."""
PHONE_STATED = re.compile(r"(?<!\d)0\d{1,3}[ /.-]?\d{2,3}[ .]?\d{2}[ .]?\d{2}(?!\d)|\+ ?32\b")
"""A Belgian phone number ("015 28 50 60", "015-28 47 60", "0470 12 34 56", "+32 ..."), not a
year or a count."""
MAIL_ASKED = re.compile(r"\b(e-?mail|mail|mailen|e-?mailadres|mailadres|courriel)\b")
"""A question that asks for an e-mail address (matched against the folded question)."""
MAIL_STATED = re.compile("@")
"""An e-mail address."""


def number_asked(question: str) -> NumberAsked | None:
    """Whether the question asks for a year, a deadline, a date ("wanneer start het
    project?"), a duration ("hoe lang sta je in de file?") or a count, and not for a fact
    of another of ``KINDS`` (an amount of money, opening hours, contact details)."""
    folded = fold(question)
    kind = asked_kind(question)
    if kind is not None and kind.name != "a date":
        # until when one can sign up: a date, as a page says ("inschrijven tot 30 april
        # 2025", trial 65), where "inschrijven" is the question's own word, no statement
        until = kind.name == SIGNING_UP and _UNTIL_WHEN.search(folded)
        return NumberAsked(CALENDAR_STATED, confident=True) if until else None
    if YEAR_ASKED.search(folded):
        return NumberAsked(YEAR_STATED if kind is None else kind.stated, confident=True)
    if kind is not None:
        # when something starts or is done ("wanneer start het project?"): a calendar date
        # answers it; a weekday or an hour may be of anything in the same street
        return NumberAsked(CALENDAR_STATED, confident=True)
    if DURATION_ASKED.search(folded):
        # a number with a unit of time is rare enough in a text to be what is asked for
        return NumberAsked(DURATION_STATED, confident=True)
    if COUNT_ASKED.search(folded):
        return NumberAsked(COUNT_STATED, confident=False)
    return None
