"""The classification rules that keep the extractive SWOT precise, each on sentences and
passages of the real corpus: talk about advantages is no advantage, a wish or a condition
is no strength, an aside or a rebuttal does not set the side, and a form named as an
example or in an anecdote does not take the items of the form the text is about."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.models import QUADRANTS, Passage
from bot.swot.cues import judges, names_one
from bot.swot.passages import classify, classify_heading, extract_swot, units
from bot.swot.service import swot_from_passages
from bot.swot.topics import build_topic_index
from tests.swot.test_swot_passages import SETA_ESSAY, WIJCHEN, _passage, _texts

NOABERKRACHT = "003_187c9113d662aac7.txt"


@pytest.fixture(scope="module")
def index():
    return build_topic_index([])


def _swot(index, name: str, passage: Passage):
    return swot_from_passages(index.form(name), index.forms, [passage])


def _everything(swot) -> str:
    return " | ".join(t for q in QUADRANTS for t in _texts(swot, q))


@pytest.mark.parametrize(
    ("sentence", "quadrant"),
    [
        # Whether advantages are seen is no advantage; not seen, it is a weakness.
        ("De voordelen van SETA werden in Oostzaan volop gezien en ook breed: bij ambtenaren en bestuurders.", None),
        ("De voordelen worden niet gezien: Er is wel een zeker urgentiegevoel maar de voordelen van SETA "
         "worden niet gezien, of er wordt niet beseft dat de kost toch voor de baat uitgaat.", "zwaktes"),
        ("Als voordeel wordt gezien dat deze vorm leidt tot efficiencyvoordelen in termen van capaciteit "
         "en processen (zoals inkoop).", "sterktes"),
        ("De voordelen die binnen het veld van personeel en organisatie worden gezien komen met voorwaarden.",
         "voorwaarden"),
        # Shielded from criticism is no weakness.
        ("Het concept is zo ook tamelijk immuun gemaakt voor kritiek.", None),
        # A cue in brackets is an aside.
        ("Wat ons betreft is dat een proactieve (dus niet afwachten tot een kans zich voordoet, maar zelf op "
         "pad) aanpak van samenwerking met andere gemeenten.", None),
        # The criticism answered is not the side taken.
        ("Gelet op de kritiek over de democratische controle bij de WGR merkt De Greef (2008: 516) op dat de "
         "raden wel degelijk sturingsmogelijkheden hebben bij een publiekrechtelijk lichaam.", None),
        # When an advantage grows, or what it takes to gain it: a condition.
        ("Dat voordeel is groter als elke partnergemeenten harmonieert naar het gemiddelde.", "voorwaarden"),
        ("Opgemerkt wordt dat om dit voordeel te behalen wel specifieke software nodig is die gekoppeld is "
         "aan de betreffende gemeente/locatie.", "voorwaarden"),
        # Wanting an advantage, or a small one, is no strength.
        ("Te snel voordelen willen zien: Lastig is ook als men direct het maximale voordeel uit de "
         "samenwerking wenst te behalen.", None),
        ("Als niet van een gedeelde basis uitgegaan kan worden is het voordeel in termen van efficiency en "
         "slagkracht beperkt.", None),
        # The risk a sentence claims outweighs the advantage it is found in.
        ("In het voordeel om personeel uit te kunnen wisselen schuilt nog een risico.", "bedreigingen"),
        # The rules above leave plain cues alone.
        ("Het construct heeft tot voordeel dat werkgevers zich hiermee kunnen positioneren.", "sterktes"),
        ("Nadeel is dat het construct minder wendbaar of flexibel is doordat alles vastligt in contracten.",
         "zwaktes"),
    ],
)  # fmt: skip
def test_classify_real_sentences(sentence: str, quadrant: str | None) -> None:
    assert classify(sentence) == quadrant


def test_headings_of_conditions_and_of_what_it_yields() -> None:
    assert (
        classify_heading("Tabel 4: Elementen voor een effectieve intergemeentelijke samenwerking")
        == "voorwaarden"
    )
    assert classify_heading("6.2 Wat kan de samenwerking opleveren?") == "sterktes"
    assert names_one("De cruciale faalfactor") and names_one("Risico op kostenoverschrijding")
    assert not names_one("Potentiéle faalfactoren bijf SETA") and not names_one(
        "Nadelew vawv de ambtelijke fusie"
    )


def test_an_attempt_is_no_judgement_but_too_much_is() -> None:
    assert not judges(
        "Met behulp van aanpassingen van de WGR (in 1985) werd getracht het verlengd lokaal bestuur te versterken."
    )
    assert judges("Het te zeer met interne processen bezig zijn waardoor inwoners worden 'vergeten'.")


def test_a_sentence_pointing_back_explains_the_item_before_it() -> None:
    text = (
        "o Het financieel probleem: Het is voorgekomen dat twee gemeenten een analyse lieten verrichten. "
        "Deze analyse leverde in de ogen van de gemeenteraden uiteindelijk niet genoeg voordeel op. "
        "Ambtenarenmacht: Een ander nadeel zou zijn dat de macht bij ambtenaren toeneemt."
    )
    item, explanation, next_item = units(text)
    assert item.listed and explanation.explains and next_item.listed and not next_item.explains


def test_a_chunk_that_starts_with_an_item_reads_it_as_an_item() -> None:
    [first, second] = units("o Gebrekkig urgentie: De urgentie is niet breed. Deze factor kan kleiner.")
    assert first.text.startswith("Gebrekkig urgentie:") and first.listed
    assert not second.listed and second.explains


def test_an_anecdote_under_a_failure_factor_keeps_the_form_of_the_list(index, sources_dir: Path) -> None:
    # In the index this stretch of the SETA essay has no section: its OCR-garbled heading is
    # dropped. Anecdotes under the failure factors name other forms ("De intergemeentelijke
    # samenwerking strandde", "een bestuurlijke fusie aangegaan"); the next factor is still
    # one of the list, about SETA.
    passage = _passage(sources_dir, SETA_ESSAY, "SETA in de vorm varv eenv ambielijke fusie\n", "Te snel", "")
    found = extract_swot(index.form("SETA"), index.forms, [passage])  # all items, uncapped
    threats = " | ".join(e.text for e in found if e.quadrant == "bedreigingen")
    assert "De Gideonsbende valt uit elkaar:" in threats
    assert "De kar kan ook vastlopen door gebrek aan ambtelijk draagvlak:" in threats
    for other in ("intergemeentelijke samenwerking", "herindeling"):
        swot = _swot(index, other, passage)
        assert "Gideonsbende valt uit elkaar" not in _everything(swot), other
        assert "De kar kan ook vastlopen" not in _everything(swot), other


def test_a_form_named_as_an_example_does_not_take_the_section(index, sources_dir: Path) -> None:
    # §8.3 is about joint execution of tasks; the SSC is named "(denk aan ...)" and "ook al
    # staat dat op afstand bij een netwerkpartner of SSC".
    passage = _passage(
        sources_dir, NOABERKRACHT, "8.3 Vorm 3 Gezamenlijke taakuitvoering\n", "Figuur SWOT gezamenlijke",
        "8. Vormen van samenwerking > 8.3 Vorm 3 Gezamenlijke taakuitvoering",
    )  # fmt: skip
    ssc = _swot(index, "shared service center", passage)
    assert "In het construct blijven gemeenten verantwoordelijk" not in _everything(ssc)
    joint = _swot(index, "gezamenlijke taakuitvoering", passage)
    assert any(
        t.startswith("Het risico is dat door de ervaren afstand") for t in _texts(joint, "bedreigingen")
    )


def test_de_samenwerkingsvorm_is_the_form_of_the_section(index, sources_dir: Path) -> None:
    passage = _passage(
        sources_dir, NOABERKRACHT, "8.1 Vorm 1 Organisch samenwerken\n", "Figuur SWOT organisch",
        "8. Vormen van samenwerking > 8.1 Vorm 1 Organisch samenwerken",
    )  # fmt: skip
    organic = _swot(index, "organisch samenwerken", passage)
    assert any(
        t.startswith("De samenwerkingsvorm draagt als risico") for t in _texts(organic, "bedreigingen")
    )
    general = _swot(index, "intergemeentelijke samenwerking", passage)
    assert "De samenwerkingsvorm draagt als risico" not in _everything(general)


def test_sentences_about_the_risks_are_no_risk(index, sources_dir: Path) -> None:
    passage = _passage(
        sources_dir, NOABERKRACHT, "Er zijn ook vraagtekens gezet bij", "Samenwerking vraagt een investering",
        "10. Verdieping en meningsvorming > Meerwaarde in samenwerking vraagt een betekenisvolle stap",
    )  # fmt: skip
    general = _swot(index, "intergemeentelijke samenwerking", passage)
    everything = _everything(general)
    assert "aandacht gevraagd voor de risico's" not in everything
    assert "De risico's en kanttekeningen die gezien worden" not in everything
    assert any(t.startswith("Samenwerking kan ook nadelen hebben") for t in _texts(general, "zwaktes"))


@pytest.mark.parametrize(
    ("source", "start", "end", "section", "topic", "absent"),
    [
        # Elements for effective cooperation are conditions, not strengths.
        (WIJCHEN, "Tabel 4: Elementen voor een effectieve", "10. De samenwerking moet",
         "5. De eerste stappen > Tabel 4: Elementen voor een effectieve intergemeentelijke samenwerking",
         "intergemeentelijke samenwerking", "De voordelen van samenwerking staan duidelijk"),
        # "Dus niet direct herindelen of structurele oplossingen ...": what follows is about
        # the step-by-step cooperation, not about herindeling.
        (WIJCHEN, "Overigens passen deze motieven", "5.  De eerste stappen",
         "4. Verschillende vormen van samenwerking > 4.4 Wanneer welke vorm?",
         "herindeling", "situatie specifieke verbanden"),
        # The risk of a condition not met is the condition restated.
        (NOABERKRACHT, "Faciliteiten op elkaar afstemmen\n", "Het moet goed geregeld worden",
         "7. Randvoorwaarden voor samenwerking > Faciliteiten op elkaar afstemmen",
         "intergemeentelijke samenwerking", "het risico van het niet slagen"),
    ],
)  # fmt: skip
def test_no_item_from_a_condition_or_a_form_not_chosen(
    index, sources_dir: Path, source: str, start: str, end: str, section: str, topic: str, absent: str
) -> None:
    swot = _swot(index, topic, _passage(sources_dir, source, start, end, section))
    assert absent not in _everything(swot)
