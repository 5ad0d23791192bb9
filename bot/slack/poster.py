"""The Slack poster: implements jobs' delivery interface (jobs/poster.py) with slack_sdk.

Renders each `Notice` to Block Kit (views/reminders.py) and posts it with message metadata
that carries the outbox key, so a post whose outcome is unknown can be found again.
"""

from __future__ import annotations

import logging
from datetime import datetime
from http.client import HTTPException
from typing import TYPE_CHECKING, Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.slack.views.reminders import render_notice
from jobs.poster import METADATA_EVENT, ConsolePoster, Outgoing, Poster, PostError

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)

# Errors that another attempt will not fix: the reminder is marked "mislukt" and logged.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "channel_is_archived",
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "no_permission",
        "missing_scope",
        "restricted_action",
        "invalid_blocks",
        "invalid_blocks_format",
        "msg_too_long",
        "no_text",
        "invalid_arguments",
        "invalid_metadata_format",
        "invalid_metadata_schema",
        "metadata_too_large",
    }
)


# -- posting to Slack ------------------------------------------------------------------------


class SlackPoster:
    """Posts with chat.postMessage; looks posts up again with conversations.history.

    The posting client retries only what Slack certainly did not process (HTTP 429). Other
    failures go back to the outbox, which checks the channel for our metadata key before it
    posts again, so a lost response never becomes a second message.
    """

    def __init__(
        self,
        token: str,
        base_url: str = "https://slack.com/api/",
        *,
        timeout: int = 15,
    ) -> None:
        base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.post_client = WebClient(
            token=token,
            base_url=base_url,
            timeout=timeout,
            retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=3)],
        )
        # Reads are safe to repeat, so that client retries connection and server errors too.
        self.read_client = WebClient(
            token=token,
            base_url=base_url,
            timeout=timeout,
            retry_handlers=[
                RateLimitErrorRetryHandler(max_retry_count=3),
                ConnectionErrorRetryHandler(max_retry_count=2),
                ServerErrorRetryHandler(max_retry_count=2),
            ],
        )

    def post(self, outgoing: Outgoing) -> tuple[str, str]:
        message = render_notice(outgoing.notice)
        try:
            response = self.post_client.chat_postMessage(
                channel=outgoing.channel,
                text=message.text,
                blocks=message.blocks,
                metadata={"event_type": METADATA_EVENT, "event_payload": outgoing.metadata},
                unfurl_links=False,
            )
        except SlackApiError as exc:
            raise _api_error(exc) from exc
        except (URLError, HTTPException, OSError) as exc:
            raise PostError(f"verbinding met Slack mislukt: {exc}", retryable=True, uncertain=True) from exc
        return str(response["channel"]), str(response["ts"])

    def find_posted(self, channel: str, key: str, since: datetime) -> tuple[str, str] | None:
        try:
            response = self.read_client.conversations_history(
                channel=channel,
                oldest=f"{since.timestamp():.6f}",
                include_all_metadata=True,
                limit=200,
            )
        except SlackApiError as exc:
            raise _api_error(exc) from exc
        except (URLError, HTTPException, OSError) as exc:
            raise PostError(f"verbinding met Slack mislukt: {exc}", retryable=True) from exc
        for message in response.get("messages") or []:
            metadata: dict[str, Any] = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == METADATA_EVENT and payload.get("key") == key:
                return str(response.get("channel") or channel), str(message["ts"])
        return None


def _api_error(exc: SlackApiError) -> PostError:
    error = str(exc.response.get("error") or "onbekende fout")
    status = exc.response.status_code
    permanent = error in PERMANENT_ERRORS
    # A 5xx answer leaves open whether Slack stored the message.
    return PostError(f"Slack: {error} (HTTP {status})", retryable=not permanent, uncertain=status >= 500)


def build_poster(settings: Settings) -> Poster:
    if settings.slack_bot_token:
        return SlackPoster(settings.slack_bot_token, settings.slack_api_url)
    log.info("geen SLACK_BOT_TOKEN: herinneringen verschijnen in de terminal")
    return ConsolePoster()
