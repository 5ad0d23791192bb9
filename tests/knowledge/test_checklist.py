"""Monitoring checklist from the real knowledge base: every line quoted and cited."""

from bot.knowledge.checklist import evaluation_checklist


def test_checklist_lines_are_quotes_from_evaluation_passages(knowledge_base) -> None:
    items = evaluation_checklist(knowledge_base, "evaluatie BEL Combinatie samenwerking")
    assert 2 <= len(items) <= 4
    for n, (line, citation) in enumerate(items, 1):
        assert citation.n == n
        assert line == citation.quote and line in citation.text  # verbatim, never invented
        assert citation.title
    assert any("evaluatie" in line.lower() or "nulmeting" in line.lower() for line, _ in items)


def test_checklist_for_a_topic_without_evaluation_text_still_cites(knowledge_base) -> None:
    # The subject finds nothing, but the general evaluation query always does: the
    # checklist is then the documents' own evaluation points, still quoted and cited.
    items = evaluation_checklist(knowledge_base, "zwembad parkeerbeleid")
    assert 1 <= len(items) <= 4
    assert [c.n for _, c in items] == list(range(1, len(items) + 1))
    for line, citation in items:
        assert line == citation.quote and line in citation.text and citation.title
        assert any(
            cue in line.lower()
            for cue in (
                "evalu",
                "monitor",
                "nulmet",
                "meting",
                "meetba",
                "doel",
                "result",
                "effect",
                "succesbepal",
            )
        )
        assert "zwembad" not in line.lower() and "parkeer" not in line.lower()
