"""The extractive SWOT on real passages of the corpus: the right sentences, in the right
quadrant, about the right form, each quoted verbatim with its source."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.models import QUADRANTS, Chunk, Passage
from bot.swot.passages import classify, classify_heading, split_sentences, units
from bot.swot.service import swot_from_passages
from bot.swot.topics import build_topic_index

WIJCHEN = "004_18ea1553d5ba728f.txt"
SETA_ESSAY = "002_8cc305bc8c951e2c.txt"


def _between(text: str, start: str, end: str) -> str:
    return text[text.index(start) + len(start) : text.index(end)]


def _passage(sources_dir: Path, name: str, start: str, end: str, section: str) -> Passage:
    text = _between((sources_dir / name).read_text(encoding="utf-8"), start, end)
    chunk = Chunk(f"{name}:0:abc", name, f"titel van {name}", section, 12, text)
    return Passage(chunk, 1.0)


@pytest.fixture(scope="module")
def index():
    return build_topic_index(["ambtelijke fusie", "combinatiemodel"])


@pytest.fixture(scope="module")
def pros_and_cons(sources_dir: Path) -> Passage:
    """Wijchen 4.3.1: advantages and disadvantages of several forms in one section."""
    return _passage(
        sources_dir, WIJCHEN, "4.3.1 Intergemeentelijke samenwerking", "4.3.2. Herindeling",
        "4. Samenwerkingsvormen > 4.3 Voor- en nadelen > 4.3.1 Intergemeentelijke samenwerking",
    )  # fmt: skip


@pytest.fixture(scope="module")
def failure_factors(sources_dir: Path) -> Passage:
    """SETA essay: a list of failure factors, labelled "Gebrek aan vertrouwen: ..."."""
    return _passage(
        sources_dir, SETA_ESSAY, "Potentiéle faalfactoren bijf SETA", "Voordelen van eenv",
        "Condities pro-SETA in de vorm van een ambtelijke fusie",
    )  # fmt: skip


def _texts(swot, quadrant: str) -> list[str]:
    return [item.citations[0].quote for item in swot.quadrant(quadrant)]


def test_centrumgemeente_from_passages(index, pros_and_cons: Passage) -> None:
    swot = swot_from_passages(index.form("centrumgemeente"), index.forms, [pros_and_cons])
    assert swot.basis == "passages" and swot.topic == "centrumgemeente"
    sterktes = _texts(swot, "sterktes")
    assert sterktes[0].startswith("Het centrumconcept heeft als voordeel dat gemeenten")
    assert any(s.startswith("Andere voordelen zijn: eenvoudige toetreding") for s in sterktes)
    # Nothing about the SSC, the matrix concept or SETA, though they share the section.
    everything = " ".join(q for name in QUADRANTS for q in _texts(swot, name))
    assert "SSC" not in everything and "matrix" not in everything and "SETA" not in everything


def test_shared_service_center_pros_and_cons(index, pros_and_cons: Passage) -> None:
    swot = swot_from_passages(index.form("shared service center"), index.forms, [pros_and_cons])
    assert _texts(swot, "sterktes")[0].startswith("De afzonderlijke SSC heeft als voordelen:")
    zwaktes = _texts(swot, "zwaktes")
    assert zwaktes[0].startswith("Nadelen zijn dat het gemiddelde loonniveau in SSC")
    # A risk is a threat, not an advantage, and it keeps its whole sentence.
    assert _texts(swot, "bedreigingen") == [
        "Er is een risico dat de autonomie van het SSC groeit, waardoor een strakke sturing van "
        "gemeenten extra van belang is. (zie Korsten e.a. 2006)."
    ]


def test_listed_advantages_stay_advantages(index, pros_and_cons: Passage) -> None:
    # "1. niet het nadeel van afstandelijkheid" sits in a list of twelve advantages of SETA.
    swot = swot_from_passages(index.form("SETA"), index.forms, [pros_and_cons])
    sterktes = _texts(swot, "sterktes")
    assert any(s.startswith("niet het nadeel van afstandelijkheid") for s in sterktes)
    assert "leidt tot minder juridische en andere fouten;" in sterktes
    assert any(z.startswith("Mogelijke nadelen van het SETA-concept") for z in _texts(swot, "zwaktes"))


def test_failure_factors_are_threats_even_when_they_say_voordelen(index, failure_factors: Passage) -> None:
    swot = swot_from_passages(index.form("SETA"), index.forms, [failure_factors])
    threats = " | ".join(_texts(swot, "bedreigingen"))
    assert "Gebrekkig urgentie:" in threats
    assert "De voordelen worden niet gezien:" in threats
    assert "Gebrek aan vertrouwen:" in threats
    assert _texts(swot, "sterktes") == []


def test_every_item_is_a_verbatim_sentence_with_its_source(index, pros_and_cons, failure_factors):
    for name in ("centrumgemeente", "shared service center", "SETA", "netwerksamenwerking"):
        passages = [pros_and_cons, failure_factors]
        swot = swot_from_passages(index.form(name), index.forms, passages)
        assert any(swot.quadrant(q) for q in QUADRANTS), name
        for q in QUADRANTS:
            assert len(swot.quadrant(q)) <= 8
            for item in swot.quadrant(q):
                [citation] = item.citations
                flat = " ".join(citation.text.split())
                assert citation.quote in flat
                assert item.text == citation.quote  # the whole sentence, never cut
                assert citation.n >= 1 and citation.source in (WIJCHEN, SETA_ESSAY)
                assert citation.section and citation.page == 12


def test_same_place_gets_one_number(index, pros_and_cons: Passage) -> None:
    swot = swot_from_passages(index.form("shared service center"), index.forms, [pros_and_cons])
    numbers = {c.n for q in QUADRANTS for i in swot.quadrant(q) for c in i.citations}
    assert numbers == {1}


@pytest.mark.parametrize(
    ("sentence", "quadrant"),
    [
        ("Het voordeel van deze vorm is gezamenlijke focus.", "sterktes"),
        ("Een nadeel is de beperkte democratische legitimatie.", "zwaktes"),
        ("Ook een faalfactor is dat meer dan drie gemeenten samenwerken.", "bedreigingen"),
        ("Het risico is dat gemeenten zich meer als klant opstellen.", "bedreigingen"),
        ("Voorwaarde is dat de raden tijdig worden betrokken.", "voorwaarden"),
        ("Een randvoorwaarde voor samenwerking is vertrouwen.", "voorwaarden"),
        ("Het risico bestaat dat nieuwe wetgeving van het rijk de taken verschuift.", "bedreigingen"),
        ("Dit is strategisch een grote kans.", "kansen"),
        ("Het biedt de mogelijkheid om van elkaar te leren.", "kansen"),
        ("Er dreigt gevaar voor de lokale identiteit.", "bedreigingen"),
        ("De voor- en nadelen worden besproken.", None),
        ("De kans dat SETA strandt is groot.", "bedreigingen"),
        ("Gemeenten werken samen op inkoop.", None),
        ("De voordelen die worden gezien komen met voorwaarden.", "voorwaarden"),
        ("Samenwerking is voordelig als de partners elkaar vertrouwen.", "voorwaarden"),
        ("Dit geeft schaal zonder de nadelen van een bestuurlijke fusie.", "sterktes"),
        ("Samenwerking leidt hier niet tot efficiencyvoordelen.", "zwaktes"),
        ("Die nadelen kunnen worden weggenomen door goede afspraken.", None),
        ("Andere voordelen zijn: eenvoudige toetreding en een beperkte vereiste investering.", "sterktes"),
        ("Uit onderzoek blijkt dat iedereen beter wordt van een herindeling.", "sterktes"),
        ("Het spreiden van financiële risico's is een motief.", None),
    ],
)
def test_classify(sentence: str, quadrant: str | None) -> None:
    assert classify(sentence) == quadrant


def test_classify_heading_forgives_ocr_but_not_both_sides() -> None:
    assert classify_heading("Nadelew vawv de ambtelijke fusie") == "zwaktes"
    assert classify_heading("Condities pro-SETA") == "voorwaarden"  # a condition is no strength
    assert classify_heading("Potentiéle faalfactoren bijf SETA") == "bedreigingen"
    assert classify_heading("Kansrijke arrangementen 2012-2025") is None
    assert classify_heading("4.3 Voor- en nadelen") is None


def test_units_split_lists_and_keep_abbreviations_together() -> None:
    text = (
        "Korsten e.a. (2006: 28-29) hebben de voordelen uitgewerkt in twaalf punten: "
        "1. niet opnieuw wiel uitvinden; 2. samen weet je meer; 3. herhalingsvoordeel. "
        "We noemen: o Teveel partners: Een ambtelijke fusie komt niet van de grond."
    )
    got = [(u.text, u.listed) for u in units(text)]
    assert got == [
        ("Korsten e.a. (2006: 28-29) hebben de voordelen uitgewerkt in twaalf punten:", False),
        ("niet opnieuw wiel uitvinden;", True),
        ("samen weet je meer;", True),
        ("herhalingsvoordeel.", True),
        ("We noemen:", False),
        ("Teveel partners: Een ambtelijke fusie komt niet van de grond.", True),
    ]
    assert split_sentences("Zie bv. de BAR. Dat werkt.") == ["Zie bv. de BAR.", "Dat werkt."]


@pytest.fixture(scope="module")
def herindeling(sources_dir: Path) -> Passage:
    """Wijchen 4.3.2: "verschillende voordelen" announced, then sentences without a cue."""
    return _passage(
        sources_dir, WIJCHEN, "4.3.2. Herindeling", "4.4  Wanneer welke vorm?",
        "4. Samenwerkingsvormen > 4.3 Voor- en nadelen > 4.3.2. Herindeling",
    )  # fmt: skip


def test_announced_advantages_and_disadvantages_reach_their_quadrant(index, herindeling) -> None:
    swot = swot_from_passages(index.form("herindeling"), index.forms, [herindeling])
    sterktes, zwaktes = _texts(swot, "sterktes"), _texts(swot, "zwaktes")
    assert any(s.startswith("Het idee is dat er door de fusie een robuustere gemeente") for s in sterktes)
    assert any(s.startswith("De nieuwe gemeente kan meer aan") for s in sterktes)
    assert _texts(swot, "kansen") == [
        "Vooral voor kleine gemeenten kan herindeling een interessante optie zijn."
    ]
    assert any(z.startswith("Zo is er een lagere maatschappelijke betrokkenheid") for z in zwaktes)
    assert not any("betrokkenheid" in s for s in sterktes)
    # The announcements themselves are no items.
    assert not any(
        t.startswith(("Korsten e.a.", "Herindelingen kennen")) for q in QUADRANTS for t in _texts(swot, q)
    )


def test_conditions_are_not_strengths(index, pros_and_cons: Passage, sources_dir: Path) -> None:
    swot = swot_from_passages(index.form("netwerksamenwerking"), index.forms, [pros_and_cons])
    assert _texts(swot, "sterktes") == [
        "De netwerksamenwerking heeft als voordelen: flexibiliteit en de ruimte om kansen te verkennen."
    ]
    assert not any("voorwaarden" in t for q in QUADRANTS for t in _texts(swot, q))
    conditions = _passage(
        sources_dir, SETA_ESSAY, "Condities pro-SETA", "Potentiéle faalfactoren",
        "Condities pro-SETA invde vorm vaw een ambitelijke fusie",
    )  # fmt: skip
    swot = swot_from_passages(index.form("SETA"), index.forms, [conditions])
    # "Voordelen zien: Het is wenselijk dat ..." is a condition for SETA, not an advantage.
    assert _texts(swot, "sterktes") == [] and _texts(swot, "zwaktes") == []


def test_items_are_whole_sentences_longer_than_the_old_cut(index, pros_and_cons: Passage) -> None:
    swot = swot_from_passages(index.form("shared service center"), index.forms, [pros_and_cons])
    [first, *_] = swot.sterktes
    assert len(first.text) > 200 and first.text.endswith("gemeenschappen).")
    assert "…" not in " ".join(i.text for q in QUADRANTS for i in swot.quadrant(q))


def test_a_sentence_cut_by_a_chunk_end_is_finished_from_the_next_chunk(index, pros_and_cons: Passage) -> None:
    text = pros_and_cons.chunk.text
    cut = text.index("Een dergelijke vorm van samenwerking is interessant") + len("Een dergelijke vorm")
    first = Chunk(f"{WIJCHEN}:7:abc", WIJCHEN, "t", pros_and_cons.chunk.section, 12, text[:cut])
    second = Chunk(f"{WIJCHEN}:8:abd", WIJCHEN, "t", pros_and_cons.chunk.section, 12, text[cut:])
    swot = swot_from_passages(
        index.form("centrumgemeente"), index.forms, [Passage(first, 1.0), Passage(second, 0.5)]
    )
    [kans] = swot.kansen
    assert kans.text.startswith("Een dergelijke vorm van samenwerking is interessant bij operationele")
    assert kans.text in " ".join(kans.citations[0].text.split())
