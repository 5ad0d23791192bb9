"""Settings the server needs, read from the environment as an admin writes them."""

from __future__ import annotations

import pytest

from bot.config import Settings, get_settings, reset_settings
from bot.errors import UserError
from bot.slack.server import check_settings


def test_channel_and_admin_lists_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_CHANNELS", "C0KANAAL1, C0KANAAL2")
    monkeypatch.setenv("ADMIN_USERS", "U0BEHEER01")
    reset_settings()
    settings = get_settings()
    assert settings.allowed_channels == ["C0KANAAL1", "C0KANAAL2"]
    assert settings.admin_users == ["U0BEHEER01"]


@pytest.mark.parametrize(
    "values, http, needed",
    [
        ({}, False, "SLACK_BOT_TOKEN"),
        ({"slack_bot_token": "xoxb-1"}, True, "SLACK_SIGNING_SECRET"),
        ({"slack_bot_token": "xoxb-1"}, False, "SLACK_APP_TOKEN"),
    ],
)
def test_missing_tokens_are_named_in_dutch(values: dict, http: bool, needed: str) -> None:
    with pytest.raises(UserError) as error:
        check_settings(Settings(_env_file=None, **values), http=http)
    assert needed in error.value.message


def test_complete_settings_pass() -> None:
    check_settings(Settings(_env_file=None, slack_bot_token="xoxb-1", slack_signing_secret="s"), http=True)
    check_settings(Settings(_env_file=None, slack_bot_token="xoxb-1", slack_app_token="xapp-1"), http=False)
