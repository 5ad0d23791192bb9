"""Topic matching forgives wording; unknown topics get a Dutch list of what the bot knows."""

from __future__ import annotations

import pytest

from bot.swot.service import parse_swot_request, unknown_topic_message
from bot.swot.topics import (
    CURATED_FORMS,
    build_topic_index,
    match_topic,
    mentions,
    normalise,
)

TABLE_TOPICS = [
    "organisch samenwerken",
    "Opgavegericht samenwerken",
    "gezamenlijke taakuitvoering",
    "ambtelijke fusie",
    "combinatiemodel",
]


@pytest.fixture(scope="module")
def index():
    return build_topic_index(TABLE_TOPICS)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("fusie van ambtelijke organisaties", "ambtelijke fusie"),
        ("organisch", "organisch samenwerken"),
        ("Organisch samenwerken", "organisch samenwerken"),
        ("opgavegerichte samenwerking", "opgavegericht samenwerken"),
        ("ambtelijke fuise", "ambtelijke fusie"),  # typo
        ("combinatie", "combinatiemodel"),
        ("taakuitvoering", "gezamenlijke taakuitvoering"),
        ("SSC", "shared service center"),
        ("shared service centrum", "shared service center"),
        ("gemeenschappelijke regelingen", "gemeenschappelijke regeling"),
        ("Wgr", "gemeenschappelijke regeling"),
        ("bestuurlijke fusie", "herindeling"),
        ("herindelen", "herindeling"),
        ("centrumgemeenten", "centrumgemeente"),
        ("samen en toch apart", "SETA"),
        ("regionale samenwerking", "intergemeentelijke samenwerking"),
    ],
)
def test_wording_is_forgiven(index, query: str, expected: str) -> None:
    form = match_topic(query, index)
    assert form is not None and form.name == expected


@pytest.mark.parametrize("query", ["digitalisering", "vorm", "organisaties", "model", "!!!"])
def test_unrelated_or_generic_words_match_nothing(index, query: str) -> None:
    assert match_topic(query, index) is None


def test_table_topics_link_to_curated_forms_and_new_ones_are_added() -> None:
    index = build_topic_index([*TABLE_TOPICS, "regionale uitvoeringsdienst"])
    assert index.table_topic["opgavegericht samenwerken"] == "Opgavegericht samenwerken"
    assert index.table_topic["regionale uitvoeringsdienst"] == "regionale uitvoeringsdienst"
    assert "regionale uitvoeringsdienst" in index.names()
    assert len(index.names()) == len(CURATED_FORMS) + 1
    form = match_topic("uitvoeringsdienst", index)
    assert form is not None and form.name == "regionale uitvoeringsdienst"


def test_mentions_survive_ocr_slips_and_compounds(index) -> None:
    fusie = index.form("ambtelijke fusie")
    assert mentions(normalise("Voordelen van eenv ambielijke fusie"), fusie) == 2
    assert mentions(normalise("het centrumgemeenteconcept"), index.form("centrumgemeente")) == 0
    assert mentions(normalise("De nadelen van een bestuurlijke fusie"), fusie) is None
    # "samenwerking" alone does not name cooperation in general: it is everywhere.
    generic = index.form("intergemeentelijke samenwerking")
    assert mentions(normalise("samenwerking op inkoop"), generic) is None


def test_unknown_topic_message_is_dutch_and_lists_the_topics(index) -> None:
    message = unknown_topic_message("digitalisering", index)
    assert message.startswith("Ik ken geen samenwerkingsvorm die lijkt op 'digitalisering'.")
    for name in index.names():
        assert name in message
    # Forms with a table come first: those give the richest SWOT.
    assert message.index("organisch samenwerken") < message.index("centrumgemeente")
    assert "bijvoorbeeld 'ambtelijke fusie'" in message
    assert unknown_topic_message("", index).startswith("Geef een samenwerkingsvorm op")


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("maak een SWOT van ambtelijke fusie", "ambtelijke fusie"),
        ("<@U123> Maak een SWOT-analyse voor de centrumgemeente?", "centrumgemeente"),
        ("swot: organisch samenwerken", "organisch samenwerken"),
        ("Kun je een swot maken over 'herindeling'", "herindeling"),
    ],
)
def test_parse_swot_request(text: str, topic: str) -> None:
    assert parse_swot_request(text) == topic


def test_parse_swot_request_ignores_other_messages() -> None:
    assert parse_swot_request("Wat is een ambtelijke fusie?") is None
