"""An LLM answer shown while it is written, without ever holding up the writing.

The generation loop only hands over the text so far (`offer`: no Slack call, no waiting);
a thread of our own sends it. In a thread (streamed messages are always replies) that is
Slack's native stream: chat.startStream, then chat.appendStream with what is new; elsewhere,
or when Slack refuses the stream, chat.update of the progress message at most once per
interval. One call is in flight at a time and what arrives meanwhile goes out together in
the next one, so a slow Slack never builds a queue. A 429 pauses this thread for
Retry-After: no automatic retries pile up, no edits storm after it. `finish` stops the
stream with the sources and feedback buttons; the checked answer replaces the streamed text
(chat.update) only when the citation check changed it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.conversation import Conversation
from bot.slack.views.blocks import Block, SlackMessage, partial_message
from bot.text import plain, safe_cut

log = logging.getLogger(__name__)
NATIVE, EDIT, OFF = "native", "edit", "off"
CHUNK_CHARS = 12_000  # Slack's limit on markdown_text per stream call
MAX_PAUSE = 60.0  # a Retry-After beyond this is read as this


class LiveAnswer:
    def __init__(
        self,
        client: WebClient,
        conv: Conversation,
        progress_ts: str,
        *,
        interval: float,
        team_id: str | None,
        on_moved: Callable[[str], None],
    ) -> None:
        self.client = client  # the app's client, for the final calls
        self.conv = conv
        self.interval = interval
        self.team_id = team_id
        self.on_moved = on_moved  # called with the stream's ts once it replaced the progress message
        self._quiet = quiet_client(client)
        self._mode = NATIVE if conv.reply_thread else EDIT
        self._target = progress_ts  # the message chat.update edits
        self._stream_ts: str | None = None
        self._cond = threading.Condition()
        self._latest = ""  # the raw text so far
        self._handled = ""  # what the thread last took up
        self._sent = 0  # characters of the raw text that are in the stream
        self._last = float("-inf")
        self._not_before = 0.0
        self._closed = False
        self._thread: threading.Thread | None = None

    # -- the generation loop's side ------------------------------------------------------------

    def offer(self, raw: str) -> None:
        with self._cond:
            self._latest = raw
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="slack-stream", daemon=True)
                self._thread.start()
            self._cond.notify()

    # -- the sending thread ------------------------------------------------------------------

    def _run(self) -> None:
        while (text := self._next()) is not None:
            try:
                self._send(text)
            except Exception:  # never let a display problem end in a traceback on this thread
                log.warning("tussentijdse weergave mislukt; verder zonder", exc_info=True)
                self._mode = OFF

    def _next(self) -> str | None:
        """The text to show next, once it is due; None when finished."""
        with self._cond:
            while not self._closed and self._mode != OFF:
                ready = self._ready()
                due = max(self._not_before, self._last + self.interval)
                now = time.monotonic()
                if ready != self._handled and now >= due:
                    self._handled = ready
                    self._last = now
                    return ready
                self._cond.wait(timeout=due - now if ready != self._handled else None)
        return None

    def _ready(self) -> str:
        """Native streams get whole words only, so no escape or mention is ever cut in two."""
        if self._mode != NATIVE:
            return self._latest
        end = max(self._latest.rfind(" "), self._latest.rfind("\n"))
        return self._latest[: end + 1]

    def _send(self, text: str) -> None:
        try:
            if self._mode == NATIVE:
                self._append(text)
            elif text.strip():
                message = partial_message(text)
                self._quiet.chat_update(
                    channel=self.conv.channel, ts=self._target, text=message.text, blocks=message.blocks
                )
        except SlackApiError as exc:
            self._refused(exc)

    def _append(self, text: str) -> None:
        delta = text[self._sent :][:CHUNK_CHARS]
        if not delta.strip():
            return
        if self._stream_ts is None:
            started = self._quiet.chat_startStream(
                channel=self.conv.channel,
                thread_ts=str(self.conv.reply_thread),
                recipient_user_id=self.conv.user or None,
                recipient_team_id=self.team_id,
                markdown_text=plain(delta),
            )
            self._stream_ts = self._target = str(started["ts"])
            self._sent += len(delta)
            self.on_moved(self._stream_ts)
            return
        self._quiet.chat_appendStream(
            channel=self.conv.channel, ts=self._stream_ts, markdown_text=plain(delta)
        )
        self._sent += len(delta)

    def _refused(self, exc: SlackApiError) -> None:
        error = exc.response.get("error")
        if exc.response.status_code == 429:
            pause = min(retry_after(exc.response.headers), MAX_PAUSE)
            log.info("Slack remt de weergave af (429): %.0f s pauze", pause)
            with self._cond:
                self._not_before = time.monotonic() + pause
                self._handled = ""  # what was not sent goes with the next call
            return
        if self._mode == NATIVE and self._stream_ts is None:
            log.info("geen native stream (%s): het bericht wordt bijgewerkt", error)
            self._mode = EDIT
            with self._cond:
                self._handled = ""
            return
        log.warning("tussentijdse weergave geweigerd (%s); verder zonder", error)
        self._mode = OFF

    # -- the end ---------------------------------------------------------------------------------

    def close(self) -> str:
        """Stop showing partial text; the ts of the message that holds the answer."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout=float(self._quiet.timeout) + 1)
        return self._target

    def finish(self, message: SlackMessage, stop_blocks: list[Block], checked: str) -> str:
        """Show the final answer; `checked` is its text. When the stream so far begins it,
        the stop adds the rest; otherwise (the citation check changed the text) the checked
        answer replaces the streamed one."""
        ts = self.close()
        if self._stream_ts is None:
            self._await_pause()  # Slack asked for a pause on chat.update: this is one too
            self._update(ts, message)
            return ts
        streamed = self._latest[: self._sent]
        exact = bool(checked) and checked.startswith(streamed)
        stopped = self._stop(stop_blocks, rest=checked[len(streamed) :] if exact else "")
        if not stopped or not exact:
            self._update(ts, message)
        return ts

    def abort(self) -> str:
        """An error ends the answer: end the stream so its message can be edited."""
        ts = self.close()
        if self._stream_ts is not None:
            self._stop([], rest="")
        return ts

    def _stop(self, blocks: list[Block], rest: str) -> bool:
        rest = rest[: safe_cut(rest, CHUNK_CHARS)]
        try:
            self.client.chat_stopStream(
                channel=self.conv.channel,
                ts=str(self._stream_ts),
                markdown_text=plain(rest) if rest.strip() else None,
                blocks=blocks or None,
            )
            return True
        except Exception:
            log.warning("stream niet afgesloten; het bericht wordt bijgewerkt", exc_info=True)
            return False

    def _await_pause(self) -> None:
        pause = min(self._not_before - time.monotonic(), MAX_PAUSE)
        if pause > 0:
            time.sleep(pause)

    def _update(self, ts: str, message: SlackMessage) -> None:
        self.client.chat_update(channel=self.conv.channel, ts=ts, text=message.text, blocks=message.blocks)


def quiet_client(client: WebClient) -> WebClient:
    """The same token and Slack, without automatic retries: they would sleep and resend what
    the next call sends anyway, and an append is not safe to repeat."""
    return WebClient(token=client.token, base_url=client.base_url, timeout=client.timeout)


def retry_after(headers: dict[str, Any]) -> float:
    for name, value in (headers or {}).items():
        if name.lower() == "retry-after":
            raw = value[0] if isinstance(value, list) else value
            try:
                return max(float(raw), 1.0)
            except (TypeError, ValueError):
                break
    return 1.0
