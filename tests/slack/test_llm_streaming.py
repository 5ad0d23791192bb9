"""LLM mode end to end: in a thread the answer streams natively (chat.startStream →
chat.appendStream → chat.stopStream with sources and 👍/👎 at the stop), replacing the
"Even zoeken…" message; a 429 pauses the stream for Retry-After instead of setting off a
storm of calls; outside a thread the progress message is edited instead. The remote LLM is
the loopback fake from tests/answer; everything else is real."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from tests.answer.fake_openai import FakeOpenAI, Reply
from tests.slack.conftest import USER, RunningApp, slack_settings, start_http_app
from tests.slack.driver import dm, mention
from tests.slack.fake_slack import TEAM_ID, Call, FakeSlack
from tests.slack.helpers import elements, progress_post, succeeded

pytestmark = pytest.mark.slow
QUESTION = "Wat is een ambtelijke fusie?"
CITED = (
    "Bij een ambtelijke fusie voegen gemeenten hun ambtelijke organisaties samen [1]. "
    "De gemeenten blijven daarbij bestuurlijk zelfstandig [1]. "
)
UNCITED = "Deze zin heeft geen bron en moet verdwijnen. "


@pytest.fixture(scope="module")
def llm_app(fake_slack: FakeSlack, slack_data_dir: Path) -> Iterator[tuple[RunningApp, FakeOpenAI]]:
    from bot.knowledge.service import KnowledgeBase

    with FakeOpenAI() as llm:
        llm_values: dict[str, Any] = {
            "llm_base_url": llm.base_url,
            "llm_model": "fake-model",
            "llm_api_key": "sk-test",
            "llm_timeout": 30.0,
        }
        kb = KnowledgeBase(Settings(_env_file=None, bot_data_dir=slack_data_dir, **llm_values))
        app = start_http_app(slack_settings(slack_data_dir, fake_slack, **llm_values), kb, fake_slack)
        yield app, llm
        app.server.stop()


def stream_calls(fake: FakeSlack, channel: str, thread: str) -> tuple[Call, list[Call], Call]:
    """start, appends and stop of the one stream in `thread`, once it has stopped."""
    start = fake.wait_for(
        lambda: [
            c for c in fake.calls_to("chat.startStream", channel=channel, thread_ts=thread) if succeeded(c)
        ]
    )[-1]
    stop = fake.wait_for(
        lambda: [c for c in fake.calls_to("chat.stopStream", channel=channel, ts=start.ts) if succeeded(c)]
    )[-1]
    appends = fake.calls_to("chat.appendStream", channel=channel, ts=start.ts)
    return start, appends, stop


def streamed_text(start: Call, appends: list[Call], stop: Call) -> str:
    parts = [start] + [a for a in appends if succeeded(a)] + [stop]
    return "".join(p.get("markdown_text") or "" for p in parts)


def test_answer_streams_natively_with_sources_and_feedback_at_the_stop(
    llm_app: tuple[RunningApp, FakeOpenAI],
) -> None:
    app, llm = llm_app
    fake = app.fake
    raw = CITED * 4
    llm.add(Reply(raw, chunk_size=10, chunk_delay=0.05))
    event = mention(QUESTION, channel="C0KANAAL1", user=USER)
    app.sender.event(event)
    progress = progress_post(fake, "C0KANAAL1", thread_ts=event["ts"])
    start, appends, stop = stream_calls(fake, "C0KANAAL1", event["ts"])

    assert start["recipient_user_id"] == USER and start["recipient_team_id"] == TEAM_ID
    assert appends and all(start.at <= a.at <= stop.at for a in appends)
    assert streamed_text(start, appends, stop).split() == raw.split()  # all of it, once, in order
    stop_blocks = stop.blocks
    assert "Bronnen" in stop.all_text and "[1]" in stop.all_text
    assert [e["type"] for b in stop_blocks for e in elements(b)].count("feedback_buttons") == 1
    assert not fake.calls_to("chat.update", ts=start.ts)  # the streamed text was the checked text
    assert not fake.calls_to("chat.update", ts=progress.ts)  # no edits: the stream did the showing
    assert fake.wait_for(lambda: fake.calls_to("chat.delete", channel="C0KANAAL1", ts=progress.ts))
    assert app.deps.answers.history("C0KANAAL1", event["ts"])  # saved under the streamed message
    assert llm.requests[-1].body.get("stream") is True


def test_checked_answer_replaces_stream_when_the_check_changed_it(
    llm_app: tuple[RunningApp, FakeOpenAI],
) -> None:
    app, llm = llm_app
    fake = app.fake
    llm.add(Reply(CITED + UNCITED + CITED * 3, chunk_size=10, chunk_delay=0.04))
    event = mention(QUESTION, channel="C0KANAAL2", user=USER)
    app.sender.event(event)
    start, _, _ = stream_calls(fake, "C0KANAAL2", event["ts"])
    final = fake.wait_for(lambda: [u for u in fake.calls_to("chat.update", ts=start.ts) if succeeded(u)])[-1]
    shown = fake.message("C0KANAAL2", start.ts)
    assert shown is not None and "Bronnen" in shown["text"]
    assert UNCITED.strip() not in final.all_text and "[1]" in final["text"]


def test_429_pauses_the_stream_for_retry_after_without_a_storm(
    llm_app: tuple[RunningApp, FakeOpenAI],
) -> None:
    app, llm = llm_app
    fake = app.fake
    raw = CITED * 5
    llm.add(Reply(raw, chunk_size=10, chunk_delay=0.06))  # ± 4 s of writing
    fake.fail("chat.appendStream", "429", "429")
    event = mention(QUESTION, channel="C0KANAAL1", user=USER)
    mark = fake.mark()
    app.sender.event(event)
    start, appends, stop = stream_calls(fake, "C0KANAAL1", event["ts"])

    refused = [a for a in appends if a.status == 429]
    assert len(refused) == 2
    for r in refused:  # Slack said Retry-After: 1 (limits are per method): no append before it
        assert all(a.at - r.at >= 1.0 for a in appends if a.at > r.at)
    during = [c for c in fake.calls_since(mark) if start.at < c.at < stop.at]
    assert not [c for c in during if c.method == "chat.update"]  # no fallback storm of edits
    assert len([c for c in during if c.method == "chat.appendStream"]) <= len(appends)
    assert streamed_text(start, appends, stop).split() == raw.split()  # what was refused came later


def test_outside_a_thread_the_progress_message_is_edited_and_429_respected(
    llm_app: tuple[RunningApp, FakeOpenAI],
) -> None:
    app, llm = llm_app
    fake = app.fake
    llm.add(Reply(CITED * 4 + UNCITED, chunk_size=10, chunk_delay=0.06))
    fake.fail("chat.update", "429")
    app.sender.event(dm(QUESTION, channel="D0LLMDM001", user=USER))
    post = progress_post(fake, "D0LLMDM001")
    final = fake.wait_for(
        lambda: [
            u for u in fake.calls_to("chat.update", ts=post.ts) if succeeded(u) and "Bronnen" in u.all_text
        ]
    )[-1]
    updates = fake.calls_to("chat.update", ts=post.ts)
    refused = [u for u in updates if u.status == 429]
    assert refused and all(
        next(u for u in updates if u.at > r.at).at - r.at >= 1.0 for r in refused
    )  # Retry-After: 1 was kept
    assert not fake.calls_to("chat.startStream", channel="D0LLMDM001")
    assert updates[-1] is final and UNCITED.strip() not in final["text"]


def test_follow_up_in_llm_mode_is_answered(llm_app: tuple[RunningApp, FakeOpenAI]) -> None:
    app, llm = llm_app
    fake = app.fake
    llm.add(Reply(CITED), Reply(CITED))
    first = mention(QUESTION, channel="C0KANAAL2", user=USER)
    app.sender.event(first)
    # A reply this short may be done before the stream starts: then it is posted at once.
    answers = app.deps.answers
    fake.wait_for(lambda: answers.history("C0KANAAL2", first["ts"]))
    app.sender.event(
        mention("En wat zijn de nadelen?", channel="C0KANAAL2", user=USER, thread_ts=first["ts"])
    )
    fake.wait_for(lambda: len(answers.history("C0KANAAL2", first["ts"])) >= 2)
    turns = [(m["role"], m["content"]) for m in llm.requests[-1].messages]
    assert ("user", QUESTION) in turns  # the thread's question went along as an earlier turn
    assert any(role == "assistant" and "ambtelijke organisaties samen" in text for role, text in turns)


def test_two_long_answers_under_429_both_finish(llm_app: tuple[RunningApp, FakeOpenAI]) -> None:
    """The case that froze the old stream: two long answers at once, Slack rate-limiting."""
    app, llm = llm_app
    fake = app.fake
    raw = CITED * 5
    llm.add(Reply(raw, chunk_size=10, chunk_delay=0.05), Reply(raw, chunk_size=10, chunk_delay=0.05))
    fake.fail("chat.appendStream", "429", "429", "429")
    events = [mention(QUESTION, channel=c, user=USER) for c in ("C0KANAAL1", "C0KANAAL2")]
    for event in events:
        app.sender.event(event)
    for event in events:
        start, appends, stop = stream_calls(fake, event["channel"], event["ts"])
        assert "Bronnen" in stop.all_text
        assert streamed_text(start, appends, stop).split() == raw.split()
        assert not [u for u in fake.calls_to("chat.update", ts=start.ts) if u.status == 429]


def test_streamed_text_never_carries_a_live_broadcast(llm_app: tuple[RunningApp, FakeOpenAI]) -> None:
    app, llm = llm_app
    fake = app.fake
    hostile = "Meld dit aan <!channel> en @here vandaag [1]. "
    llm.add(Reply(CITED * 2 + hostile + CITED * 2, chunk_size=10, chunk_delay=0.04))
    event = mention(QUESTION, channel="C0KANAAL1", user=USER)
    app.sender.event(event)
    start, appends, stop = stream_calls(fake, "C0KANAAL1", event["ts"])
    sent = streamed_text(start, appends, stop)
    assert "channel>" in sent and "here" in sent  # the words arrived…
    assert "<!channel>" not in sent and "@here" not in sent  # …but not as a broadcast
