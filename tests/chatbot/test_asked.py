"""The kinds of fact a passage states or does not, and the questions that ask for them."""

from __future__ import annotations

import pytest

from chatbot.asked import (
    ADDRESS_STATED,
    DURATION_STATED,
    KINDS,
    OFFICE_ASKED,
    PHONE_STATED,
    VISIT_ASKED,
    asked_kind,
    number_asked,
    states,
    states_precisely,
)
from chatbot.lexical import fold

KIND = {kind.name: kind for kind in KINDS}


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Hoeveel geld trekt de provincie uit voor nieuwe fietsbruggen?", "an amount of money"),
        ("wat kost een bewonerskaart in Berlaar", "an amount of money"),
        ("hoeveel zou zo'n gedeelde jurist ons dan kosten?", "an amount of money"),
        ("Combien coûte le projet ?", "an amount of money"),
        ("wat heeft die hele studie eigenlijk gekost?", "an amount of money"),
        ("en wat gaat zo'n coach ons per jaar kosten?", "an amount of money"),
        ("Tot hoe laat zijn de openingsuren van de bib op woensdag?", "opening hours"),
        ("Wanneer is het woonloket in Lier open?", "opening hours"),
        ("is da loket open op donderdag?", "opening hours"),
        ("wanneer opent het nieuwe zwembad?", "a date"),
        ("tot wanneer is het zwembad open?", "a date"),
        ("Wanneer is het nieuwe zwembad eindelijk open?", "a date"),
        ("wanneer is de open dag van de brandweer?", "a date"),
        ("wanneer is die infoavond over samen renoveren?", "a date"),
        ("Waar en wanneer is de volgende infosessie?", "a date"),
        ("wanneer en waar zijn die workshops?", "a date"),
        ("Wanneer zijn de infosessies voor verhuurders?", "a date"),
        ("when is the next information evening?", "a date"),
        ("Wanneer vindt dat regionale debat plaats en wie zit er aan tafel?", "a date"),
        ("When will the first regional meeting take place?", "a date"),
        ("Wanneer zal het kerntakendebat plaatsvinden?", "a date"),
        ("Wanneer komt de jeugdraad voor het eerst bijeen?", "a date"),
        ("wanneer zit die nieuwe jongerenraad de eerste keer samen?", "a date"),
        ("is het loket donderdag open?", "opening hours"),
        ("zijde gij open op woensdagavond?", "opening hours"),
        ("is het loket dinsdagnamiddag open?", "opening hours"),
        ("op welke dagen is het woonloket open?", "opening hours"),
        ("Op welke dagen kan ik bij het renovatieloket binnenlopen?", "opening hours"),
        ("tot hoe laat kan ik nog binnenspringen in Lier?", "opening hours"),
        ("kan ik op zaterdag ergens bij jullie terecht?", "opening hours"),
        ("mag ik langskomen op maandag?", "opening hours"),
        ("wanneer kan ik eens binnenlopen bij het energieloket?", "opening hours"),
        ("Wat is het e-mailadres van de dienst wonen?", "contact details"),
        ("Heeft het college van Nijlen dat plan al goedgekeurd?", "a council's vote or decision"),
        ("Op welke zitting keurde de raad van Duffel het goed?", "a council's vote or decision"),
        (
            "Hoe denken de schepenen van Putte over die fietsstraat?",
            "a politician's or party's view",
        ),
        ("Wat vindt Jan Peeters van die plannen?", "a politician's or party's view"),
        ("wat vinde gij daar eigenlijk van?", "a politician's or party's view"),
        ("Wat is het standpunt van de CD&V over de fusies?", "a politician's or party's view"),
        ("En wat vindt Groen van die plannen?", "a politician's or party's view"),
        ("Is die regionale energiemanager al aangeworven?", "a project's progress"),
        ("waarom is die coach er nog altijd niet?", "a project's progress"),
        ("Heeft dat partnerschap al iets concreets opgeleverd?", "a project's progress"),
        ("wie is nu de schepen van mobiliteit in heist-op-den-berg?", "who holds an office"),
        ("Who is the current chairman of IGEMO?", "who holds an office"),
        ("wie wordt dan de regionale subsidiemanager?", "who holds an office"),
        ("Who will be the new mobility coaches?", "who holds an office"),
        ("wat vindt bart somers eigenlijk van die nota?", "a politician's or party's view"),
        ("Wanneer gaat het nieuwe zwembad in Heist open?", "a date"),
        ("wanneer zijn de werken in de Bruul eindelijk gedaan?", "a date"),
        ("When does the regional childcare desk open?", "a date"),
        ("Is er al een datum voor die informatiecampagne?", "a date"),
        ("wat is de startdatum van dat project?", "a date"),
        ("Tegen welke datum moet dat ruimtelijk beleidsplan af zijn?", "a date"),
        ("Quand le plan régional de mobilité entrera-t-il en vigueur ?", "a date"),
        ("When will the mobility plan take effect?", "a date"),
        ("Wanneer treedt de rechtspositieregeling in werking?", "a date"),
        ("Hoe word ik lid van de jeugdraad?", "how to sign up or join"),
        ("Welke gemeenten horen daar allemaal bij?", "which municipalities"),
        ("Welke gemeenten hebben al een jeugdraad?", "which municipalities"),
        ("hoe schrijf ik mijn zoon in voor de muziekschool?", "how to sign up or join"),
        ("How do I sign up for the newsletter?", "how to sign up or join"),
        ("Wie financiert dat nieuwe fietspad eigenlijk?", "who pays"),
        ("wie gaat die renovatie van de kerk betalen", "who pays"),
        ("En wie draait er op voor de kosten?", "who pays"),
        ("Who will pay for the new bridge?", "who pays"),
        ("Hoe kan ik de milieudienst van Bornem bereiken?", "contact details"),
        ("wie moet ik bellen voor een omgevallen boom?", "contact details"),
        ("Hoe contacteer ik de dienst burgerzaken?", "contact details"),
        ("tel nummer energiehuis?", "contact details"),
        ("telefoon nr van de woonwinkel", "contact details"),
        ("Op welk nummer kan ik het woonloket bellen?", "contact details"),
        ("welk nummer moet ik bellen voor een afspraak?", "contact details"),
        ("welke nr moet ik bellen", "contact details"),
        ("op welk nummer zijn jullie bereikbaar?", "contact details"),
        ("What number should I call?", "contact details"),
        ("Welk standpunt neemt Vooruit in over de fietsstraten?", "a politician's or party's view"),
        ("Welke mening hebben de schepenen over de fusie?", "a politician's or party's view"),
        ("Welke gemeenten doen mee aan dat project?", "which municipalities"),
        # the verb apart from its "mee" (trial 53: answered by "12 gezichten van elke gemeente")
        ("Welke vier gemeenten doen er mee aan dat project?", "which municipalities"),
        ("Welke steden werken er ook aan mee?", "which municipalities"),
        ("Welke gemeenten nemen er deel aan?", "which municipalities"),
        ("hoeveel steden hebben al een energiemanager?", "which municipalities"),
        ("Wordt dat fietspad gefinancierd door Vlaanderen?", "who pays"),
        ("en wordt da dan betaald met belastinggeld?", "who pays"),
        ("Wie stemde in Nijlen voor de fusie?", "a council's vote or decision"),
        ("Stemden de raadsleden van Lier tegen die plannen?", "a council's vote or decision"),
    ],
)
def test_a_question_that_asks_for_a_kind_of_fact(question: str, kind: str) -> None:
    asked = asked_kind(question)
    assert asked is not None and asked.name == kind


