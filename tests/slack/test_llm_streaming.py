"""LLM mode end to end: the "Even zoeken…" message is edited as the answer streams in (at most
about once per second), then replaced by the final checked answer with its sources. The
remote LLM is the loopback fake from tests/answer; everything else is real."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from tests.answer.fake_openai import FakeOpenAI, Reply
from tests.slack.conftest import USER, RunningApp, slack_settings, start_http_app
from tests.slack.driver import mention
from tests.slack.fake_slack import FakeSlack
from tests.slack.helpers import progress_post, succeeded

pytestmark = pytest.mark.slow
QUESTION = "Wat is een ambtelijke fusie?"
CITED = (
    "Bij een ambtelijke fusie voegen gemeenten hun ambtelijke organisaties samen [1]. "
    "De gemeenten blijven daarbij bestuurlijk zelfstandig [1]. "
)
UNCITED = "Deze zin heeft geen bron en moet verdwijnen."


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


def test_partial_answers_stream_into_the_progress_message(llm_app: tuple[RunningApp, FakeOpenAI]) -> None:
    app, llm = llm_app
    fake = app.fake
    raw = CITED * 4 + UNCITED
    llm.add(Reply(raw, chunk_size=10, chunk_delay=0.08))  # ± 4 s of streaming
    event = mention(QUESTION, channel="C0KANAAL1", user=USER)
    started = time.monotonic()
    app.sender.event(event)
    post = progress_post(fake, "C0KANAAL1", thread_ts=event["ts"])
    final = fake.wait_for(lambda: _final(fake, post.ts))
    elapsed = time.monotonic() - started

    updates = fake.calls_to("chat.update", channel="C0KANAAL1", ts=post.ts)
    partials = [u for u in updates if "Antwoord wordt geschreven" in u.all_text]
    assert len(partials) >= 2  # the text grew in place
    assert len(partials) <= elapsed + 1  # throttled to about one edit per second
    assert len(partials[-1]["text"]) > len(partials[0]["text"])
    assert updates[-1] is final  # the final answer comes last and replaces the stream
    assert "[1]" in final["text"] and "Bronnen" in final["text"]
    assert UNCITED not in final["text"]  # the checked answer, not the raw stream
    assert llm.requests and llm.requests[0].body.get("stream") is True


def _final(fake: FakeSlack, ts: str, channel: str = "C0KANAAL1") -> Any:
    done = [u for u in fake.calls_to("chat.update", channel=channel, ts=ts) if "Bronnen" in u.all_text]
    return done[-1] if done else None


def test_follow_up_in_llm_mode_is_answered(llm_app: tuple[RunningApp, FakeOpenAI]) -> None:
    app, llm = llm_app
    fake = app.fake
    llm.add(Reply(CITED), Reply(CITED))
    first = mention(QUESTION, channel="C0KANAAL2", user=USER)
    app.sender.event(first)
    post = progress_post(fake, "C0KANAAL2", thread_ts=first["ts"])
    fake.wait_for(lambda: _final(fake, post.ts, "C0KANAAL2"))
    app.sender.event(
        mention("En wat zijn de nadelen?", channel="C0KANAAL2", user=USER, thread_ts=first["ts"])
    )
    second = fake.wait_for(
        lambda: [
            p
            for p in fake.calls_to("chat.postMessage", channel="C0KANAAL2", thread_ts=first["ts"])
            if succeeded(p) and p.ts != post.ts
        ]
    )[-1]
    final = fake.wait_for(
        lambda: [
            u
            for u in fake.calls_to("chat.update", ts=second.ts)
            if "Antwoord" not in u.all_text or "Bronnen" in u.all_text
        ]
    )[-1]
    assert "Bronnen" in final["text"], final["text"]
    turns = [(m["role"], m["content"]) for m in llm.requests[-1].messages]
    assert ("user", QUESTION) in turns  # the thread's question went along as an earlier turn
    assert any(role == "assistant" and "ambtelijke organisaties samen" in text for role, text in turns)
