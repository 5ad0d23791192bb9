"""End to end over HTTP: the assistant panel (suggested prompts, status, title, answers with
sources, SWOT, the viewed channel's scope), with the event shapes Slack documents."""

from __future__ import annotations

from typing import Any

import pytest

from bot.slack.listeners.assistant import PROMPTS, STATUS
from tests.slack.conftest import USER, RunningApp
from tests.slack.driver import dm, new_ts
from tests.slack.fake_slack import TEAM_ID, Call, FakeSlack
from tests.slack.helpers import action_ids, final_update, succeeded

pytestmark = pytest.mark.slow
QUESTION = "Wat is een ambtelijke fusie?"


def thread_event(kind: str, channel: str, thread_ts: str, viewing: str | None) -> dict[str, Any]:
    """assistant_thread_started / assistant_thread_context_changed as Slack sends them."""
    context = {"channel_id": viewing, "team_id": TEAM_ID, "enterprise_id": None} if viewing else {}
    return {
        "type": kind,
        "assistant_thread": {
            "user_id": USER,
            "context": context,
            "channel_id": channel,
            "thread_ts": thread_ts,
        },
        "event_ts": new_ts(),
    }


def open_panel(running: RunningApp, channel: str, viewing: str | None = None) -> str:
    thread = new_ts()
    reply = running.sender.event(thread_event("assistant_thread_started", channel, thread, viewing))
    assert reply.status == 200
    running.fake.wait_for(
        lambda: running.fake.calls_to("assistant.threads.setSuggestedPrompts", channel_id=channel)
    )
    return thread


def bot_posts(fake: FakeSlack, channel: str, thread: str) -> list[Call]:
    return [c for c in fake.calls_to("chat.postMessage", channel=channel, thread_ts=thread) if succeeded(c)]


def panel_answer(fake: FakeSlack, channel: str, thread: str, after: int = 0) -> Call:
    def answered() -> Call | None:
        posts = [p for p in bot_posts(fake, channel, thread) if "Even zoeken" in p.get("text", "")]
        return final_update(fake, channel, posts[after].ts) if len(posts) > after else None

    return fake.wait_for(answered)


def test_thread_start_sets_dutch_suggested_prompts(running: RunningApp) -> None:
    thread = open_panel(running, "D0PANEEL01", viewing="C0KANAAL1")
    call = running.fake.calls_to("assistant.threads.setSuggestedPrompts", channel_id="D0PANEEL01")[-1]
    assert succeeded(call) and call["thread_ts"] == thread
    prompts = call["prompts"]
    assert [p["title"] for p in prompts] == [p["title"] for p in PROMPTS]
    messages = [p["message"].lower() for p in prompts]
    assert messages[0].endswith("?") and messages[1].startswith("maak een swot van")
    assert "pho-herinnering" in messages[2]
    assert not bot_posts(running.fake, "D0PANEEL01", thread)  # prompts only, no chatter


def test_question_gets_status_title_then_cited_answer(running: RunningApp) -> None:
    fake = running.fake
    thread = open_panel(running, "D0PANEEL02", viewing="C0KANAAL1")
    mark = fake.mark()
    running.sender.event(dm(QUESTION, channel="D0PANEEL02", user=USER, thread_ts=thread))
    answer = panel_answer(fake, "D0PANEEL02", thread)
    assert "[1]" in answer["text"] and "Bronnen" in answer["text"]
    progress = [p for p in bot_posts(fake, "D0PANEEL02", thread) if "Even zoeken" in p["text"]][0]
    assert progress["unfurl_links"] is False and progress["unfurl_media"] is False
    assert {"toon_passage", "feedback"} <= action_ids(answer)
    methods = [c.method for c in fake.calls_since(mark)]
    status = fake.calls_to("assistant.threads.setStatus", channel_id="D0PANEEL02", thread_ts=thread)
    assert status and status[0]["status"] == STATUS
    assert methods.index("assistant.threads.setStatus") < methods.index("chat.update")
    title = fake.calls_to("assistant.threads.setTitle", channel_id="D0PANEEL02", thread_ts=thread)
    assert [t["title"] for t in title] == [QUESTION]