@pytest.mark.parametrize(
    "question",
    [
        "Is er een plan om zorg en onderwijs beter op elkaar af te stemmen?",
        "We hebben als kleine gemeente geen budget voor een eigen jurist. Kan dat samen?",
        "Wat vindt de regio belangrijk voor jongeren?",
        "Welke partijen werken mee aan het warmtenet?",
        "Wat vind je in de nota over ontharding?",
        "Hoeveel gemeenten horen bij de regio?",
        "Wie beslist er over de plaats van nieuwe windmolens?",
        "Wie wordt er geholpen door die mobiliteitscoaches?",
        "Welke kosten willen de gemeenten samen dragen?",
        "Wat moeten gemeenten doen om kosten te besparen?",
        "Wat gaan de gemeenten samen doen aan de hoge kosten van energie?",
        "Wat zouden gemeenten kunnen besparen op de kosten?",
        "Wat vinden jongeren van meer groen in hun buurt?",
        "Wanneer komt er een warmtenet in onze gemeente?",
        "Tegen wanneer moet de bouwshift gerealiseerd zijn?",
        "Wie is de verantwoordelijke uitgever van de folder?",
        "Wie is bevoegd: de gemeente of het ministerie?",
        "Wanneer komt er meer open ruimte in de dorpskernen?",
        "Op welke dagen halen ze de vuilniszakken op?",  # collection days, not opening hours
        # coming by without a day or an hour asks where, not when
        "Waar kan ik terecht met vragen over mijn renovatie?",
        "Wanneer kan ik terecht in de kinderopvang met mijn baby?",
        # until when one may do something is a deadline, not opening hours
        "Tot hoe laat mag ik mijn afval buitenzetten?",
        "Tot hoe laat kan ik de premie aanvragen?",
        "Wat vinden jongeren van meer groen in hun buurt?",
        "Wie moet die regionale energiemanager aanstellen?",
        "Komt er één loket om kinderen in te schrijven voor de opvang?",
        "Hoe wil de regio het inschrijven voor de kinderopvang eenvoudiger maken?",
        "Hoe schrijf je de aanbevelingen in in het meerjarenplan?",
        "How can we join forces with other municipalities?",
        "Welke gemeenten moeten samenwerken volgens aanbeveling 3?",
        "Welke steden en gemeenten krijgen meer verantwoordelijkheden?",
        "Hoe kunnen gemeenten samen betalen voor een jurist?",
        "Wie moet de inwoners bereiken met die campagne?",
        "Welke mening heeft de regio over meer groen?",
        "Hoeveel gemeentelijke medewerkers hebben aan de nota meegewerkt?",
        "Wanneer wordt de werking van de gemeenten beter?",
        # a number that is no phone number, and an event asked of in general
        "welk nummer heeft die aanbeveling?",
        "welk nummer krijgt de buslijn die je moet bellen om te reserveren",
        "wanneer is het zinvol om een workshop te volgen?",
        "wanneer is een cursus verplicht?",
        "wanneer is het moment om een infosessie te organiseren?",
        "When is a workshop useful according to the note?",
        # a place, not an event's date
        "Wanneer vinden we een plaats in de kinderopvang voor onze zoon?",
        "wanneer vinden ze nog plaats voor extra fietsenstallingen?",
        "Wanneer vinden kinderen plaats in de kinderopvang?",
        "Wanneer vindt de regio dat er plaats is voor windmolens?",
    ],
)
def test_a_question_about_the_subject_asks_for_no_such_fact(question: str) -> None:
    assert asked_kind(question) is None


