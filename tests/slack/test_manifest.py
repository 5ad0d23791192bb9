"""The shipped manifest asks for what the app handles, and nothing it cannot use."""

from __future__ import annotations

import yaml

from bot.config import PROJECT_ROOT
from bot.slack.listeners.shortcuts import SHORTCUT_CASE

MANIFEST = yaml.safe_load((PROJECT_ROOT / "slack-manifest.yml").read_text(encoding="utf-8"))


def test_events_scopes_and_modes() -> None:
    settings = MANIFEST["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_mention", "message.im", "app_home_opened"}
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is True
    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "chat:write", "commands", "im:history", "channels:history"} <= scopes
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True


def test_shortcut_and_commands() -> None:
    features = MANIFEST["features"]
    assert [s["callback_id"] for s in features["shortcuts"]] == [SHORTCUT_CASE]
    assert features["shortcuts"][0]["type"] == "message"
    commands = {c["command"] for c in features["slash_commands"]}
    assert "/samenwerking" in commands
    assert len(MANIFEST["display_information"]["description"]) <= 140
