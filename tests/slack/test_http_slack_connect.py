"""Slack Connect end to end over HTTP: two organisations in one shared channel are answered
only from sources both may see, and the answer says something was left out; the own
workspace's channels and DMs see what that workspace may see. Real index, fake Slack."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.ingest.metadata import split_front_matter
from bot.slack import texts
from bot.slack.storage.tables import answers_table
from tests.slack.conftest import RunningApp, slack_settings, start_http_app
from tests.slack.driver import block_action, dm, mention, message_shortcut, new_ts, unique
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.slack.helpers import action_ids, button_value, progress_post, responses, wait_answer

pytestmark = pytest.mark.slow
PARTNER = "T0PARTNER02"  # the other municipality's workspace
SHARED = "C0GEDEELD01"  # a Slack Connect channel of both
OWN = "C0KANAAL1"  # a channel of our own workspace only
OUR_USER, PARTNER_USER = "U0ONSLID01", "U0PARTNER1"
QUESTION = "Wat doet het samenwerkingsverband Zuiderwaard?"
COST = "Wat kost de inkoop van jeugdhulp door Zuiderwaard?"  # only our own case says
BOTH_CASE = f"""---
title: "Zuiderwaard (Aaldorp en Beekstad)"
zichtbaarheid: [{TEAM_ID}, {PARTNER}]
---
## Wat
Het samenwerkingsverband Zuiderwaard doet de gezamenlijke inkoop van jeugdhulp voor Aaldorp en Beekstad.
"""
OWN_CASE = f"""---
title: "Zuiderwaard: interne begroting"
zichtbaarheid: {TEAM_ID}
---
## Wat
Het samenwerkingsverband Zuiderwaard doet volgens de interne begroting de inkoop van jeugdhulp voor 4,2 miljoen euro.
"""


@pytest.fixture(scope="module")
def connect_app(indexed_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """An app over its own copy of the index, with one case for both organisations and one
    for ours only (other modules' tests must not see them)."""
    from bot.knowledge.service import KnowledgeBase

    data = tmp_path_factory.mktemp("connect") / "data"
    shutil.copytree(indexed_data_dir, data)
    fake = FakeSlack().start()
    fake.shared_channels[SHARED] = [TEAM_ID, PARTNER]
    # The partner's user is listed as an editor too: from another organisation that must not count.
    editors = [OUR_USER, PARTNER_USER]
    settings: Settings = slack_settings(data, fake, allowed_channels=[OWN, SHARED], knowledge_editors=editors)
    kb = KnowledgeBase(settings)
    for name, text in (("zuiderwaard-samen.md", BOTH_CASE), ("zuiderwaard-intern.md", OWN_CASE)):
        path = settings.cases_data_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        assert kb.add_case(path).ok
    app = start_http_app(settings, kb, fake)
    yield app
    app.server.stop()
    fake.stop()


def _shared_mention(user: str, user_team: str) -> tuple[dict[str, Any], dict[str, Any]]:
    event = mention(QUESTION, channel=SHARED, user=user)
    event |= {"user_team": user_team, "source_team": user_team}
    return event, {"is_ext_shared_channel": True}


@pytest.mark.parametrize(("user", "team"), [(PARTNER_USER, PARTNER), (OUR_USER, TEAM_ID)])
def test_shared_channel_is_answered_from_sources_both_may_see(
    connect_app: RunningApp, user: str, team: str
) -> None:
    fake = connect_app.fake
    event, envelope = _shared_mention(user, team)
    assert connect_app.sender.event(event, envelope=envelope).status == 200
    _, answer = wait_answer(fake, SHARED, thread_ts=event["ts"])
    shown = answer.all_text
    assert "Aaldorp en Beekstad" in shown and "[1]" in shown
    assert "4,2 miljoen" not in shown and "interne begroting" not in shown
    assert texts.LEFT_OUT in shown  # one line says something was left out
    assert fake.calls_to("conversations.info", channel=SHARED)
    with connect_app.deps.answers.engine.connect() as conn:
        t = answers_table.c
        stored = conn.execute(select(t.team_id).where(t.message_ts == answer["ts"])).scalar()
    assert stored == team


def test_own_channel_and_dm_see_the_own_workspace_sources(connect_app: RunningApp) -> None:
    fake = connect_app.fake
    event = mention(COST, channel=OWN, user=OUR_USER)
    connect_app.sender.event(event)
    _, answer = wait_answer(fake, OWN, thread_ts=event["ts"])
    assert "4,2 miljoen" in answer.all_text and texts.LEFT_OUT not in answer.all_text
    assert not fake.calls_to("conversations.info", channel=OWN)  # the envelope said: not shared

    partner_dm = dm(QUESTION, channel="D0PARTNER1", user=PARTNER_USER, user_team=PARTNER)
    connect_app.sender.event(partner_dm)
    post = progress_post(fake, "D0PARTNER1")
    reply = fake.wait_for(lambda: _final(fake, "D0PARTNER1", post.ts))
    assert "Aaldorp en Beekstad" in reply.all_text and "4,2 miljoen" not in reply.all_text


def test_channel_info_is_cached(connect_app: RunningApp) -> None:
    fake = connect_app.fake
    before = len(fake.calls_to("conversations.info", channel=SHARED))
    for _ in range(2):
        event, envelope = _shared_mention(PARTNER_USER, PARTNER)
        connect_app.sender.event(event, envelope=envelope)
        wait_answer(fake, SHARED, thread_ts=event["ts"])
    assert len(fake.calls_to("conversations.info", channel=SHARED)) - before <= 1


def _save_in_shared_channel(app: RunningApp, text: str, user: str, team: str) -> tuple[str, str]:
    """The shortcut clicked by `user` of `team` on a new message in the shared channel."""
    ts = app.fake.add_user_message(SHARED, text, PARTNER_USER, ts=new_ts())
    message = {"type": "message", "user": PARTNER_USER, "text": text, "ts": ts}
    name = unique("case")
    shortcut = message_shortcut(
        "bewaar_casuskennis", message, user=user, channel=SHARED, response_url=app.fake.response_url(name)
    )
    shortcut["user"]["team_id"] = team
    shortcut["team"] = {"id": team, "domain": "gemeente"}
    assert app.sender.interaction(shortcut).status == 200
    return name, f"slack-{SHARED}-{ts.replace('.', '-')}.md"


def _reply(app: RunningApp, name: str, word: str) -> str:
    found = app.fake.wait_for(lambda: [r for r in responses(app.fake, name) if word in r.get("text", "")])
    return found[-1]["text"]


def test_a_partner_users_save_waits_for_an_editor(connect_app: RunningApp) -> None:
    text = "Aaldorp en Beekstad houden de partnerbrief over de Zuiderwaardse jeugdhulpdesk vertrouwelijk."
    name, file = _save_in_shared_channel(connect_app, text, PARTNER_USER, PARTNER)
    assert "wacht nu op goedkeuring" in _reply(connect_app, name, "goedkeuring")
    queued = connect_app.settings.bot_data_dir / "cases-wachtrij" / file
    assert queued.exists() and not (connect_app.settings.cases_data_dir / file).exists()
    front, _ = split_front_matter(queued.read_text(encoding="utf-8"))
    assert front["team_id"] == PARTNER and front["gedeeld_kanaal"] is True
    assert sorted(front["zichtbaarheid"]) == sorted([TEAM_ID, PARTNER])
    found = {p.chunk.text for p in connect_app.kb.search("partnerbrief Zuiderwaardse jeugdhulpdesk", 10)}
    assert not any("partnerbrief" in t for t in found)


def test_a_partner_listed_as_editor_cannot_approve(connect_app: RunningApp) -> None:
    fake = connect_app.fake
    text = "Aaldorp en Beekstad delen een Zuiderwaardse klachtenregeling voor de jeugdhulpdesk."
    name, file = _save_in_shared_channel(connect_app, text, PARTNER_USER, PARTNER)
    _reply(connect_app, name, "goedkeuring")
    click = block_action("casus_goedkeuren", file.removesuffix(".md"), user=PARTNER_USER, channel="D0HOME0001",
                         response_url="")  # fmt: skip
    click["user"]["team_id"], click["team"] = PARTNER, {"id": PARTNER, "domain": "partner"}
    mark = fake.mark()
    assert connect_app.sender.interaction(click).status == 200
    refused = fake.wait_for(
        lambda: [
            c
            for c in fake.calls_since(mark)
            if c.method == "chat.postMessage" and "Alleen" in c.get("text", "")
        ]
    )
    assert refused[-1]["channel"] == PARTNER_USER
    assert (connect_app.settings.bot_data_dir / "cases-wachtrij" / file).exists()
    assert not (connect_app.settings.cases_data_dir / file).exists()


def test_a_channel_that_becomes_shared_narrows_its_answers(connect_app: RunningApp) -> None:
    fake, channel = connect_app.fake, "C0WORDTGEDEELD"
    connect_app.settings.allowed_channels.append(channel)

    def ask() -> tuple[str, Any]:
        name = unique("vraag")
        connect_app.sender.command(COST, user=OUR_USER, channel=channel, response_url=fake.response_url(name))
        answered = lambda: [r for r in responses(fake, name) if "deel_antwoord" in action_ids(r)]  # noqa: E731
        return name, fake.wait_for(answered)[-1]

    _, own = ask()
    assert "4,2 miljoen" in own.all_text  # our own channel: our own sources
    fake.shared_channels[channel] = [TEAM_ID, PARTNER]
    event = {"type": "channel_shared", "channel": channel, "connected_team_id": PARTNER, "event_ts": new_ts()}
    assert connect_app.sender.event(event).status == 200
    fake.wait_for(lambda: connect_app.deps.answerer.scopes._cache.get(channel) is None)
    name, shared = ask()
    assert "4,2 miljoen" not in shared.all_text and texts.LEFT_OUT in shared.all_text

    value = button_value(shared, "deel_antwoord")  # the copy for the channel keeps the line
    click = block_action("deel_antwoord", value, user=OUR_USER, channel=channel,
                         response_url=fake.response_url(name + "-deel"), ephemeral=True)  # fmt: skip
    connect_app.sender.interaction(click)
    copy = fake.wait_for(
        lambda: [r for r in responses(fake, name + "-deel") if r.get("response_type") == "in_channel"]
    )
    assert texts.LEFT_OUT in copy[0].all_text and "4,2 miljoen" not in copy[0].all_text


def test_our_editor_saves_shared_channel_content_for_both_organisations(connect_app: RunningApp) -> None:
    text = "Aaldorp en Beekstad evalueren de Zuiderwaardse jeugdhulpdesk elk voorjaar samen."
    name, file = _save_in_shared_channel(connect_app, text, OUR_USER, TEAM_ID)
    assert "Opgeslagen" in _reply(connect_app, name, "Opgeslagen")
    front, _ = split_front_matter((connect_app.settings.cases_data_dir / file).read_text(encoding="utf-8"))
    assert front["goedgekeurd_door"] == OUR_USER and sorted(front["zichtbaarheid"]) == sorted(
        [TEAM_ID, PARTNER]
    )


def _final(fake: FakeSlack, channel: str, ts: str) -> Any:
    from tests.slack.helpers import final_update

    return final_update(fake, channel, ts)