@pytest.mark.parametrize(
    ("kind", "passage", "stated"),
    [
        ("an amount of money", "De premie bedraagt 25 euro per vierkante meter.", True),
        ("an amount of money", "Het abonnement is gratis voor wie jonger is dan 12.", True),
        ("an amount of money", "Door samen te werken worden capaciteit en kosten gedeeld.", False),
        ("opening hours", "Het park is open van dinsdag tot zaterdag, 9 u tot 16 u.", True),
        ("opening hours", "De regio werkt aan een duurzame toekomst.", False),
        ("a date", "De werken zijn klaar in het najaar van 2027.", True),
        ("a date", "Het onthaal is open op werkdagen tijdens de kantooruren.", True),
        ("a date", "Het stedelijk zwembad opent elke dag om negen uur.", True),
        ("a date", "Zet een regionaal loket op voor kinderopvang.", False),
        (
            "who holds an office",
            "De jeugdconsulent is Sarah Janssens, bereikbaar op het gemeentehuis.",
            True,
        ),
        ("who holds an office", "Voorzitter: E. Vanderstraeten, tel. 015 12 34 56", True),
        ("who holds an office", "Werk vanuit de bevoegdheid Schepen van kinderen en jeugd.", False),
        (
            "who holds an office",
            "De Vlaamse overheid en De Lijn werken samen met de voorzitters.",
            False,
        ),
        (
            "which municipalities",
            "De regio telt twaalf gemeenten: Berlaar, Bonheiden, Bornem en Duffel.",
            True,
        ),
        ("which municipalities", "- Berlaar\n- Bonheiden\n- Bornem", True),
        ("which municipalities", "Het loket is in Mechelen; in Lier komt er een tweede.", False),
        (
            "how to sign up or join",
            "Inschrijven doe je online via de website van de jeugddienst.",
            True,
        ),
        (
            "how to sign up or join",
            "U schrijft zich in bij de woonmaatschappij van uw gemeente.",
            True,
        ),
        ("how to sign up or join", "Word lid van de jeugdraad door een mail te sturen.", True),
        ("how to sign up or join", "Richt een kinderparlement op in elke gemeente.", False),
        ("contact details", "Laat een bericht achter via het contactformulier op stad.be.", True),
        ("contact details", "Zet in op een regionale aanpak van de mobiliteit.", False),
        # a progress report: the day it started or will, a delay; not the note's intention
        ("a project's progress", "Sinds 3 februari 2027 meten 40 sensoren het peil.", True),
        ("a project's progress", "De coach begint op 2 mei 2027, later dan gepland.", True),
        ("a project's progress", "De regeling is uitgesteld tot 2029.", True),
        ("a project's progress", "Stel een regionale energiemanager aan.", False),
        ("a project's progress", "De nota verscheen in 2023 voor de legislatuur.", False),
        ("who pays", "De kosten worden gedeeld door de twaalf gemeenten.", True),
        ("who pays", "Een regionaal fonds financiert de eerste projecten.", True),
        ("who pays", "Richt een kinderparlement op in elke gemeente.", False),
        (
            "a politician's or party's view",
            "Werk vanuit de bevoegdheid Schepen van kinderen en jeugd.",
            False,
        ),
    ],
)
def test_a_passage_states_a_fact_of_the_kind_in_its_own_words(
    kind: str, passage: str, stated: bool
) -> None:
    assert states(KIND[kind], passage) is stated


