from __future__ import annotations

import pytest

from chatbot.across import asked_across
from chatbot.lexical import fold


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Welke aanbevelingen gaan over klimaat?", "where"),
        ("Waar in de nota komt ontharding terug?", "where"),
        ("hitte in de zomer? waar staat dat in?", "where"),
        ("Where does the note deal with flooding?", "where"),
        ("Staat ontharding enkel in aanbeveling 6, of ook elders?", "where"),
        # beyond a part or a subject it sets apart
        ("Naast aanbeveling 6, waar staat ontharding nog?", "where"),
        ("Cultuur: behalve bij vrije tijd, waar nog?", "where"),
        ("Climate: apart from recommendation 9, where else?", "where"),
        ("Dans quels chapitres parle-t-on de la mobilité ?", "where"),
        ("Où la note parle-t-elle de la culture ?", "where"),
        ("Wat zegt de nota over fietsen?", "topic"),
        ("parkeren, staat daar iets over in die nota?", "topic"),
        ("iets over sport?", "topic"),
        ("Welke subsidies komen in de nota aan bod?", "topic"),
        ("Naar welke decreten verwijst de nota?", "topic"),
        ("What's in it for young families?", "topic"),
        ("Que dit la note sur le logement ?", "topic"),
        ("Est-ce que la note parle de la pauvreté ?", "topic"),
        ("ontharding?", "topic"),
        ("en sport en cultuur?", "topic"),
        ("Is er iets in over de fiets?", "topic"),
        ("Parkeren: hoe zit dat in de nota?", "topic"),
        ("Ik wil weten wat de nota voorstelt rond tewerkstelling.", "topic"),
        ("Is there anything in it on poverty?", "topic"),
        # what the note means for or asks of a group, links between themes, inventories
        ("Wat betekent deze nota voor jonge gezinnen?", "topic"),
        ("Wat hebben zelfstandigen eigenlijk aan de nota?", "topic"),
        ("Wat verwacht de nota van de bibliotheken?", "topic"),
        ("Welke rol krijgen de scholen?", "topic"),
        ("What role do businesses get?", "topic"),
        ("Hoe hangen mobiliteit en gezondheid samen in de nota?", "topic"),
        ("Geef me een overzicht van de plannen.", "topic"),
        ("som eens op wat er voor sportclubs in staat", "topic"),
        ("Give me an overview of everything on water.", "topic"),
        ("Op hoeveel plaatsen gaat het over data?", "where"),
        ("waar overal in de nota gaat het over ontharding?", "where"),
        ("Waar in de nota is er aandacht voor ouderen?", "where"),
        # where something is proposed or described: each place it stands
        ("Waar in de nota wordt een regionale coördinator voorgesteld?", "where"),
        ("Waar wordt het delen van gebouwen beschreven in de tekst?", "where"),
        # ... the note named: without it, where an office or a plan does something
        ("Waar wordt mijn aanvraag behandeld?", None),
        ("Waar wordt de nieuwe fietsbrug voorgesteld?", None),
        ("Overal waar de nota het heeft over werk: wat zegt ze?", "where"),
        ("Voor welke nieuwe functies pleit de nota?", "topic"),
        ("Welke stukken moet een schepen van cultuur lezen?", "where"),
        # a subject asked of the whole note
        ("Houdt de nota ook rekening met mensen met een beperking?", "topic"),
        ("Is klimaat een rode draad door de aanbevelingen?", "topic"),
        ("Ik zoek wat er doorheen de volledige nota over water staat.", "topic"),
        ("Wat heeft die nota te bieden voor sportclubs?", "topic"),
        ("Staat er in die nota ook iets over hondenweides?", "topic"),
        ("How does the plan deal with heat waves?", "topic"),
        ("Hoe kijkt de nota naar kleine scholen?", "topic"),
        ("Speelt erfgoed ook een rol in die folder?", "topic"),
        ("Wat betekent dat plan voor de landbouwers?", "topic"),
        ("Erkent de nota dat dorpen anders zijn dan steden?", "topic"),
        # the places asked for, in more wordings; the note named before "en waar?"
        ("Op welke plekken gaat de nota in op vergrijzing?", "where"),
        ("Waar in de tekst wordt mobiliteit vernoemd?", "where"),
        ("fietsen, waar staat dat allemaal in?", "where"),
        ("Waar zit dat overal?", "where"),
        ("Sport: alle relevante aanbevelingen graag.", "where"),
        ("Heeft de nota aandacht voor ouderen, en waar dan?", "where"),
        ("Waar zit het containerpark in Lier?", None),
        ("Op welke plekken in Duffel kan ik gratis parkeren?", None),
        ("Hoeveel bomen worden er geplant in Nijlen en waar dan?", None),
        ("Hoe ziet mijn buurman het plan?", None),
        ("Hoeveel laadpalen komen er in Duffel en waar precies?", None),
        # one recommendation asked for: the best passages, not a list
        ("Welke aanbeveling gaat over energie besparen?", None),
        ("In welke aanbeveling staat iets over parkeren?", "where"),
        ("Hoeveel moet ik betalen als ik rekening hou met de btw?", None),
        # whether the note mentions something at all
        ("wordt cybersecurity vermeld?", "topic"),
        ("komt het woord kerntaken voor in de nota?", "topic"),
        ("is er sprake van windmolens?", "topic"),
        ("Heeft de nota het ook over parkeren?", "topic"),
        ("Does the note mention cybersecurity?", "topic"),
        ("Welke schepenbevoegdheid wordt er genoemd?", None),
        ("Worden de besproken maatregelen ook echt uitgevoerd?", None),
        ("Komt dat vaak voor?", None),
        ("ai en automatisering, waar komt da voor in de nota?", "where"),
        ("komt er iets voor jongeren bij?", None),
        ("Wat stelt de nota voor om talent te bundelen?", None),
        ("wat nog meer?", None),
        ("waarom?", None),
        ("nummer 11?", None),
        ("Wat is een onthardingsmakelaar?", None),
        ("Wie heeft de nota geschreven?", None),
        ("Hoeveel inwoners telt de regio?", None),
        ("Wanneer gaat de nieuwe fietsbrug open?", None),
    ],
)
def test_how_a_question_asks_across_the_note(question: str, kind: str | None) -> None:
    assert asked_across(fold(question)) == kind
