"""End to end over HTTP: /samenwerking (private answer, help, herindexeer) and the buttons
under an answer: "Deel in kanaal", "Toon passage", 👍/👎."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bot.slack.storage.tables import feedback_table
from tests.slack.conftest import ADMIN, USER, RunningApp
from tests.slack.driver import block_action, mention, unique
from tests.slack.fake_slack import Call
from tests.slack.helpers import action_ids, button_value, feedback_value, responses, wait_answer

pytestmark = pytest.mark.slow
QUESTION = "Wat is een ambtelijke fusie?"


def ask_privately(running: RunningApp, text: str = QUESTION, channel: str = "C0KANAAL1") -> tuple[str, Call]:
    name = unique("cmd")
    reply = running.sender.command(
        text, user=USER, channel=channel, response_url=running.fake.response_url(name)
    )
    assert reply.status == 200
    answer = running.fake.wait_for(lambda: [r for r in responses(running.fake, name) if r.get("blocks")])
    return name, answer[-1]


def test_slash_command_is_acked_at_once_and_answered_privately(running: RunningApp) -> None:
    name = unique("cmd")
    reply = running.sender.command(
        QUESTION, user=USER, channel="C0KANAAL1", response_url=running.fake.response_url(name)
    )
    assert reply.status == 200
    assert reply.seconds < 3.0  # Slack gives up after 3 s
    assert "Even zoeken" in reply.body
    answer = running.fake.wait_for(lambda: [r for r in responses(running.fake, name) if r.get("blocks")])[-1]
    assert answer["response_type"] == "ephemeral"
    assert answer["replace_original"] is True  # replaces the "Even zoeken…" note
    assert "[1]" in answer["text"]
    assert {"deel_antwoord", "toon_passage", "feedback"} <= action_ids(answer)
    assert not running.fake.calls_to("chat.postMessage", channel="C0KANAAL1", text=answer["text"])


def test_help(running: RunningApp) -> None:
    reply = running.sender.command(
        "help", user=USER, channel="C0KANAAL1", response_url=running.fake.response_url(unique("help"))
    )
    assert reply.status == 200
    assert "/samenwerking" in reply.body and "Bewaar als casuskennis" in reply.body


def test_share_button_posts_the_answer_through_the_response_url(running: RunningApp) -> None:
    name, answer = ask_privately(running)
    answer_id = button_value(answer, "deel_antwoord")
    click = block_action(
        "deel_antwoord",
        answer_id,
        user=USER,
        channel="C0KANAAL1",
        response_url=running.fake.response_url(name + "-deel"),
        ephemeral=True,
    )
    assert running.sender.interaction(click).status == 200
    note = running.fake.wait_for(
        lambda: [p for p in responses(running.fake, name + "-deel") if "Gedeeld in" in p["text"]]
    )[-1]
    assert note["replace_original"] is True
    shared = responses(running.fake, name + "-deel")[0]
    assert shared["response_type"] == "in_channel" and shared["replace_original"] is False
    assert shared["text"] == answer["text"]
    assert f"<@{USER}>" in shared.all_text  # "Gedeeld door …"
    assert shared["unfurl_links"] is False and shared["unfurl_media"] is False
    assert "deel_antwoord" not in action_ids(shared)
    assert "feedback" in action_ids(shared)
    assert not running.fake.calls_to("chat.postMessage", channel="C0KANAAL1", text=answer["text"])


def test_passage_button_opens_a_modal_with_the_whole_chunk(running: RunningApp) -> None:
    event = mention(QUESTION, channel="C0KANAAL1", user=USER)
    running.sender.event(event)
    _, answer = wait_answer(running.fake, "C0KANAAL1", thread_ts=event["ts"])
    value = button_value(answer, "toon_passage")
    click = block_action(
        "toon_passage",
        value,
        user=USER,
        channel="C0KANAAL1",
        response_url=running.fake.response_url(unique("p")),
    )
    assert running.sender.interaction(click).status == 200
    opened = running.fake.wait_for(
        lambda: running.fake.calls_to("views.open", trigger_id=click["trigger_id"])
    )
    view = json.loads(opened[-1]["view"]) if isinstance(opened[-1]["view"], str) else opened[-1]["view"]
    assert view["type"] == "modal" and len(view["title"]["text"]) <= 24
    record = running.deps.answers.get(value.split(":")[0])
    chunk = record.sources[0].text
    shown = "\n".join(b["text"]["text"] for b in view["blocks"][1:])
    assert chunk.split()[0] in shown and chunk.split()[-1] in shown
    assert len(shown) >= len(record.sources[0].quote)


@pytest.mark.parametrize("vote", ["goed", "slecht"])
def test_feedback_is_stored_with_hashed_user_and_thanked(running: RunningApp, vote: str) -> None:
    name, answer = ask_privately(running)
    value = feedback_value(answer, positive=vote == "goed")
    answer_id = button_value(answer, "deel_antwoord")
    assert value == f"{vote}:{answer_id}"
    click = block_action(
        "feedback",
        value,
        action_type="feedback_buttons",
        user=USER,
        channel="C0KANAAL1",
        response_url=running.fake.response_url(name + "-fb"),
        ephemeral=True,
    )
    running.sender.interaction(click)
    thanks = running.fake.wait_for(lambda: responses(running.fake, name + "-fb"))[-1]
    assert "Dank je" in thanks["text"]
    assert thanks.get("replace_original") is False  # the answer stays
    with running.deps.feedback.engine.connect() as conn:
        rows = conn.execute(select(feedback_table).where(feedback_table.c.answer_id == answer_id)).all()
    assert len(rows) == 1
    row = rows[0]._mapping
    assert row["vote"] == vote and row["question"] == QUESTION and "[1]" in row["answer"]
    assert row["sources"] and row["sources"][0]["title"]
    assert USER not in row["user_hash"] and len(row["user_hash"]) == 64
    assert row["created_at"] > 0


@pytest.mark.parametrize("action, vote", [("feedback_goed", "goed"), ("feedback_slecht", "slecht")])
def test_old_vote_buttons_still_count(running: RunningApp, action: str, vote: str) -> None:
    """Answers posted before feedback_buttons keep working buttons."""
    name, answer = ask_privately(running)
    answer_id = button_value(answer, "deel_antwoord")
    click = block_action(
        action,
        answer_id,
        user=USER,
        channel="C0KANAAL1",
        response_url=running.fake.response_url(name + "-oud"),
    )
    running.sender.interaction(click)
    assert "Dank je" in running.fake.wait_for(lambda: responses(running.fake, name + "-oud"))[-1]["text"]
    with running.deps.feedback.engine.connect() as conn:
        rows = conn.execute(select(feedback_table).where(feedback_table.c.answer_id == answer_id)).all()
    assert [r._mapping["vote"] for r in rows] == [vote]


def test_unknown_feedback_value_changes_nothing(running: RunningApp) -> None:
    name, answer = ask_privately(running)
    answer_id = button_value(answer, "deel_antwoord")
    click = block_action(
        "feedback",
        f"misschien:{answer_id}",
        action_type="feedback_buttons",
        user=USER,
        channel="C0KANAAL1",
        response_url=running.fake.response_url(name + "-raar"),
    )
    running.sender.interaction(click)
    note = running.fake.wait_for(lambda: responses(running.fake, name + "-raar"))[-1]
    assert "Dank je" not in note["text"]
    with running.deps.feedback.engine.connect() as conn:
        assert not conn.execute(select(feedback_table).where(feedback_table.c.answer_id == answer_id)).all()


def test_reindex_is_for_admins_only(running: RunningApp) -> None:
    refused = running.sender.command(
        "herindexeer", user=USER, channel="C0KANAAL1", response_url=running.fake.response_url(unique("ri"))
    )
    assert "beheerder" in refused.body
    name = unique("ri")
    started = running.sender.command(
        "herindexeer", user=ADMIN, channel="C0KANAAL1", response_url=running.fake.response_url(name)
    )
    assert started.seconds < 3.0 and "gestart" in started.body
    done = running.fake.wait_for(lambda: responses(running.fake, name), timeout=600)[-1]
    assert "Herindexeren klaar" in done["text"]


def test_slash_command_in_a_channel_that_is_not_enabled(running: RunningApp) -> None:
    name = unique("cmd")
    reply = running.sender.command(
        QUESTION, user=USER, channel="C0NIETAAN1", response_url=running.fake.response_url(name)
    )
    assert reply.status == 200 and "niet ingeschakeld" in reply.body
