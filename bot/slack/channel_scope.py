"""Which organisations read what the bot posts in a conversation: the scope of its answers.

A channel of our own workspace: that workspace (team id). A Slack Connect channel
(`is_ext_shared`): every organisation in it, from conversations.info (`connected_team_ids`,
`shared_team_ids`, `context_team_id`, `conversation_host_id`), so an answer there uses only
sources all of them may see. A DM: the asker's organisation. When Slack will not say who is
in a shared channel, only public sources count.

Channel info is cached per channel for `ttl` seconds; an event whose envelope says the
channel is (no longer) shared while the cache says otherwise refreshes it at once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.ingest.visibility import Scope

log = logging.getLogger(__name__)
TTL_SECONDS = 300.0
MAX_CHANNELS = 5000  # cache bound; the oldest entries go first
TEAM_FIELDS = ("connected_team_ids", "shared_team_ids", "internal_team_ids")
ONE_TEAM_FIELDS = ("context_team_id", "conversation_host_id")


@dataclass(frozen=True)
class ChannelInfo:
    shared: bool  # Slack Connect: another organisation is in it
    private: bool
    teams: frozenset[str]  # team ids Slack names for the channel


def channel_info(client: WebClient, channel: str) -> dict[str, Any]:
    """conversations.info's channel; empty when Slack will not tell."""
    try:
        return client.conversations_info(channel=channel).get("channel") or {}
    except SlackApiError as exc:
        log.info("kanaal %s niet opgevraagd: %s", channel, exc.response.get("error"))
        return {}


def parse_channel(raw: dict[str, Any]) -> ChannelInfo:
    """conversations.info's channel object → what the scope needs."""
    teams = {t for f in TEAM_FIELDS for t in raw.get(f) or () if isinstance(t, str)}
    teams |= {raw[f] for f in ONE_TEAM_FIELDS if isinstance(raw.get(f), str)}
    private = bool(raw.get("is_private") or raw.get("is_im") or raw.get("is_mpim"))
    return ChannelInfo(
        bool(raw.get("is_ext_shared")), private, frozenset(t for t in teams if t.startswith("T"))
    )


def installed_team(context: Any) -> str | None:
    """The workspace the bot is installed in: the token's own team (auth.test), which bolt
    keeps in the authorize result; an interaction's `team` may be the user's workspace."""
    result = context.authorize_result
    return (result.team_id if result else None) or context.team_id


def interaction_teams(body: dict[str, Any], context: Any) -> tuple[str | None, str | None]:
    """(the installing workspace, the user's) for a shortcut, command or button click."""
    user = body.get("user")
    user_team = user.get("team_id") if isinstance(user, dict) else None
    return installed_team(context), user_team or context.actor_team_id


class ChannelScopes:
    def __init__(self, ttl: float = TTL_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.clock = clock
        self._cache: dict[str, tuple[float, ChannelInfo]] = {}
        self._lock = threading.Lock()

    def scope(
        self,
        client: WebClient,
        channel: str | None,
        *,
        team_id: str | None,
        user_team: str | None,
        shared_hint: bool | None = None,
    ) -> Scope:
        """The scope of an answer posted in `channel`. `team_id`: the workspace the bot is
        installed in; `user_team`: the asker's; `shared_hint`: the event envelope's
        `is_ext_shared_channel`, when there is one."""
        own = [t for t in (team_id, user_team) if t and t.startswith("T")]
        if not channel or channel.startswith("D"):
            return Scope.of_teams(own[-1:])  # the asker's organisation
        if shared_hint is False and user_team in (None, team_id):
            return Scope.of_teams(own)  # Slack says: not shared; no need to ask
        info = self.info(client, channel, shared_hint)
        if info is None:
            return Scope()  # unknown who reads it: public sources only
        if not info.shared:
            return Scope.of_teams(own)
        teams = info.teams | set(own)
        if len(teams) < 2:  # shared, but Slack did not name the other organisation
            log.info("gedeeld kanaal %s zonder bekende partners: alleen openbare bronnen", channel)
            return Scope()
        return Scope.of_teams(teams)

    def for_interaction(
        self, client: WebClient, channel: str | None, body: dict[str, Any], context: Any
    ) -> Scope:
        installed, user_team = interaction_teams(body, context)
        return self.scope(client, channel, team_id=installed, user_team=user_team)

    def info(self, client: WebClient, channel: str, shared_hint: bool | None = None) -> ChannelInfo | None:
        """Cached conversations.info (None: Slack would not say)."""
        now = self.clock()
        with self._lock:
            cached = self._cache.get(channel)
        if cached and now - cached[0] < self.ttl and shared_hint in (None, cached[1].shared):
            return cached[1]
        raw = channel_info(client, channel)
        if not raw:
            return None
        info = parse_channel(raw)
        self._remember(channel, now, info)
        return info

    def forget(self, channels: Iterable[str]) -> None:
        """channel_shared / channel_unshared: ask Slack again next time."""
        with self._lock:
            for channel in channels:
                self._cache.pop(channel, None)

    def _remember(self, channel: str, now: float, info: ChannelInfo) -> None:
        with self._lock:
            self._cache[channel] = (now, info)
            while len(self._cache) > MAX_CHANNELS:
                self._cache.pop(next(iter(self._cache)))