def test_a_word_of_the_question_does_not_state_the_fact() -> None:
    who_pays, passage = KIND["who pays"], "Stel een regionale subsidiemanager aan."
    assert states(who_pays, passage)
    assert not states(who_pays, passage, "en wie betaalt die subsidiemanager?")
    assert states(who_pays, f"{passage} Provinciale subsidies dekken de kosten.", "wie betaalt?")


@pytest.mark.parametrize(
    ("question", "confident"),
    [
        ("Tegen welk jaar wil Europa klimaatneutraal zijn?", True),
        ("Tot wanneer is het zwembad open?", True),  # a date: stated by hours too
        ("over welke periode gaat dit plan?", True),  # a period: stated by its years
        ("Which term is the plan written for?", True),
        ("À partir de quand la carte sera-t-elle valable ?", True),  # "vanaf wanneer"
        ("hoeveel gemeenten doen mee?", False),  # a count: any house number is a number
        ("Hoeveel kost een deelauto?", None),  # an amount of money
        ("Wanneer zijn de werken in de Kerkstraat klaar?", True),  # when something is done
        ("Wanneer vergadert de gemeenteraad?", None),  # a bare "wanneer"
        ("Tot wanneer kan ik me inschrijven voor de groepsaankoop?", True),  # a deadline
        ("Hoe kan ik me inschrijven voor de groepsaankoop?", None),  # how, not when
        ("Hoe kan ik me inschrijven wanneer ik in Lier woon?", None),  # "wanneer" as "if"
        ("Fijn. En wanneer kan ik me daarvoor inschrijven?", True),
        ("How can I sign up when I live in Lier?", None),
        ("Wat is een onthardingsmakelaar?", None),
    ],
)
def test_a_question_that_asks_for_a_year_or_a_count(question: str, confident: bool) -> None:
    asked = number_asked(question)
    assert (asked and asked.confident) == confident


def test_a_year_question_is_stated_by_a_year_and_a_count_by_a_number() -> None:
    year, count = number_asked("In welk jaar?"), number_asked("Hoeveel gemeenten?")
    assert year is not None and count is not None
    assert year.stated.search("tegen 2050 klimaatneutraal") and not year.stated.search("12 u")
    assert count.stated.search("de twaalf gemeenten")


def test_a_span_of_hours_states_opening_hours() -> None:
    hours = KIND["opening hours"]
    assert states(hours, "dinsdag: 13 tot 16 uur")
    assert states(hours, "maandag 9 tot 12 uur")
    # the way hours are written in Flanders, on a desk's door and in its spreadsheet
    assert states(hours, "Woensdag: 13u30\u201319u")
    assert states(hours, "Maandag: 9u-12u")
    assert not states(hours, "Telefoon: 015 30 40 52")
    assert not states(hours, "De regio telt 12 gemeenten en 3 kantoren.")


def test_when_something_starts_is_a_date_asked_with_confidence() -> None:
    asked = number_asked("Wanneer start het project?")
    assert asked is not None and asked.confident and asked.stated.search("start in 2026")
    # only a calendar date: a weekday in the same street is of something else
    done = number_asked("Wanneer zijn de werken in de Kerkstraat klaar?")
    assert done is not None and done.stated.search("klaar tegen 1 maart")
    assert not done.stated.search("het containerpark in de kerkstraat is op maandag gesloten")


