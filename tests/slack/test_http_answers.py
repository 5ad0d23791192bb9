"""End to end over HTTP: questions by mention, DM and follow-up, answered with citations."""

from __future__ import annotations

import pytest

from tests.slack.conftest import USER, RunningApp
from tests.slack.driver import dm, mention, new_ts
from tests.slack.fake_slack import Call, FakeSlack
from tests.slack.helpers import action_ids, final_update, progress_post, succeeded, wait_answer

pytestmark = pytest.mark.slow
QUESTION = "Wat is een ambtelijke fusie?"
UNANSWERABLE = "Hoeveel inwoners heeft de gemeente Wijchen?"


def test_url_verification(running: RunningApp) -> None:
    reply = running.sender.post(
        '{"token":"t","challenge":"uitdaging-123","type":"url_verification"}', "application/json"
    )
    assert reply.status == 200
    assert "uitdaging-123" in reply.body


def test_mention_is_answered_in_its_thread_with_citations(running: RunningApp) -> None:
    fake = running.fake
    event = mention(QUESTION, channel="C0KANAAL1", user=USER)
    assert running.sender.event(event).status == 200
    post, answer = wait_answer(fake, "C0KANAAL1", thread_ts=event["ts"])
    assert "[1]" in answer["text"] and "Bronnen" in answer["text"]
    sections = [b["text"]["text"] for b in answer.blocks if b["type"] == "section"]
    assert any("[1]" in s for s in sections)
    source_lines = [s for s in sections if s.startswith("*[1]")]
    assert source_lines and "\n> " in source_lines[0]  # numbered line with the quoted passage
    assert {"toon_passage", "feedback"} <= action_ids(answer)
    assert "deel_antwoord" not in action_ids(answer)  # already public


def test_dm_is_answered_in_the_dm(running: RunningApp) -> None:
    fake = running.fake
    event = dm(QUESTION, channel="D0DM000001", user=USER)
    running.sender.event(event)
    post = progress_post(fake, "D0DM000001")
    assert post.get("thread_ts") is None  # top level in the DM, not a thread
    answer = fake.wait_for(lambda: final_update(fake, "D0DM000001", post.ts))
    assert "[1]" in answer["text"]


def test_not_found_says_so_and_shows_closest_passages(running: RunningApp) -> None:
    fake = running.fake
    event = mention(UNANSWERABLE, channel="C0KANAAL2", user=USER)
    running.sender.event(event)
    _, answer = wait_answer(fake, "C0KANAAL2", thread_ts=event["ts"])
    assert "Misschien relevant" in answer.all_text
    assert "toon_passage" in action_ids(answer)


def test_follow_up_in_thread_uses_the_earlier_question(running: RunningApp) -> None:
    fake, kb = running.fake, running.kb
    first = mention(QUESTION, channel="C0KANAAL1", user=USER)
    running.sender.event(first)
    _, first_answer = wait_answer(fake, "C0KANAAL1", thread_ts=first["ts"])
    follow_up = "En wat zijn de nadelen daarvan?"
    reply = mention(follow_up, channel="C0KANAAL1", user=USER, thread_ts=first["ts"])
    running.sender.event(reply)
    answer = fake.wait_for(lambda: _second_answer(fake, "C0KANAAL1", first["ts"], first_answer))

    earlier = running.deps.answers.history("C0KANAAL1", first["ts"])[0]
    expected = kb.ask(follow_up, history=[earlier])
    alone = kb.ask(follow_up)
    assert earlier[0] == QUESTION
    assert expected.answer != alone.answer  # the history must matter for this test to mean much
    assert answer["text"].startswith(expected.answer)
    assert not answer["text"].startswith(alone.answer)


def _second_answer(fake: FakeSlack, channel: str, thread: str, first: Call) -> Call | None:
    posts = [
        c
        for c in fake.calls_to("chat.postMessage", channel=channel, thread_ts=thread)
        if succeeded(c) and "Even zoeken" in c.get("text", "")
    ]
    later = [p for p in posts if p.ts != first["ts"]]
    return final_update(fake, channel, later[-1].ts) if later else None


def test_mention_inside_a_thread_is_answered_in_that_thread(running: RunningApp) -> None:
    """Not a new thread; and a thread the store does not know is read back from Slack."""
    fake = running.fake
    parent = new_ts()
    fake.add_user_message("C0KANAAL2", "Een gesprek zonder bot", USER, ts=parent)
    event = mention(QUESTION, channel="C0KANAAL2", user=USER, thread_ts=parent)
    running.sender.event(event)
    post, answer = wait_answer(fake, "C0KANAAL2", thread_ts=parent)
    assert post["thread_ts"] == parent and "[1]" in answer["text"]
    assert fake.calls_to("conversations.replies", channel="C0KANAAL2", ts=parent)