def test_follow_up_uses_the_thread_and_keeps_the_title(running: RunningApp) -> None:
    fake, kb = running.fake, running.kb
    thread = open_panel(running, "D0PANEEL03")
    running.sender.event(dm(QUESTION, channel="D0PANEEL03", user=USER, thread_ts=thread))
    panel_answer(fake, "D0PANEEL03", thread)
    follow_up = "En wat zijn de nadelen daarvan?"
    running.sender.event(dm(follow_up, channel="D0PANEEL03", user=USER, thread_ts=thread))
    second = panel_answer(fake, "D0PANEEL03", thread, after=1)
    expected = kb.ask(
        follow_up, history=[(QUESTION, running.deps.answers.history("D0PANEEL03", thread)[0][1])]
    )
    assert expected.answer != kb.ask(follow_up).answer  # the history must matter here
    assert second["text"].startswith(expected.answer)
    assert len(fake.calls_to("assistant.threads.setTitle", channel_id="D0PANEEL03")) == 1


def test_swot_request_in_the_panel(running: RunningApp) -> None:
    fake = running.fake
    thread = open_panel(running, "D0PANEEL04")
    running.sender.event(
        dm("Maak een SWOT van ambtelijke fusie", channel="D0PANEEL04", user=USER, thread_ts=thread)
    )

    def swot() -> Call | None:
        posts = [p for p in bot_posts(fake, "D0PANEEL04", thread) if "SWOT maken" in p.get("text", "")]
        updates = fake.calls_to("chat.update", channel="D0PANEEL04", ts=posts[0].ts) if posts else []
        return updates[-1] if updates and succeeded(updates[-1]) else None

    shown = fake.wait_for(swot).all_text
    assert "Sterktes" in shown and "Zwaktes" in shown and "Kansen" in shown and "Bedreigingen" in shown


def test_viewed_channel_sets_the_scope(running: RunningApp) -> None:
    """Viewing a channel where the bot is off: no answer for it; back in an enabled one: answered."""
    fake = running.fake
    thread = open_panel(running, "D0PANEEL05", viewing="C0KANAAL1")
    running.sender.event(thread_event("assistant_thread_context_changed", "D0PANEEL05", thread, "C0ANDERS01"))
    fake.wait_for(lambda: _viewing(running, "D0PANEEL05", thread) == "C0ANDERS01")
    running.sender.event(dm(QUESTION, channel="D0PANEEL05", user=USER, thread_ts=thread))
    refusal = fake.wait_for(lambda: bot_posts(fake, "D0PANEEL05", thread))[0]
    assert "<#C0ANDERS01>" in refusal["text"] and "niet ingeschakeld" in refusal["text"]
    assert not fake.calls_to("chat.update", channel="D0PANEEL05")

    running.sender.event(thread_event("assistant_thread_context_changed", "D0PANEEL05", thread, "C0KANAAL2"))
    fake.wait_for(lambda: _viewing(running, "D0PANEEL05", thread) == "C0KANAAL2")
    running.sender.event(dm(QUESTION, channel="D0PANEEL05", user=USER, thread_ts=thread))
    assert "[1]" in panel_answer(fake, "D0PANEEL05", thread)["text"]


def test_status_refused_by_slack_still_answers(running: RunningApp) -> None:
    fake = running.fake
    thread = open_panel(running, "D0PANEEL06")
    fake.fail("assistant.threads.setStatus", "error:invalid_thread_ts")
    running.sender.event(dm(QUESTION, channel="D0PANEEL06", user=USER, thread_ts=thread))
    assert "[1]" in panel_answer(fake, "D0PANEEL06", thread)["text"]


def test_plain_dm_thread_is_answered_without_panel_calls(running: RunningApp) -> None:
    fake = running.fake
    parent = fake.add_user_message("D0GEWOON01", "Hallo", USER)
    running.sender.event(dm(QUESTION, channel="D0GEWOON01", user=USER, thread_ts=parent))
    assert "[1]" in panel_answer(fake, "D0GEWOON01", parent)["text"]
    assert not fake.calls_to("assistant.threads.setStatus", channel_id="D0GEWOON01")
    assert not fake.calls_to("assistant.threads.setTitle", channel_id="D0GEWOON01")


def test_reminder_prompt_explains_how_to_plan(running: RunningApp) -> None:
    fake = running.fake
    thread = open_panel(running, "D0PANEEL07")
    running.sender.event(dm("Plan een PHO-herinnering", channel="D0PANEEL07", user=USER, thread_ts=thread))
    reply = fake.wait_for(lambda: bot_posts(fake, "D0PANEEL07", thread))[0]
    assert "/herinnering nieuw" in reply["text"]


def _viewing(running: RunningApp, channel: str, thread: str) -> str | None:
    from bot.slack.storage.panel_context import PanelContextStore

    found = PanelContextStore(running.deps.answers.engine).find(channel_id=channel, thread_ts=thread)
    return found.channel_id if found else None
