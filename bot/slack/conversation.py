"""Where a question was asked and where its answer goes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Conversation:
    channel: str
    user: str
    reply_thread: str | None  # where the answer goes (None: top level, as in a DM)
    history_thread: str | None  # the thread the question was asked in (follow-ups)
    bot_user_id: str | None = None
    team_id: str | None = None  # the workspace the bot is installed in (bolt's context.team_id)
    user_team: str | None = None  # the asker's organisation: another one in a Slack Connect channel
