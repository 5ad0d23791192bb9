"""build_swot against the real knowledge base (full index of knowledge/): tables found at
indexing come back complete; other forms are composed from retrieved passages."""

from __future__ import annotations

import pytest

from bot.errors import UnknownTopic
from bot.models import QUADRANTS
from bot.swot.service import build_swot, known_topics
from bot.swot.topics import CURATED_FORMS
from tests.swot.test_swot_tables import EXPECTED

NOABERKRACHT = "003_187c9113d662aac7.txt"
NOABERKRACHT_TITLE = "Verslag van de verkenning samenwerkingsmogelijkheden Noaberkracht en Oldenzaal"


def test_indexer_stored_the_five_tables(knowledge_base) -> None:
    records = knowledge_base.swot_tables()
    assert [r.topic for r in records] == list(EXPECTED)
    for record, number in zip(records, range(1, 6), strict=True):
        assert record.source == NOABERKRACHT and record.title == NOABERKRACHT_TITLE
        assert f"8.{number} Vorm {number}" in record.section
        for q in QUADRANTS:
            assert record.quadrant(q) == EXPECTED[record.topic][q]


@pytest.mark.parametrize(
    ("query", "table_topic"),
    [
        ("fusie van ambtelijke organisaties", "ambtelijke fusie"),
        ("organisch", "organisch samenwerken"),
        ("Opgavegerichte samenwerking", "Opgavegericht samenwerken"),
        ("gezamenlijke taakuitvoering", "gezamenlijke taakuitvoering"),
        ("het combinatiemodel", "combinatiemodel"),
    ],
)
def test_table_basis_returns_every_item_cited(knowledge_base, query: str, table_topic: str):
    swot = build_swot(query, knowledge_base)
    assert swot.basis == "tabel" and swot.source_title == NOABERKRACHT_TITLE
    assert swot.topic.lower() == table_topic.lower()
    for q in QUADRANTS:
        assert [i.text for i in swot.quadrant(q)] == EXPECTED[table_topic][q]
        for item in swot.quadrant(q):
            [c] = item.citations
            assert (c.n, c.source, c.quote) == (1, NOABERKRACHT, item.text)
            assert "Vorm" in c.section and item.text in c.text


def test_passage_basis_for_a_form_without_table(knowledge_base) -> None:
    swot = build_swot("centrumgemeente", knowledge_base)
    assert swot.basis == "passages" and swot.topic == "centrumgemeente"
    sterktes = [i.citations[0].quote for i in swot.sterktes]
    assert any(s.startswith("Het centrumconcept heeft als voordeel") for s in sterktes)
    _assert_cited_and_numbered(swot)


@pytest.mark.parametrize(
    "name", [f.name for f in CURATED_FORMS if f.name not in {t.lower() for t in EXPECTED}]
)
def test_every_known_form_without_table_has_a_sourced_swot(knowledge_base, name: str) -> None:
    swot = build_swot(name, knowledge_base)
    assert swot.basis == "passages"
    assert any(swot.quadrant(q) for q in QUADRANTS)
    _assert_cited_and_numbered(swot)


def _assert_cited_and_numbered(swot) -> None:
    numbers = []
    for q in QUADRANTS:
        assert len(swot.quadrant(q)) <= 8
        for item in swot.quadrant(q):
            assert item.text and item.citations, "no item without a source"
            for c in item.citations:
                assert c.quote in " ".join(c.text.split())  # verbatim from the chunk
                assert c.source and c.title
                numbers.append(c.n)
    # Sources are numbered 1..m in the order they first appear.
    first_seen = list(dict.fromkeys(numbers))
    assert first_seen == list(range(1, len(first_seen) + 1))


def test_unknown_topic_lists_the_known_topics(knowledge_base) -> None:
    with pytest.raises(UnknownTopic) as raised:
        build_swot("digitalisering van de burgerzaken", knowledge_base)
    message = raised.value.message
    assert raised.value.exit_code == 2
    assert "Ik ken geen samenwerkingsvorm die lijkt op 'digitalisering van de burgerzaken'" in message
    for name in known_topics(knowledge_base):
        assert name in message
    with pytest.raises(UnknownTopic, match="Geef een samenwerkingsvorm op"):
        build_swot("   ", knowledge_base)


def test_contract_shape(knowledge_base) -> None:
    body = build_swot("SSC", knowledge_base).to_dict()
    assert set(body) == {"topic", "basis", *QUADRANTS}
    assert body["topic"] == "shared service center" and body["basis"] == "passages"
    item = next(i for q in QUADRANTS for i in body[q])
    assert set(item) == {"text", "citations"}
    assert set(item["citations"][0]) == {"n", "source", "title", "section", "page", "quote", "text"}
