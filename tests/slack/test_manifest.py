"""The shipped manifest asks for what the app handles, and nothing it cannot use."""

from __future__ import annotations

import yaml

from bot.config import PROJECT_ROOT
from bot.slack.listeners.ask_shortcuts import SHORTCUT_ASK, SHORTCUT_ASK_MESSAGE
from bot.slack.listeners.assistant import PROMPTS
from bot.slack.listeners.shortcuts import SHORTCUT_CASE
from tests.slack.conftest import USER, RunningApp
from tests.slack.driver import message_shortcut, new_ts, unique
from tests.slack.helpers import responses

MANIFEST = yaml.safe_load((PROJECT_ROOT / "slack-manifest.yml").read_text(encoding="utf-8"))


def test_events_scopes_and_modes() -> None:
    settings = MANIFEST["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_mention",
        "message.im",
        "app_home_opened",
        "assistant_thread_started",
        "assistant_thread_context_changed",
        "channel_shared",
        "channel_unshared",
    }
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is True
    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    assert {
        "assistant:write",
        "app_mentions:read",
        "chat:write",
        "commands",
        "im:history",
        "channels:history",
        "canvases:write",
        "im:write",
    } <= scopes
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True


def test_assistant_view_matches_the_prompts_the_app_sets() -> None:
    view = MANIFEST["features"]["assistant_view"]
    assert 0 < len(view["assistant_description"]) <= 300
    assert "samenwerking" in view["assistant_description"]
    assert view["suggested_prompts"] == PROMPTS
    assert len(PROMPTS) <= 4  # Slack's limit for suggested prompts


def test_shortcut_and_commands() -> None:
    features = MANIFEST["features"]
    kinds = {s["callback_id"]: s["type"] for s in features["shortcuts"]}
    assert kinds == {SHORTCUT_ASK_MESSAGE: "message", SHORTCUT_ASK: "global", SHORTCUT_CASE: "message"}
    commands = {c["command"] for c in features["slash_commands"]}
    assert "/samenwerking" in commands
    assert len(MANIFEST["display_information"]["description"]) <= 140


def test_every_command_and_shortcut_in_the_manifest_is_handled(running: RunningApp) -> None:
    for command in MANIFEST["features"]["slash_commands"]:
        name = unique("m")
        reply = running.sender.command(
            "help",
            user=USER,
            channel="C0KANAAL1",
            command=command["command"],
            response_url=running.fake.response_url(name),
        )
        assert reply.status == 200, command["command"]  # Bolt answers 404 to what nobody handles
        if command["command"] == "/swot":  # answered later, through the response_url
            listing = running.fake.wait_for(lambda n=name: responses(running.fake, n))[-1]
            assert "Geef een samenwerkingsvorm op" in listing["text"]
    message, name = {"type": "message", "ts": new_ts(), "text": ""}, unique("m")
    shortcut = message_shortcut(
        SHORTCUT_CASE, message, user=USER, channel="C0KANAAL1", response_url=running.fake.response_url(name)
    )
    assert running.sender.interaction(shortcut).status == 200
    empty = running.fake.wait_for(
        lambda: [r for r in responses(running.fake, name) if "geen tekst" in r["text"]]
    )
    assert empty[-1]["replace_original"] is True


def test_every_assistant_event_in_the_manifest_is_handled(running: RunningApp) -> None:
    events = [
        e for e in MANIFEST["settings"]["event_subscriptions"]["bot_events"] if e.startswith("assistant_")
    ]
    assert events
    for kind in events:
        thread = {"user_id": USER, "context": {}, "channel_id": "D0MANIFEST", "thread_ts": new_ts()}
        reply = running.sender.event({"type": kind, "assistant_thread": thread, "event_ts": new_ts()})
        assert reply.status == 200, kind  # Bolt answers 404 to what nobody handles
