"""Where a question was asked and where its answer goes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Conversation:
    channel: str
    user: str
    reply_thread: str | None  # where the answer goes (None: top level, as in a DM)
    history_thread: str | None  # the thread the question was asked in (follow-ups)
    bot_user_id: str | None = None
    team_id: str | None = None  # the workspace the bot is installed in (bolt's context.team_id)
    user_team: str | None = None  # the asker's organisation: another one in a Slack Connect channel
    shared: bool | None = None  # the event envelope's is_ext_shared_channel (None: not told)


def teams_of(
    body: dict[str, Any], event: dict[str, Any], team_id: str | None, actor_team: str | None
) -> dict[str, Any]:
    """Conversation fields for an event: bolt's context.team_id is the installing workspace
    (authorizations[0]); the asker's team is the event's `user_team`, else bolt's actor team."""
    user_team = event.get("user_team") or actor_team or event.get("team") or team_id
    shared = body.get("is_ext_shared_channel")
    return {
        "team_id": team_id,
        "user_team": user_team,
        "shared": shared if isinstance(shared, bool) else None,
    }
