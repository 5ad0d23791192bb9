"""End to end over HTTP: the message shortcut "Vraag Samenwerkbot hierover" (answered in the
message's thread, or privately where the bot is not a member) and the global shortcut's
question modal (answered in the asker's DM)."""

from __future__ import annotations

import json

import pytest

from bot.slack.listeners.ask_shortcuts import SHORTCUT_ASK, SHORTCUT_ASK_MESSAGE
from bot.slack.views.ask import MODAL_ASK, QUESTION_BLOCK, QUESTION_INPUT
from tests.slack.conftest import USER, RunningApp
from tests.slack.driver import global_shortcut, message_shortcut, new_ts, unique, view_submission
from tests.slack.helpers import action_ids, final_update, progress_post, responses

pytestmark = pytest.mark.slow
QUESTION = "Wat is een ambtelijke fusie?"


def test_message_shortcut_answers_that_message_in_its_thread(running: RunningApp) -> None:
    fake = running.fake
    ts = fake.add_user_message("C0KANAAL1", QUESTION, "U0ANDER001", ts=new_ts())
    message = {"type": "message", "user": "U0ANDER001", "text": QUESTION, "ts": ts}
    payload = message_shortcut(
        SHORTCUT_ASK_MESSAGE,
        message,
        user=USER,
        channel="C0KANAAL1",
        response_url=fake.response_url(unique("s")),
    )
    assert running.sender.interaction(payload).status == 200
    post = progress_post(fake, "C0KANAAL1", thread_ts=ts)
    answer = fake.wait_for(lambda: final_update(fake, "C0KANAAL1", post.ts))
    assert "[1]" in answer["text"] and "Bronnen" in answer["text"]
    assert "feedback" in action_ids(answer)


def test_message_shortcut_where_the_bot_is_no_member_answers_privately(running: RunningApp) -> None:
    fake = running.fake
    fake.outside.add("C0KANAAL2")
    try:
        ts = new_ts()
        message = {"type": "message", "user": "U0ANDER001", "text": QUESTION, "ts": ts}
        name = unique("s")
        payload = message_shortcut(
            SHORTCUT_ASK_MESSAGE,
            message,
            user=USER,
            channel="C0KANAAL2",
            response_url=fake.response_url(name),
        )
        running.sender.interaction(payload)
        answer = fake.wait_for(lambda: [r for r in responses(fake, name) if r.get("blocks")])[-1]
    finally:
        fake.outside.discard("C0KANAAL2")
    assert answer["response_type"] == "ephemeral" and "[1]" in answer["text"]
    assert "deel_antwoord" in action_ids(answer)
    assert not fake.calls_to("chat.postMessage", channel="C0KANAAL2", thread_ts=ts)


def test_message_shortcut_on_a_message_without_text_says_what_to_do(running: RunningApp) -> None:
    fake = running.fake
    name = unique("s")
    message = {"type": "message", "user": "U0ANDER001", "text": "", "ts": new_ts()}
    payload = message_shortcut(
        SHORTCUT_ASK_MESSAGE, message, user=USER, channel="C0KANAAL1", response_url=fake.response_url(name)
    )
    running.sender.interaction(payload)
    told = fake.wait_for(lambda: responses(fake, name))[-1]
    assert "geen tekst" in told["text"]


def test_global_shortcut_opens_a_modal_and_answers_in_the_dm(running: RunningApp) -> None:
    fake = running.fake
    shortcut = global_shortcut(SHORTCUT_ASK, user=USER)
    assert running.sender.interaction(shortcut).status == 200
    opened = fake.wait_for(lambda: fake.calls_to("views.open", trigger_id=shortcut["trigger_id"]))[-1]
    view = json.loads(opened["view"]) if isinstance(opened["view"], str) else opened["view"]
    assert view["callback_id"] == MODAL_ASK and len(view["title"]["text"]) <= 24
    values = {QUESTION_BLOCK: {QUESTION_INPUT: {"type": "plain_text_input", "value": QUESTION}}}
    reply = running.sender.interaction(view_submission(MODAL_ASK, "", values, user=USER))
    assert reply.status == 200 and not reply.body
    dm = "D" + USER[1:]
    post = progress_post(fake, dm)
    answer = fake.wait_for(lambda: final_update(fake, dm, post.ts))
    assert "[1]" in answer["text"] and "Bronnen" in answer["text"]


def test_empty_question_in_the_modal_is_refused_there(running: RunningApp) -> None:
    values = {QUESTION_BLOCK: {QUESTION_INPUT: {"type": "plain_text_input", "value": " "}}}
    reply = running.sender.interaction(view_submission(MODAL_ASK, "", values, user=USER))
    assert reply.json()["response_action"] == "errors"
