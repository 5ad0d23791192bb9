"""Follow-up questions borrow the thread's earlier question for retrieval."""


def test_long_follow_up_with_long_thread_question_is_answered(knowledge_base) -> None:
    long_question = "Wat zijn de voordelen van een ambtelijke fusie voor kleine gemeenten? " * 20
    assert len(long_question) < 2000  # each question alone is within the limit; together they are not
    answer = knowledge_base.ask(long_question, history=[(long_question, "eerder antwoord")])
    assert answer.question == " ".join(long_question.split())
    assert answer.found


def test_follow_up_keeps_the_thread_topic(knowledge_base) -> None:
    answer = knowledge_base.ask("En wat zijn de nadelen?", history=[("Wat is een ambtelijke fusie?", "…")])
    assert answer.found
    assert "fusie" in " ".join(c.text.lower() for c in answer.citations)
