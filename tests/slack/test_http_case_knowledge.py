"""The message shortcut "Bewaar als casuskennis": the message and its thread are saved as a
case file, indexed at once, confirmed privately — and then cited like any other source."""

from __future__ import annotations

import pytest

from bot.ingest.metadata import split_front_matter
from tests.slack.conftest import USER, RunningApp
from tests.slack.driver import mention, message_shortcut, new_ts, unique
from tests.slack.helpers import responses, wait_answer

pytestmark = pytest.mark.slow
PARENT = (
    "Zuiderveen en Noordermeer werken sinds 2021 samen in de Belastingsamenwerking Veenmeer: "
    "één gezamenlijk belastingkantoor voor de WOZ en alle gemeentelijke heffingen."
)
REPLY = (
    "De Belastingsamenwerking Veenmeer bespaart volgens de evaluatie jaarlijks twaalf procent op de "
    "uitvoeringskosten, en bezwaren worden sneller afgehandeld."
)


def test_saved_case_is_indexed_and_then_cited(running: RunningApp) -> None:
    fake, channel = running.fake, "C0KANAAL2"
    parent_ts = fake.add_user_message(channel, PARENT, "U0COLLEGA1", ts=new_ts())
    fake.add_user_message(channel, f"<@{USER}> {REPLY}", "U0COLLEGA2", thread_ts=parent_ts)
    message = {
        "type": "message",
        "user": "U0COLLEGA1",
        "text": PARENT,
        "ts": parent_ts,
        "thread_ts": parent_ts,
        "reply_count": 1,
    }
    name = unique("case")
    shortcut = message_shortcut(
        "bewaar_casuskennis", message, user=USER, channel=channel, response_url=fake.response_url(name)
    )
    reply = running.sender.interaction(shortcut)
    assert reply.status == 200 and reply.seconds < 3.0
    done = fake.wait_for(lambda: [r for r in responses(fake, name) if "Opgeslagen" in r.get("text", "")])
    assert done[-1]["response_type"] == "ephemeral"  # confirmed privately
    assert fake.calls_to("conversations.replies", channel=channel, ts=parent_ts)

    path = running.settings.cases_data_dir / f"slack-{channel}-{parent_ts.replace('.', '-')}.md"
    front, body = split_front_matter(path.read_text(encoding="utf-8"))
    assert front["title"].startswith("Zuiderveen en Noordermeer") and "twaalf procent" in body
    assert "U0COLLEGA" not in path.read_text(encoding="utf-8") and f"<@{USER}>" not in body

    event = mention("Wat doet de Belastingsamenwerking Veenmeer?", channel="C0KANAAL1", user=USER)
    running.sender.event(event)
    _, answer = wait_answer(fake, "C0KANAAL1", thread_ts=event["ts"])
    assert "Casus: Zuiderveen en Noordermeer" in answer.all_text
    assert "[1]" in answer["text"]
