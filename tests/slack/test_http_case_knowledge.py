"""The message shortcut "Bewaar als casuskennis" and its review queue, end to end.

An editor's case is saved, indexed at once and then cited. Anyone else's waits for an
editor's *Goedkeuren* on the App Home and is never searchable before. Text from a DM or a
private channel is kept only after an explicit confirmation modal. Who saved and who
approved is recorded; the size is limited; `<!channel>` in saved text never comes back raw."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.ingest.metadata import split_front_matter
from tests.slack.conftest import ADMIN, USER, RunningApp, slack_settings, start_http_app
from tests.slack.driver import block_action, mention, message_shortcut, new_ts, unique
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.slack.helpers import responses, wait_answer

pytestmark = pytest.mark.slow
EDITOR = "U0REDACT01"
PARENT = (
    "Zuiderveen en Noordermeer werken sinds 2021 samen in de Belastingsamenwerking Veenmeer: "
    "één gezamenlijk belastingkantoor voor de WOZ en alle gemeentelijke heffingen."
)
REPLY = (
    "De Belastingsamenwerking Veenmeer bespaart volgens de evaluatie jaarlijks twaalf procent op de "
    "uitvoeringskosten, en bezwaren worden sneller afgehandeld."
)


@pytest.fixture(scope="module")
def app(fake_slack: FakeSlack, slack_kb: Any, slack_data_dir: Path) -> Iterator[RunningApp]:
    settings = slack_settings(slack_data_dir, fake_slack, knowledge_editors=[EDITOR])
    running = start_http_app(settings, slack_kb, fake_slack)
    yield running
    running.server.stop()


def save(app: RunningApp, text: str, *, user: str, channel: str = "C0KANAAL2") -> tuple[str, str]:
    """Click the shortcut on a new message; (response_url name, message ts)."""
    ts = app.fake.add_user_message(channel, text, "U0COLLEGA1", ts=new_ts())
    message = {"type": "message", "user": "U0COLLEGA1", "text": text, "ts": ts}
    name = unique("case")
    shortcut = message_shortcut(
        "bewaar_casuskennis", message, user=user, channel=channel, response_url=app.fake.response_url(name)
    )
    reply = app.sender.interaction(shortcut)
    assert reply.status == 200 and reply.seconds < 3.0
    return name, ts


def final_reply(app: RunningApp, name: str, *words: str) -> str:
    found = app.fake.wait_for(
        lambda: [r for r in responses(app.fake, name) if any(w in r.get("text", "") for w in words)]
    )
    return found[-1]["text"]


def sources_found(app: RunningApp, query: str) -> set[str]:
    return {p.chunk.source for p in app.kb.search(query, k=20)}


def case_name(channel: str, ts: str) -> str:
    return f"slack-{channel}-{ts.replace('.', '-')}"


def open_home(app: RunningApp, user: str) -> dict[str, Any]:
    mark = app.fake.mark()
    app.sender.event(
        {"type": "app_home_opened", "user": user, "channel": "D0HOME0001", "tab": "home", "event_ts": "1.1"}
    )
    call = app.fake.wait_for(
        lambda: [
            c for c in app.fake.calls_since(mark) if c.method == "views.publish" and c["user_id"] == user
        ]
    )[-1]
    return call["view"] if isinstance(call["view"], dict) else json.loads(call["view"])


def click(app: RunningApp, action_id: str, value: str, user: str) -> None:
    payload = block_action(action_id, value, user=user, channel="D0HOME0001", response_url="")
    payload.pop("message"), payload.pop("response_url")
    payload["container"] = {"type": "view", "view_id": "V0HOME"}
    assert app.sender.interaction(payload).status == 200


def test_an_editors_case_is_indexed_at_once_and_cited(app: RunningApp) -> None:
    fake, channel = app.fake, "C0KANAAL2"
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
        "bewaar_casuskennis", message, user=EDITOR, channel=channel, response_url=fake.response_url(name)
    )
    assert app.sender.interaction(shortcut).status == 200
    done = fake.wait_for(lambda: [r for r in responses(fake, name) if "Opgeslagen" in r.get("text", "")])
    assert done[-1]["response_type"] == "ephemeral"  # confirmed privately
    assert fake.calls_to("conversations.replies", channel=channel, ts=parent_ts)

    path = app.settings.cases_data_dir / f"{case_name(channel, parent_ts)}.md"
    front, body = split_front_matter(path.read_text(encoding="utf-8"))
    assert front["title"].startswith("Zuiderveen en Noordermeer") and "twaalf procent" in body
    assert front["opgeslagen_door"] == EDITOR and front["goedgekeurd_door"] == EDITOR
    assert "U0COLLEGA" not in path.read_text(encoding="utf-8") and f"<@{USER}>" not in body

    event = mention("Wat doet de Belastingsamenwerking Veenmeer?", channel="C0KANAAL1", user=USER)
    app.sender.event(event)
    _, answer = wait_answer(fake, "C0KANAAL1", thread_ts=event["ts"])
    assert "Casus: Zuiderveen en Noordermeer" in answer.all_text
    assert "[1]" in answer["text"]


def test_anyone_elses_case_waits_and_is_not_searchable_until_approved(app: RunningApp) -> None:
    text = (
        "Handreiking ambtelijke fusie (Ministerie van BZK, 2026): de Kwelderwaard-regeling geldt "
        "voor alle gemeenten &lt;!channel&gt; die vóór 2027 fuseren."
    )
    name, ts = save(app, text, user=USER)
    assert "wacht" in final_reply(app, name, "wacht", "Opgeslagen")
    case = case_name("C0KANAAL2", ts)
    assert not (app.settings.cases_data_dir / f"{case}.md").exists()
    assert f"{case}.md" not in sources_found(app, "Kwelderwaard-regeling handreiking")

    home = json.dumps(open_home(app, USER), ensure_ascii=False)
    assert "ter beoordeling" not in home  # not an editor: no queue
    home = open_home(app, EDITOR)
    values = [e.get("value") for b in home["blocks"] for e in b.get("elements", []) if isinstance(e, dict)]
    assert case in values and "Kwelderwaard" in json.dumps(home, ensure_ascii=False)

    click(app, "casus_goedkeuren", case, user=USER)  # a stranger's click changes nothing
    refused = app.fake.wait_for(
        lambda: [
            c for c in app.fake.calls_to("chat.postMessage", channel=USER) if "KNOWLEDGE_EDITORS" in c["text"]
        ]
    )
    assert refused and f"{case}.md" not in sources_found(app, "Kwelderwaard-regeling handreiking")

    click(app, "casus_goedkeuren", case, user=EDITOR)
    told = app.fake.wait_for(
        lambda: [c for c in app.fake.calls_to("chat.postMessage", channel=USER) if "goedgekeurd" in c["text"]]
    )
    assert f"<@{EDITOR}>" in told[-1]["text"]
    front, _ = split_front_matter((app.settings.cases_data_dir / f"{case}.md").read_text(encoding="utf-8"))
    assert front["opgeslagen_door"] == USER and front["goedgekeurd_door"] == EDITOR
    assert f"{case}.md" in sources_found(app, "Kwelderwaard-regeling handreiking")

    event = mention("Wat zegt de handreiking over de Kwelderwaard-regeling?", channel="C0KANAAL1", user=USER)
    app.sender.event(event)
    _, answer = wait_answer(app.fake, "C0KANAAL1", thread_ts=event["ts"])
    everything = answer.all_text + json.dumps(answer.blocks, ensure_ascii=False)
    assert "Kwelderwaard" in everything and not re.search(r"<!(channel|here|everyone)", everything)


def test_a_rejected_case_is_gone(app: RunningApp) -> None:
    name, ts = save(app, "De Zilvermeeuw-constructie is een verzonnen samenwerkingsvorm.", user=USER)
    final_reply(app, name, "wacht")
    case = case_name("C0KANAAL2", ts)
    click(app, "casus_afwijzen", case, user=ADMIN)  # admins are editors too
    app.fake.wait_for(
        lambda: [
            c for c in app.fake.calls_to("chat.postMessage", channel=USER) if "niet opgenomen" in c["text"]
        ]
    )
    assert not list(app.settings.bot_data_dir.rglob(f"{case}.md"))
    assert f"{case}.md" not in sources_found(app, "Zilvermeeuw-constructie")


@pytest.mark.parametrize("channel", ["D0PRIVE001", "C0KANAAL1"])
def test_private_text_needs_an_explicit_confirmation(app: RunningApp, channel: str) -> None:
    fake = app.fake
    if channel.startswith("C"):
        fake.private_channels.add(channel)
    mark, word = fake.mark(), {"D": "Duinroos", "C": "Kreekrug"}[channel[0]]
    name, ts = save(app, f"De {word}-samenwerking deelt één griffie.", user=EDITOR, channel=channel)
    opened = fake.wait_for(lambda: [c for c in fake.calls_since(mark) if c.method == "views.open"])[-1]
    view = opened["view"] if isinstance(opened["view"], dict) else json.loads(opened["view"])
    assert "iedereen" in json.dumps(view, ensure_ascii=False) and view["callback_id"] == "casus_bevestigen"
    case = case_name(channel, ts)
    draft = app.settings.bot_data_dir / "cases-concept" / f"{view['private_metadata']}.md"
    fake.wait_for(draft.exists)
    assert not (app.settings.cases_data_dir / f"{case}.md").exists()
    assert f"{case}.md" not in sources_found(app, f"{word}-samenwerking griffie")
    assert not [r for r in responses(fake, name) if "Opgeslagen" in r.get("text", "")]

    submit = {
        "type": "view_submission",
        "user": {"id": EDITOR, "team_id": TEAM_ID},
        "team": {"id": TEAM_ID},
        "api_app_id": "A0FAKE",
        "view": {**view, "state": {"values": {}}},
    }
    assert app.sender.interaction(submit).status == 200
    fake.wait_for(
        lambda: [
            c
            for c in fake.calls_since(mark)
            if c.method == "chat.postMessage" and c["channel"] == EDITOR and "Opgeslagen" in c["text"]
        ]
    )
    assert f"{case}.md" in sources_found(app, f"{word}-samenwerking griffie") and not draft.exists()
    fake.private_channels.discard(channel)


def test_closing_the_confirmation_keeps_nothing(app: RunningApp) -> None:
    fake, mark = app.fake, app.fake.mark()
    save(app, "De Heidebloem-afspraak blijft geheim.", user=USER, channel="D0PRIVE002")
    opened = fake.wait_for(lambda: [c for c in fake.calls_since(mark) if c.method == "views.open"])[-1]
    view = opened["view"] if isinstance(opened["view"], dict) else json.loads(opened["view"])
    draft = app.settings.bot_data_dir / "cases-concept" / f"{view['private_metadata']}.md"
    fake.wait_for(draft.exists)
    closed = {"type": "view_closed", "user": {"id": USER}, "team": {"id": TEAM_ID}, "view": view}
    assert app.sender.interaction(closed).status == 200
    fake.wait_for(lambda: not draft.exists())
    assert not list(app.settings.bot_data_dir.rglob("*D0PRIVE002*"))


def test_too_long_and_not_enabled_are_refused_in_dutch(app: RunningApp) -> None:
    name, ts = save(app, "Een heel lange casus. " * 3000, user=EDITOR)
    assert "te lang" in final_reply(app, name, "te lang", "Opgeslagen")
    assert not list(app.settings.bot_data_dir.rglob(f"*{ts.replace('.', '-')}*"))
    name, ts = save(app, "Een casus uit een ander kanaal.", user=EDITOR, channel="C0ANDERS01")
    assert "niet ingeschakeld" in final_reply(app, name, "ingeschakeld", "Opgeslagen")
    assert not list(app.settings.bot_data_dir.rglob(f"*{ts.replace('.', '-')}*"))
