"""Build a SWOT of a form of cooperation: from a SWOT table in the documents when there is
one, else composed from retrieved passages (by the LLM when one is configured, else
extractively). Every item carries at least one citation; nothing here knows Slack.
"""

from __future__ import annotations

import re
from typing import Protocol

from bot.config import Settings
from bot.errors import UnknownTopic
from bot.ingest.swot_tables import SwotTableRecord
from bot.models import QUADRANTS, Chunk, Citation, Passage, Swot, SwotItem
from bot.swot.passages import Extracted, extract_swot
from bot.swot.topics import TopicForm, TopicIndex, build_topic_index, match_topic, normalise

MAX_PER_QUADRANT = 8
LLM_PASSAGES = 10  # the best passages only: the prompt stays small and on topic
MAX_TOPIC_CHARS = 200
SEARCH_K = 15
# What a SWOT is made of, asked under the form's name; its first alias gets the first two.
_QUERIES = (
    "{name}",
    "voordelen en nadelen van {name}",
    "{name} kansen risico's bedreigingen succesfactoren faalfactoren",
)
_REQUEST = re.compile(
    r"\bswot(?:[\s-]*analyse)?\b\s*(?:maken|opstellen|geven)?\s*(?:van|voor|over|op|:)?\s*"
    r"(?:de|het|een)?\s*(?P<topic>.*)",
    re.I | re.S,
)


class IndexedChunks(Protocol):
    """The loaded index version, as far as a SWOT reads it: every chunk."""

    @property
    def chunks(self) -> list[Chunk]: ...


class SwotSource(Protocol):
    """What this service needs from bot.knowledge.service.KnowledgeBase (or its scoped view)."""

    settings: Settings

    def swot_tables(self) -> list[SwotTableRecord]: ...

    def search(self, query: str, k: int = 10) -> list[Passage]: ...

    def state(self) -> IndexedChunks: ...


def build_swot(topic: str, kb: SwotSource) -> Swot:
    """The SWOT of `topic`; raises UnknownTopic (Dutch message) when the topic is unknown."""
    query = " ".join((topic or "").split())[:MAX_TOPIC_CHARS]
    tables = kb.swot_tables()
    index = build_topic_index([t.topic for t in tables])
    form = match_topic(query, index) if query else None
    if form is None:
        raise UnknownTopic(unknown_topic_message(query, index))
    record = _table_for(form, index, tables)
    if record is not None:
        return swot_from_table(record, name=form.name)
    passages = retrieve_passages(form, kb)
    swot = _llm_swot(form, passages, kb) or swot_from_passages(form, index.forms, passages)
    if not any(swot.quadrant(q) for q in QUADRANTS):
        raise UnknownTopic(
            f"Over '{form.name}' vond ik in de documenten geen voor- of nadelen, kansen of "
            "risico's om een SWOT mee te maken. Stel gerust een vraag over dit onderwerp, "
            "of kies een ander onderwerp."
        )
    return swot


def known_topics(kb: SwotSource) -> list[str]:
    """The topics the bot can make a SWOT of (forms with a table first)."""
    index = build_topic_index([t.topic for t in kb.swot_tables()])
    with_table = [n for n in index.names() if n in index.table_topic]
    return with_table + [n for n in index.names() if n not in index.table_topic]


def unknown_topic_message(query: str, index: TopicIndex) -> str:
    with_table = [n for n in index.names() if n in index.table_topic]
    others = [n for n in index.names() if n not in index.table_topic]
    listing = ", ".join(with_table + others)
    start = (
        f"Ik ken geen samenwerkingsvorm die lijkt op '{query}'."
        if query
        else "Geef een samenwerkingsvorm op om een SWOT van te maken."
    )
    return (
        f"{start} Ik kan een SWOT maken van: {listing}. "
        "Kies een van deze onderwerpen, bijvoorbeeld 'ambtelijke fusie'."
    )


def parse_swot_request(text: str) -> str | None:
    """The topic in "maak een SWOT van X" (mention or DM); None when no SWOT is asked."""
    match = _REQUEST.search(text or "")
    if match is None:
        return None
    return match.group("topic").strip().strip("?!.\"'“”‘’ ").strip()


# --- table basis -----------------------------------------------------------------------


def _table_for(form: TopicForm, index: TopicIndex, tables: list[SwotTableRecord]) -> SwotTableRecord | None:
    topic = index.table_topic.get(form.name)
    return next((t for t in tables if t.topic == topic), None) if topic else None


