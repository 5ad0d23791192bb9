"""The terminal chat passes earlier turns on, as Slack threads do: a follow-up keeps its topic."""

from __future__ import annotations

import io

from bot.cli.chat import run_chat


def chat(knowledge_base, *questions: str) -> list[str]:
    out = io.StringIO()
    assert run_chat(knowledge_base, io.StringIO("".join(f"{q}\n" for q in questions)), out) == 0
    return [turn for turn in out.getvalue().split("Vraag: ") if turn.strip()]


def sources(turn: str) -> str:
    return turn.split("Bronnen:", 1)[-1].lower()


def test_a_follow_up_in_the_chat_keeps_the_topic(knowledge_base) -> None:
    alone = chat(knowledge_base, "En wat zijn de nadelen daarvan?")[0]
    first, follow_up = chat(knowledge_base, "Wat is een centrumgemeente?", "En wat zijn de nadelen daarvan?")
    assert "centrum" in sources(first)
    assert "centrum" in sources(follow_up)
    assert "centrum" not in sources(alone)  # without the earlier turn the topic is lost
    assert "nadel" in follow_up.lower()


def test_ask_takes_the_earlier_question_too(knowledge_base) -> None:
    answer = knowledge_base.ask("En de nadelen daarvan?", history=[("Wat is een ambtelijke fusie?", "")])
    assert answer.found
    assert answer.question == "En de nadelen daarvan?"
    # the topic is kept: the answer is about the disadvantages of the ambtelijke fusie (a list
    # answer names them in its lead-in and the fusion in its items)
    text = answer.answer.lower()
    assert "nadelen" in text and "fusie" in text