@pytest.mark.parametrize(
    ("sentence", "address"),
    [
        ("vu: igemo, schoutetstraat 2 2800 mechelen", True),
        ("het loket zit in de tinellaan 45, 2800 mechelen", True),
        ("hanswijkstraat 41 in 2800 mechelen", True),
        ("postbus 5, 2800 mechelen", True),
        ("adres: 2800 mechelen", True),
        ("europa wil tegen 2050 klimaatneutraal zijn", False),
        ("van 2025 tot 2030 loopt de legislatuur", False),
        ("2050 is het doeljaar", False),
        ("in 2025, 2026 en 2027 loopt het project", False),
        ("van 100 in 2020 tot 50 in 2030", False),
        ("start: 2026 met een proef", False),
    ],
)
def test_an_address_is_a_street_and_number_or_a_postcode_not_a_year(
    sentence: str, address: bool
) -> None:
    assert bool(ADDRESS_STATED.search(sentence)) == address


@pytest.mark.parametrize(
    ("question", "where"),
    [
        ("waar zit da energieloket in lier juist", True),
        ("waar zit da energiehuis juist?", True),
        ("Waar is het infopunt in Bornem?", True),
        ("Waar is het energiehuis voor bedoeld?", False),
        ("Waar is het dienstencentrum in Lier?", True),
        ("waar is het knelpunt?", False),
        ("Waar is het stadscentrum?", False),
        ("Waar zijn jullie kantoren?", True),
        ("Waar is jullie kantoor in Lier? Ik wil morgen langskomen.", True),
        ("waar zitten jullie?", True),
        ("Waar kan ik jullie vinden?", True),
        ("Where is your office?", True),
        ("waar zitten jullie ergens?", True),
        ("Waar is het OCMW-kantoor?", True),
        ("Waar in de nota staat iets over het energieloket?", False),
        ("Waar staat het energieloket in de nota?", False),
        ("waar vind ik informatie over het energieloket?", False),
        ("Waar is het energieloket voor bedoeld?", False),
        ("Waar is het loket mee bezig?", False),
        ("Waar zijn de bedrijventerreinen en kantoren gepland?", False),
        ("Waar komen de nieuwe fietsbruggen?", False),
        ("waar zitten jullie met de plannen voor de ring?", False),
        ("Waar is de kantoorruimte voor starters?", False),
        ("waar kan ik mijn auto kwijt als ik naar jullie bureau kom", False),
    ],
)
def test_where_an_office_is_asks_its_address(question: str, where: bool) -> None:
    assert bool(OFFICE_ASKED.search(fold(question))) == where


@pytest.mark.parametrize(
    ("question", "visit"),
    [
        ("en waar kan ik langsgaan met vragen?", True),
        ("Waar kan ik terecht met mijn vragen over de premie?", True),
        ("waar kunnen we eens langs komen", True),
        ("Waar moet ik dan binnenspringen?", True),
        ("Waar kan ik in de nota terecht voor uitleg over mobipunten?", False),
        ("Waar kan ik de volledige tekst lezen?", False),
        ("Wanneer kan ik langsgaan?", False),
    ],
)
def test_where_to_go_in_person_is_asked(question: str, visit: bool) -> None:
    assert bool(VISIT_ASKED.search(fold(question))) == visit


def test_hours_are_given_by_a_figure_and_not_by_the_word_asked() -> None:
    hours = KIND["opening hours"]
    naming = "Aan het loket kan je tijdens de openingsuren zonder afspraak terecht."
    giving = "maandag: 9 tot 12 uur"
    # the question's own word states nothing; another passage's use of it does
    assert not states(hours, naming, "openingsuren?")
    assert states(hours, naming, "wanneer is het loket open?")
    assert not states_precisely(hours.stated, naming)
    assert states_precisely(hours.stated, giving, "openingsuren?")


@pytest.mark.parametrize(
    ("sentence", "phone"),
    [
        ("Telefoon: 015 28 50 60 (elke werkdag)", True),
        ("bel 0470 12 34 56", True),
        ("bel 015-28 47 60", True),  # the review: a dash after the zone
        ("+32 15 28 50 60", True),
        ("voor de legislatuur 2025 2026", False),
        ("meer dan 2000000 inwoners", False),
    ],
)
def test_a_phone_number_is_stated_by_its_digits_not_by_any_number(
    sentence: str, phone: bool
) -> None:
    assert bool(PHONE_STATED.search(sentence)) == phone


def test_how_long_is_answered_by_a_duration_or_a_span_of_years() -> None:
    for asked in ("Hoe lang sta je in de file?", "hoelang duurt da?", "Hoeveel jaar duurt het?"):
        wanted = number_asked(asked)
        assert wanted is not None and wanted.stated is DURATION_STATED and wanted.confident
    for stated in (
        "gemiddeld 27 minuten",
        "een jaar",
        "enkele maanden",
        "de legislatuur (2025-2030)",
    ):
        assert DURATION_STATED.search(fold(stated)), stated
    assert not DURATION_STATED.search("27 procent van de verplaatsingen")