def swot_from_table(record: SwotTableRecord, *, name: str | None = None) -> Swot:
    """Every item of the table, in its quadrant, cited to the table's document and section."""
    whole = record.as_text()

    def item(text: str) -> SwotItem:
        citation = Citation(
            n=1,
            source=record.source,
            title=record.title,
            section=record.section,
            page=record.page,
            quote=text,
            text=whole,
        )
        return SwotItem(text=text, citations=[citation])

    quadrants = {q: [item(t) for t in record.quadrant(q)] for q in QUADRANTS}
    return Swot(topic=name or record.topic, basis="tabel", source_title=record.title, **quadrants)


# --- passage basis ---------------------------------------------------------------------


def retrieve_passages(form: TopicForm, kb: SwotSource) -> list[Passage]:
    """Passages for a few SWOT-flavoured queries, best score first, each chunk once; then
    every other chunk of the index in document order, so that no passage about the form
    is missed because retrieval ranked it low (the corpus is read, not sampled)."""
    k = max(kb.settings.top_k, SEARCH_K)
    queries = [t.format(name=form.name) for t in _QUERIES]
    queries += [_QUERIES[1].format(name=alias) for alias in form.aliases[:1]]
    best: dict[str, Passage] = {}
    for query in queries:
        for passage in kb.search(query, k=k):
            seen = best.get(passage.chunk.id)
            if seen is None or passage.score > seen.score:
                best[passage.chunk.id] = passage
    ranked = sorted(best.values(), key=lambda p: -p.score)
    rest = [Passage(c, 0.0) for c in _all_chunks(kb) if c.id not in best]
    return ranked + rest


def _all_chunks(kb: SwotSource) -> list[Chunk]:
    return list(kb.state().chunks)


def swot_from_passages(form: TopicForm, forms: list[TopicForm], passages: list[Passage]) -> Swot:
    """Extractive SWOT: quoted sentences per quadrant, deduplicated, capped, numbered."""
    chosen: dict[str, list[Extracted]] = {q: [] for q in QUADRANTS}
    found_all = extract_swot(form, forms, passages)
    # Items said in so many words about the named form first (see Extracted.rank);
    # documents before the case summaries that retell them.
    found_all.sort(key=lambda e: (e.passage.chunk.kind == "case", -e.rank))
    for found in found_all:
        kept = chosen[found.quadrant]
        if len(kept) < MAX_PER_QUADRANT and not _duplicate(found, chosen):
            kept.append(found)
    numbers: dict[tuple[str, str, int | None], int] = {}
    quadrants = {q: [_cited_item(e, numbers) for e in chosen[q]] for q in QUADRANTS}
    return Swot(topic=form.name, basis="passages", **quadrants)


def _duplicate(found: Extracted, chosen: dict[str, list[Extracted]]) -> bool:
    words = set(normalise(found.quote))
    for kept in (e for items in chosen.values() for e in items):
        other = set(normalise(kept.quote))
        overlap = len(words & other) / max(1, min(len(words), len(other)))
        if overlap >= 0.8:
            return True
    return False


def _cited_item(found: Extracted, numbers: dict[tuple[str, str, int | None], int]) -> SwotItem:
    chunk = found.passage.chunk
    # One number per place (document, section, page): the source list shows no twins.
    n = numbers.setdefault((chunk.source, chunk.section, chunk.page), len(numbers) + 1)
    citation = Citation(
        n=n,
        source=chunk.source,
        title=chunk.title,
        section=chunk.section,
        page=chunk.page,
        quote=found.quote,
        text=found.context or chunk.text,
    )
    return SwotItem(text=found.text, citations=[citation])


def _llm_swot(form: TopicForm, passages: list[Passage], kb: SwotSource) -> Swot | None:
    """The LLM's SWOT when a chat model is configured and it produced cited items."""
    chat_model = getattr(kb, "chat_model", None)
    if chat_model is None or not passages:
        return None
    from bot.answer.llm_answer import generate_swot

    result = generate_swot(
        form.name,
        passages[:LLM_PASSAGES],
        chat_model=chat_model,
        prompts_dir=kb.settings.prompts_dir,
    )
    if not result:
        return None
    # No item without a source, whatever the model returned.
    quadrants = {q: [i for i in result.get(q, []) if i.citations] for q in QUADRANTS}
    if not any(quadrants.values()):
        return None
    return Swot(topic=form.name, basis="passages", **quadrants)
