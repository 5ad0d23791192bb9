"""End to end over HTTP: a 👎 opens a modal asking what was missing; the note is stored with
the answer's question and sources and shown to admins on the App Home. "Deel in kanaal"
goes through the response_url, so it works from a DM; the bot's own post is the fallback."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from bot.slack.storage.tables import feedback_notes_table
from bot.slack.views.feedback import MODAL_MISSING, NOTE_BLOCK, NOTE_INPUT
from tests.slack.conftest import ADMIN, USER, RunningApp
from tests.slack.driver import block_action, unique, view_submission
from tests.slack.fake_slack import TEAM_ID, Call
from tests.slack.helpers import action_ids, button_value, feedback_value, responses

pytestmark = pytest.mark.slow
QUESTION = "Wat is een ambtelijke fusie?"
NOTE = "Het convenant <van> 2021 & de evaluatie ontbreken @channel"


def ask_privately(running: RunningApp, channel: str) -> tuple[str, Call]:
    name = unique("cmd")
    running.sender.command(QUESTION, user=USER, channel=channel, response_url=running.fake.response_url(name))
    answer = running.fake.wait_for(lambda: [r for r in responses(running.fake, name) if r.get("blocks")])
    return name, answer[-1]


def thumbs_down(running: RunningApp, answer: Call, name: str) -> dict[str, Any]:
    click = block_action(
        "feedback",
        feedback_value(answer, positive=False),
        action_type="feedback_buttons",
        user=USER,
        channel="C0KANAAL1",
        response_url=running.fake.response_url(name + "-fb"),
        ephemeral=True,
    )
    assert running.sender.interaction(click).status == 200
    opened = running.fake.wait_for(
        lambda: running.fake.calls_to("views.open", trigger_id=click["trigger_id"])
    )
    view = opened[-1]["view"]
    return json.loads(view) if isinstance(view, str) else view


def note_values(text: str) -> dict[str, Any]:
    return {NOTE_BLOCK: {NOTE_INPUT: {"type": "plain_text_input", "value": text}}}


def home_for(running: RunningApp, user: str) -> Call:
    mark = running.fake.mark()
    running.sender.event({"type": "app_home_opened", "user": user, "tab": "home", "event_ts": "1.0"})
    return running.fake.wait_for(
        lambda: [
            c for c in running.fake.calls_since(mark) if c.method == "views.publish" and c["user_id"] == user
        ]
    )[-1]


def view_text(call: Call) -> str:
    view = call["view"]
    view = json.loads(view) if isinstance(view, str) else view
    return "\n".join(b["text"]["text"] for b in view["blocks"] if isinstance(b.get("text"), dict))


def test_thumbs_down_note_is_stored_and_shown_to_admins(running: RunningApp) -> None:
    name, answer = ask_privately(running, "C0KANAAL1")
    answer_id = button_value(answer, "deel_antwoord")
    view = thumbs_down(running, answer, name)
    assert view["callback_id"] == MODAL_MISSING and view["private_metadata"] == answer_id
    assert len(view["title"]["text"]) <= 24
    thanks = running.fake.wait_for(lambda: responses(running.fake, name + "-fb"))[-1]
    assert "venster" in thanks["text"]

    reply = running.sender.interaction(
        view_submission(MODAL_MISSING, answer_id, note_values(NOTE), user=USER)
    )
    assert reply.status == 200 and not reply.body  # closed: no errors
    engine = running.deps.feedback.engine
    select_note = select(feedback_notes_table).where(feedback_notes_table.c.answer_id == answer_id)
    rows = running.fake.wait_for(lambda: engine.connect().execute(select_note).all())
    row = rows[0]._mapping
    assert row["note"] == NOTE and row["question"] == QUESTION
    assert row["sources"] and USER not in row["user_hash"]
    assert row["team_id"] == TEAM_ID  # the voter's organisation, as with the vote

    shown = view_text(home_for(running, ADMIN))
    assert "Wat ontbrak er" in json.dumps(home_for(running, ADMIN)["view"], ensure_ascii=False)
    assert "convenant &lt;van&gt; 2021 &amp; de evaluatie" in shown  # escaped, not markup
    assert "<van>" not in shown and "@channel" not in shown
    assert QUESTION in shown and row["sources"][0]["title"] in shown
    assert "convenant" not in view_text(home_for(running, USER))  # admins only


def test_empty_note_is_refused_in_the_modal(running: RunningApp) -> None:
    reply = running.sender.interaction(
        view_submission(MODAL_MISSING, "onbekend", note_values("  "), user=USER)
    )
    assert reply.status == 200
    answer = reply.json()
    assert answer["response_action"] == "errors" and NOTE_BLOCK in answer["errors"]


def test_share_from_a_dm_goes_through_the_response_url(running: RunningApp) -> None:
    name, answer = ask_privately(running, "D0DELEN001")
    click = block_action(
        "deel_antwoord",
        button_value(answer, "deel_antwoord"),
        user=USER,
        channel="D0DELEN001",
        response_url=running.fake.response_url(name + "-deel"),
        ephemeral=True,
    )
    running.sender.interaction(click)
    done = running.fake.wait_for(
        lambda: [p for p in responses(running.fake, name + "-deel") if "Gedeeld in" in p["text"]]
    )
    shared = responses(running.fake, name + "-deel")[0]
    assert shared["response_type"] == "in_channel" and shared["text"] == answer["text"]
    assert "feedback" in action_ids(shared) and "deel_antwoord" not in action_ids(shared)
    assert done[-1]["replace_original"] is True
    assert not running.fake.calls_to("chat.postMessage", channel="D0DELEN001")  # not the bot's post


def test_expired_response_url_falls_back_and_says_so_when_that_fails_too(running: RunningApp) -> None:
    name, answer = ask_privately(running, "C0KANAAL2")
    fake = running.fake
    fake.fail("response_url", "404")
    fake.fail("chat.postMessage", "error:not_in_channel")
    click = block_action(
        "deel_antwoord",
        button_value(answer, "deel_antwoord"),
        user=USER,
        channel="C0KANAAL2",
        response_url=fake.response_url(name + "-deel"),
        ephemeral=True,
    )
    running.sender.interaction(click)
    told = fake.wait_for(lambda: [p for p in responses(fake, name + "-deel") if "niet gelukt" in p["text"]])
    assert "/invite" not in told[-1]["text"]
    assert fake.calls_to("chat.postMessage", channel="C0KANAAL2", text=answer["text"])  # tried
