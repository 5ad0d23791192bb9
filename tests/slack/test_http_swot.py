"""SWOTs in Slack end to end: /swot (private, "Deel in kanaal"), "maak een SWOT van …" in a
mention (public, "Toon alles" when a quadrant is cut), and an unknown topic in Dutch."""

from __future__ import annotations

import json

import pytest

from tests.slack.conftest import USER, RunningApp
from tests.slack.driver import block_action, mention, unique
from tests.slack.fake_slack import TEAM_ID, Call
from tests.slack.helpers import action_ids, button_value, responses, succeeded

pytestmark = pytest.mark.slow


def swot_reply(running: RunningApp, name: str) -> Call:
    fake = running.fake
    return fake.wait_for(lambda: [r for r in responses(fake, name) if "SWOT" in r.get("text", "")])[-1]


def header(call: Call) -> str:
    return next(b["text"]["text"] for b in call.blocks if b["type"] == "header")


def test_swot_command_is_private_and_can_be_shared(running: RunningApp) -> None:
    fake, name = running.fake, unique("swot")
    reply = running.sender.command(
        "ambtelijke fusie",
        user=USER,
        channel="C0KANAAL1",
        response_url=fake.response_url(name),
        command="/swot",
    )
    assert reply.status == 200 and reply.seconds < 3.0 and "SWOT maken" in reply.body
    swot = swot_reply(running, name)
    assert header(swot) == "SWOT: ambtelijke fusie" and swot["response_type"] == "ephemeral"
    assert "swot_share" in action_ids(swot) and "[1]" in swot.all_text

    click = block_action(
        "swot_share",
        button_value(swot, "swot_share"),
        user=USER,
        channel="C0KANAAL1",
        response_url=fake.response_url(name + "-deel"),
        ephemeral=True,
    )
    running.sender.interaction(click)
    shared = fake.wait_for(
        lambda: [
            c for c in responses(fake, name + "-deel") if c.get("text", "").startswith("SWOT van ambtelijke")
        ]
    )[-1]
    assert shared["response_type"] == "in_channel" and shared["replace_original"] is False
    assert header(shared) == "SWOT: ambtelijke fusie" and f"<@{USER}>" in shared.all_text
    assert "swot_share" not in action_ids(shared)
    assert shared["unfurl_links"] is False and shared["unfurl_media"] is False
    assert fake.wait_for(lambda: [r for r in responses(fake, name + "-deel") if "Gedeeld in" in r["text"]])


def test_swot_asked_in_a_mention_shows_all_on_request(running: RunningApp) -> None:
    fake = running.fake
    event = mention("maak een SWOT van SETA", channel="C0KANAAL2", user=USER)
    running.sender.event(event)
    post = fake.wait_for(
        lambda: [
            c
            for c in fake.calls_to("chat.postMessage", channel="C0KANAAL2", thread_ts=event["ts"])
            if "SWOT maken" in c.get("text", "") and succeeded(c)
        ]
    )[-1]
    swot = fake.wait_for(lambda: [c for c in fake.calls_to("chat.update", ts=post.ts) if c.blocks])[-1]
    assert header(swot) == "SWOT: SETA" and "…en nog" in swot.all_text
    assert "swot_show_all" in action_ids(swot) and "swot_share" not in action_ids(swot)

    name = unique("alles")
    value = button_value(swot, "swot_show_all")
    assert json.loads(value)["topic"] == "SETA"
    message = {"type": "message", "ts": post.ts, "text": swot["text"], "blocks": swot.blocks}
    running.sender.interaction(
        block_action(
            "swot_show_all",
            value,
            user=USER,
            channel="C0KANAAL2",
            response_url=fake.response_url(name),
            message=message,
        )
    )
    full = swot_reply(running, name)
    assert full["replace_original"] is True and "…en nog" not in full.all_text
    tables = [b for b in full.blocks if b["type"] == "table"]
    assert len(tables) == 1  # Slack allows one table per message
    shown_items = [row for row in tables[0]["rows"] if row[0]["type"] == "raw_text"]
    assert len(shown_items) > swot.all_text.count("• ") / 2  # more than the 2x2 showed
    assert "swot_canvas" in action_ids(full)


def test_swot_goes_into_a_canvas_the_channel_can_edit(running: RunningApp) -> None:
    fake, name = running.fake, unique("swot")
    running.sender.command(
        "ambtelijke fusie",
        user=USER,
        channel="C0KANAAL1",
        response_url=fake.response_url(name),
        command="/swot",
    )
    swot = swot_reply(running, name)
    click = block_action(
        "swot_canvas",
        button_value(swot, "swot_canvas"),
        user=USER,
        channel="C0KANAAL1",
        response_url=fake.response_url(name + "-canvas"),
        ephemeral=True,
    )
    running.sender.interaction(click)
    told = fake.wait_for(
        lambda: [r for r in responses(fake, name + "-canvas") if "Canvas gemaakt" in r["text"]]
    )
    created = fake.calls_to("canvases.create")[-1]
    canvas = created.result["canvas_id"]
    stored = fake.canvases[canvas]
    assert stored["title"] == "SWOT: ambtelijke fusie"
    assert (
        "## SWOT: ambtelijke fusie" in stored["markdown"] and "| Sterktes | Zwaktes |" in stored["markdown"]
    )
    assert stored["access"] == {"C0KANAAL1": "write", USER: "write"}
    assert f"/docs/{TEAM_ID}/{canvas}|" in told[-1]["text"]


def test_canvas_refused_by_slack_is_explained(running: RunningApp) -> None:
    fake, name = running.fake, unique("swot")
    fake.fail("canvases.create", "error:not_allowed_token_type")
    value = json.dumps({"topic": "ambtelijke fusie"})
    click = block_action(
        "swot_canvas",
        value,
        user=USER,
        channel="D0CANVAS01",
        response_url=fake.response_url(name),
        ephemeral=True,
    )
    running.sender.interaction(click)
    told = fake.wait_for(lambda: responses(fake, name))[-1]
    assert "niet gemaakt" in told["text"] and "&lt;onderwerp&gt;" in told["text"]


def test_unknown_topic_is_explained(running: RunningApp) -> None:
    name = unique("swot")
    running.sender.command(
        "kaasmakerij",
        user=USER,
        channel="C0KANAAL1",
        response_url=running.fake.response_url(name),
        command="/swot",
    )
    reply = running.fake.wait_for(lambda: responses(running.fake, name))[-1]
    assert "Ik ken geen samenwerkingsvorm" in reply["text"] and "ambtelijke fusie" in reply["text"]
