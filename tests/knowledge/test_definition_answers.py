"""Definition questions, and what an answer never quotes, through the whole path (search,
then the composer) on the real corpus."""

from __future__ import annotations

import pytest

from bot.answer.scoring import headed_by
from bot.index.keyword import stem_tokens
from bot.knowledge.service import KnowledgeBase


def _stems(text: str) -> frozenset[str]:
    return frozenset(stem_tokens(text))


@pytest.mark.unit
def test_a_heading_is_about_the_subject_only_when_it_names_little_else() -> None:
    assert headed_by(_stems("SETA"), "4.2.6 SETA")
    assert headed_by(_stems("ten boer-constructie"), "4.2.7 Model Ten Boer (publieke outsourcing)")
    assert not headed_by(_stems("SETA"), "SETA als menukaart voor samenwerking")  # one side of SETA
    assert not headed_by(_stems("centrumgemeente"), "4.2.6 SETA")


@pytest.mark.parametrize("question", ["Wat is SETA?", "Wat betekent SETA?"])
def test_an_abbreviation_is_spelled_out_first(knowledge_base: KnowledgeBase, question: str) -> None:
    answer = knowledge_base.ask(question)
    lines = [line for line in answer.answer.splitlines() if line.strip()]
    assert lines[0].lower().startswith("samen en toch apart"), lines[0]
    assert not any(line.startswith("Dat betekent") for line in lines)


@pytest.mark.parametrize("question", ["Wat betekent SETA?", "Wat is een centrumgemeente?", "Wat is SETA?"])
def test_a_lead_in_is_never_quoted_without_its_items(knowledge_base: KnowledgeBase, question: str) -> None:
    lines = [line for line in knowledge_base.ask(question).answer.splitlines() if line.strip()]
    for line, after in zip(lines, [*lines[1:], ""], strict=True):
        if line.removesuffix("]").rstrip("0123456789[ ").endswith(":"):
            assert after.startswith("- "), (line, after)


def test_a_case_files_sources_section_is_searched_but_never_quoted(knowledge_base: KnowledgeBase) -> None:
    question = "Wat zijn de faalfactoren van SETA?"
    found = [p.chunk for p in knowledge_base.search(question, 8)]
    assert any(c.kind == "case" and c.heading == "Bron" for c in found)  # it ranks among the best
    answer = knowledge_base.ask(question)
    assert answer.found
    assert all(c.section != "Bron" for c in answer.citations), [c.section for c in answer.citations]
