"""The delivery interface of jobs: what the outbox hands over and what a poster must do.

The Slack edge implements `Poster` (bot/slack/poster.py); `ConsolePoster` prints to the
terminal for running without Slack tokens. jobs itself knows nothing of Slack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from jobs.notices import Notice, notice_text

METADATA_EVENT = "samenwerkbot_herinnering"


@dataclass(frozen=True)
class Outgoing:
    channel: str
    notice: Notice
    key: str  # unique per posting: "herinnering:<id>:<occurrence>" or "uitstel:<id>"
    metadata: dict[str, Any] = field(default_factory=dict)


class PostError(Exception):
    """A post that did not succeed. `uncertain`: it may have reached Slack anyway."""

    def __init__(self, message: str, *, retryable: bool, uncertain: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.uncertain = uncertain


class Poster(Protocol):
    def post(self, outgoing: Outgoing) -> tuple[str, str]:
        """Post; return (channel id, message ts). Raise PostError on failure."""

    def find_posted(self, channel: str, key: str, since: datetime) -> tuple[str, str] | None:
        """(channel id, ts) of an earlier post with this key, or None. May raise PostError."""


class ConsolePoster:
    """Prints reminders to the terminal: for running without Slack tokens."""

    def post(self, outgoing: Outgoing) -> tuple[str, str]:
        print(f"[{outgoing.channel}] {notice_text(outgoing.notice)}", flush=True)
        return outgoing.channel, f"console-{outgoing.key}"

    def find_posted(self, channel: str, key: str, since: datetime) -> tuple[str, str] | None:  # noqa: ARG002
        return None  # the terminal keeps no history to look in
