"""Nothing a user typed comes back as a broadcast, mention or link: SWOT topics, reminder
titles, error messages and answers, in the blocks and in the `text` fallback. Text Slack
sent escaped (`&amp;`) is shown once-escaped, never as a literal `&amp;`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.slack.storage.records import AnswerRecord, SourceRef
from bot.slack.views.blocks import answer_messages
from bot.slack.views.reminders import render_reminder
from tests.slack.conftest import USER, RunningApp, start_reminder_app
from tests.slack.driver import mention, unique
from tests.slack.fake_slack import Call, FakeSlack
from tests.slack.helpers import command_reply, responses, succeeded

pytestmark = pytest.mark.slow
RAW = re.compile(r"<[!@#]|@(channel|here|everyone)\b", re.IGNORECASE)


def assert_no_raw_mention(text: str) -> None:
    found = RAW.search(text)
    assert not found, f"raw mention {found.group(0)!r} in {text!r}"


def everything(call: Call) -> str:
    """text, every text in the blocks, and the raw JSON of the blocks (to miss nothing)."""
    return call.all_text + "\n" + json.dumps(call.blocks, ensure_ascii=False)


@pytest.fixture(scope="module")
def app(
    fake_slack: FakeSlack, slack_kb: Any, slack_data_dir: Path, tmp_path_factory: Any
) -> Iterator[RunningApp]:
    running = start_reminder_app(fake_slack, slack_kb, slack_data_dir, tmp_path_factory.mktemp("escaping"))
    yield running
    running.server.stop()


def test_swot_of_channel_and_here_is_not_posted_raw(app: RunningApp) -> None:
    fake = app.fake
    event = mention("maak een SWOT van <!channel> <!here> <@U0ANDERE01>", channel="C0KANAAL1", user=USER)
    app.sender.event(event)
    progress = fake.wait_for(
        lambda: [c for c in fake.calls_to("chat.postMessage", thread_ts=event["ts"]) if succeeded(c)]
    )[-1]
    update = fake.wait_for(lambda: fake.calls_to("chat.update", ts=progress.ts))[-1]
    assert "channel" in update["text"]  # the topic is named, but as text
    assert_no_raw_mention(everything(update))


def test_swot_command_topic_is_escaped(app: RunningApp) -> None:
    name = unique("swot")
    reply = app.sender.command(
        "&lt;!channel&gt; <!everyone>",
        user=USER,
        channel="C0KANAAL1",
        response_url=app.fake.response_url(name),
        command="/swot",
    )
    assert reply.status == 200
    answer = app.fake.wait_for(lambda: responses(app.fake, name))[-1]
    assert_no_raw_mention(everything(answer))


def test_one_line_reminder_title_is_stored_as_typed_and_escaped_once(app: RunningApp) -> None:
    text = 'algemeen "R&amp;D &lt;overleg&gt; <!channel>" <#C0KANAAL1|pho> morgen om 10:00'
    body = command_reply(app, text, user=USER)
    assert "R&amp;D &lt;overleg&gt;" in body and "&amp;amp;" not in body and "&amp;lt;" not in body
    assert_no_raw_mention(body)
    reminder = [r for r in app.deps.reminders.list(created_by=USER) if r.title.startswith("R&D")][-1]
    assert reminder.title == "R&D <overleg> @channel"
    posted = render_reminder(reminder, datetime(2030, 1, 1, 9, tzinfo=UTC))
    assert_no_raw_mention(posted.text + json.dumps(posted.blocks, ensure_ascii=False))
    assert "R&amp;D" in posted.text and "&amp;amp;" not in posted.text


def test_modal_title_with_broadcasts_never_fires_raw(app: RunningApp) -> None:
    reminder = app.deps.reminders.add(
        kind="pho",
        title="<!channel> @here vergadering <@U0ANDERE01>",
        channel="C0KANAAL1",
        schedule="elke vrijdag om 16:00",
        created_by=USER,
        participants=["U0AMBTNR01"],
    )
    posted = render_reminder(reminder, datetime(2030, 1, 4, 15, tzinfo=UTC))
    assert_no_raw_mention(posted.text)
    header = next(b for b in posted.blocks if b["type"] == "header")["text"]["text"]
    assert_no_raw_mention(header)
    assert f"<@{USER}>" in json.dumps(posted.blocks)  # a participant is still a real mention


def test_errors_that_echo_input_are_escaped(app: RunningApp) -> None:
    text = 'algemeen "Test" #<!channel> elke vrijdag om 16:00'
    assert_no_raw_mention(command_reply(app, text, user=USER))
    assert_no_raw_mention(command_reply(app, 'algemeen "Test" <#C0KANAAL1|x> <!here> op de maan', user=USER))


def test_help_texts_show_their_placeholders(app: RunningApp) -> None:
    reply = app.sender.command(
        "help", user=USER, channel="C0KANAAL1", response_url=app.fake.response_url("x")
    )
    assert "&lt;vraag&gt;" in reply.body and "<vraag>" not in reply.body


def test_answer_text_fallback_is_escaped_too() -> None:
    source = SourceRef(1, "Titel <!here>", "Sectie & meer", 3, "citaat <!channel>", "tekst")
    record = AnswerRecord(
        "id1", "Vraag?", True, "Antwoord <!channel> & <@U0ANDERE01> [1]", "extractive", [source]
    )
    for message in answer_messages(record):
        assert_no_raw_mention(message.text + json.dumps(message.blocks, ensure_ascii=False))
        assert "&amp;amp;" not in message.text
    assert "Antwoord &lt;!channel&gt; &amp;" in answer_messages(record)[0].text
