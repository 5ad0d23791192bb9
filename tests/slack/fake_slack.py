"""A local stand-in for Slack's servers, at the HTTP boundary: the Web API, response_urls
and a Socket Mode WebSocket endpoint. It records every call and can be told to fail.

    fake = FakeSlack().start()
    settings = Settings(slack_api_url=fake.api_url, ...)
    fake.fail("chat.update", "429")      # the next chat.update answers HTTP 429
    fake.wait_for(lambda: fake.calls_to("chat.update"))

Messages posted or updated through the API are kept per channel, so conversations.replies
answers with a realistic thread (user messages can be added with `add_user_message`).
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

BOT_USER_ID = "U0BOT0001"
BOT_ID = "B0BOT0001"
TEAM_ID = "T0TEAM001"


@dataclass
class Call:
    method: str  # "chat.postMessage", … or "response_url" for posts to a response_url
    params: dict[str, Any]
    headers: dict[str, str]
    path: str
    status: int = 0  # what the fake answered
    at: float = 0.0  # time.monotonic() when it arrived
    result: dict[str, Any] | None = None

    @property
    def ts(self) -> str:
        """The ts Slack gave a posted message."""
        assert self.result and self.result.get("ok"), f"{self.method} did not succeed: {self.result}"
        return str(self.result["ts"])

    def __getitem__(self, key: str) -> Any:
        return self.params[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.params.get(key, default)

    @property
    def blocks(self) -> list[dict[str, Any]]:
        blocks = self.params.get("blocks") or []
        return json.loads(blocks) if isinstance(blocks, str) else blocks

    @property
    def all_text(self) -> str:
        """The fallback text and every text in the blocks, for easy assertions."""
        return self.get("text", "") + "\n" + "\n".join(_texts(self.blocks))


def _texts(value: Any) -> list[str]:
    if isinstance(value, dict):
        out = [value["text"]] if isinstance(value.get("text"), str) else []
        return out + [t for v in value.values() if isinstance(v, dict | list) for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


class FakeSlack:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls: list[Call] = []
        self.failures: dict[str, deque[str]] = defaultdict(deque)
        self.messages: dict[str, list[dict[str, Any]]] = defaultdict(list)  # channel → messages
        self.ws_url: str | None = None  # what apps.connections.open hands out
        self.private_channels: set[str] = set()  # conversations.info says is_private
        self.outside: set[str] = set()  # channels the bot is not a member of (conversations.info)
        self.members: dict[str, set[str]] = {}  # channel → user ids (conversations.members)
        self.shared_channels: dict[str, list[str]] = {}  # Slack Connect channel → its team ids
        self.uploads: dict[str, dict[str, Any]] = {}
        self.canvases: dict[
            str, dict[str, Any]
        ] = {}  # canvas id → title, markdown, access  # file id → filename, length, content, shared
        self._ts = 1_700_000_000
        self._released = threading.Event()  # lets "held" calls answer
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # -- lifecycle and addresses ---------------------------------------------------------

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.base}/response/{name}"

    # -- test controls ---------------------------------------------------------------------

    def fail(self, method: str, *kinds: str) -> None:
        """Queue failures for the next calls of `method`: "429", "500" (nothing done),
        "500-done" (done, but the answer is HTTP 500), "error:<name>", "slow:<seconds>"
        (answers normally after that delay), "held" (answers normally once `release()` is
        called: a call in flight for exactly as long as a test needs) or "hang:<seconds>"
        (then 500, nothing done)."""
        with self.lock:
            self.failures[method].extend(kinds)

    def release(self) -> None:
        self._released.set()

    def next_ts(self) -> str:
        with self.lock:
            self._ts += 1
            return f"{self._ts}.000100"

    def add_user_message(
        self, channel: str, text: str, user: str, thread_ts: str | None = None, ts: str | None = None
    ) -> str:
        ts = ts or self.next_ts()
        message = {"type": "message", "user": user, "text": text, "ts": ts}
        if thread_ts:
            message["thread_ts"] = thread_ts
        with self.lock:
            self.messages[channel].append(message)
        return ts

    def calls_to(self, method: str, **match: Any) -> list[Call]:
        with self.lock:
            calls = list(self.calls)
        return [
            c for c in calls if c.method == method and all(c.params.get(k) == v for k, v in match.items())
        ]

    def calls_since(self, mark: int) -> list[Call]:
        with self.lock:
            return list(self.calls[mark:])

    def mark(self) -> int:
        with self.lock:
            return len(self.calls)

    def wait_for(self, condition: Callable[[], Any], timeout: float = 90.0) -> Any:
        """Poll until `condition()` is truthy; its value, or AssertionError after `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(
            f"nothing arrived within {timeout} s; calls: {[c.method for c in self.calls_since(0)]}"
        )

    # -- the Web API ------------------------------------------------------------------------

    def handle(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        with self.lock:
            failure = self.failures[method].popleft() if self.failures[method] else None
        if failure == "429":
            return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"}
        if failure == "500":
            return 500, {"ok": False, "error": "internal_error"}, {}
        if failure and failure.startswith("error:"):
            return 200, {"ok": False, "error": failure.split(":", 1)[1]}, {}
        if failure and failure.startswith("hang:"):
            time.sleep(float(failure.split(":", 1)[1]))
            return 500, {"ok": False, "error": "internal_error"}, {}
        if failure == "held" and not self._released.wait(timeout=300):
            return 500, {"ok": False, "error": "internal_error"}, {}
        if failure and failure.startswith("slow:"):
            time.sleep(float(failure.split(":", 1)[1]))  # a slow Slack, as seen by the app
        api = getattr(self, "_" + method.replace(".", "_"), None)
        result = api(params) if api is not None else {"ok": True}  # e.g. reactions.add, views.publish
        if failure == "500-done":
            return 500, {"ok": False, "error": "internal_error"}, {}
        return 200, result, {}

    def respond_url(self) -> tuple[int, dict[str, Any], dict[str, str]]:
        """A response_url: fail("response_url", "404") makes the next one expired."""
        with self.lock:
            failure = self.failures["response_url"].popleft() if self.failures["response_url"] else None
        if failure == "404":
            return 404, {"ok": False, "error": "expired_url"}, {}
        return 200, {"ok": True}, {}

    def _auth_test(self, _params: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://fake.slack.com/",
            "team": "Fake",
            "user": "samenwerkbot",
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
        }

    def _apps_connections_open(self, _params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": self.ws_url} if self.ws_url else {"ok": False, "error": "no_ws"}

    def _chat_postMessage(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        ts = self.next_ts()
        message = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "ts": ts,
            "text": params.get("text", ""),
            "blocks": params.get("blocks"),
        }
        if params.get("thread_ts"):
            message["thread_ts"] = params["thread_ts"]
        if params.get("metadata"):
            meta = params["metadata"]
            message["metadata"] = json.loads(meta) if isinstance(meta, str) else meta
        with self.lock:
            self.messages[params["channel"]].append(message)
        return {"ok": True, "channel": params["channel"], "ts": ts, "message": message}

    def _chat_update(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            for message in self.messages[params["channel"]]:
                if message["ts"] == params["ts"]:
                    message.update(text=params.get("text", ""), blocks=params.get("blocks"))
                    return {"ok": True, "channel": params["channel"], "ts": params["ts"]}
        return {"ok": False, "error": "message_not_found"}

    # Native streaming (chat.startStream / appendStream / stopStream), with the rules Slack
    # documents: a stream is a reply (thread_ts), in a channel it names its recipient, text
    # goes as markdown_text or chunks (≤ 12,000 characters), and a stopped stream takes no more.

    def _chat_startStream(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        channel = params.get("channel", "")
        if not channel or not params.get("thread_ts"):
            return {"ok": False, "error": "invalid_arguments"}
        in_channel = channel[:1] in ("C", "G")
        if in_channel and not (params.get("recipient_user_id") and params.get("recipient_team_id")):
            return {"ok": False, "error": "missing_recipient_team_id"}
        text = _stream_text(params)
        if text is None:
            return {"ok": False, "error": "msg_too_long"}
        ts = self.next_ts()
        message = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "ts": ts, "text": text}
        message.update(thread_ts=params["thread_ts"], streaming=True, blocks=None)
        with self.lock:
            self.messages[channel].append(message)
        return {"ok": True, "channel": channel, "ts": ts}

    def _chat_appendStream(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        text = _stream_text(params)
        if not text:
            return {"ok": False, "error": "invalid_arguments" if text == "" else "msg_too_long"}
        return self._streaming(params, lambda m: m.update(text=m["text"] + text))

    def _chat_stopStream(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        text = _stream_text(params)
        if text is None:
            return {"ok": False, "error": "msg_too_long"}
        blocks = params.get("blocks")
        blocks = json.loads(blocks) if isinstance(blocks, str) else blocks

        def stop(message: dict[str, Any]) -> None:
            message.update(text=message["text"] + text, streaming=False, blocks=blocks)

        return self._streaming(params, stop)

    def _streaming(self, params: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        with self.lock:
            for message in self.messages[params.get("channel", "")]:
                if message["ts"] == params.get("ts"):
                    if not message.get("streaming"):
                        return {"ok": False, "error": "message_not_in_streaming_state"}
                    change(message)
                    return {"ok": True, "channel": params["channel"], "ts": params["ts"]}
        return {"ok": False, "error": "message_not_found"}

    def message(self, channel: str, ts: str) -> dict[str, Any] | None:
        with self.lock:
            return next((dict(m) for m in self.messages[channel] if m["ts"] == ts), None)

    def _chat_delete(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            kept = [m for m in self.messages[params["channel"]] if m["ts"] != params["ts"]]
            found = len(kept) != len(self.messages[params["channel"]])
            self.messages[params["channel"]] = kept
        return (
            {"ok": True, "channel": params["channel"], "ts": params["ts"]}
            if found
            else {
                "ok": False,
                "error": "message_not_found",
            }
        )

    def _chat_postEphemeral(self, _params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        return {"ok": True, "message_ts": self.next_ts()}

    def _conversations_replies(self, params: dict[str, Any]) -> dict[str, Any]:
        ts = params["ts"]
        with self.lock:
            thread = [
                dict(m) for m in self.messages[params["channel"]] if m["ts"] == ts or m.get("thread_ts") == ts
            ]
        return {"ok": True, "messages": thread, "has_more": False}

    def _conversations_history(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.lock:  # top-level messages, newest first, as Slack answers
            top = [dict(m) for m in self.messages[params["channel"]] if "thread_ts" not in m]
        return {"ok": True, "messages": top[::-1][: int(params.get("limit") or 100)], "has_more": False}

    # files.upload_v2 = files.getUploadURLExternal → POST the bytes → files.completeUploadExternal,
    # with the checks Slack documents: filename and length are required, the length must match.

    def _files_getUploadURLExternal(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        if not params.get("filename") or not str(params.get("length", "")).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        with self.lock:
            file_id = f"F0FAKE{len(self.uploads) + 1:04d}"
            self.uploads[file_id] = {"filename": params["filename"], "length": int(params["length"])}
        return {"ok": True, "upload_url": f"{self.base}/upload/v1/{file_id}", "file_id": file_id}

    def receive_upload(self, file_id: str, content: bytes) -> tuple[int, bytes]:
        with self.lock:
            pending = self.uploads.get(file_id)
            if pending is None:
                return 404, b"not found"
            pending["content"] = content
        return 200, f"OK - {len(content)}".encode()

    def _files_completeUploadExternal(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        files = params.get("files")
        files = json.loads(files) if isinstance(files, str) else files or []
        done = []
        with self.lock:
            for item in files:
                pending = self.uploads.get(item.get("id", ""))
                if pending is None or len(pending.get("content", b"")) != pending["length"]:
                    return {
                        "ok": False,
                        "error": "file_not_found" if pending is None else "file_upload_incomplete",
                    }
                pending.update(
                    title=item.get("title"),
                    channel_id=params.get("channel_id"),
                    initial_comment=params.get("initial_comment"),
                    thread_ts=params.get("thread_ts"),
                )
                done.append({"id": item["id"], "title": item.get("title"), "name": pending["filename"]})
        return {"ok": True, "files": done}

    # The assistant panel: Slack answers {"ok": true}; a thread_ts that is not an assistant
    # thread would be refused, which the app must survive (tested with `fail`).

    def _assistant_threads_setStatus(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        return _needs(params, "channel_id", "thread_ts", "status")

    def _assistant_threads_setSuggestedPrompts(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        prompts = params.get("prompts")
        prompts = json.loads(prompts) if isinstance(prompts, str) else prompts
        well_formed = isinstance(prompts, list) and 0 < len(prompts) <= 4
        if not well_formed or not all(p.get("title") and p.get("message") for p in prompts):
            return {"ok": False, "error": "invalid_arguments"}
        return _needs(params, "channel_id", "thread_ts", "prompts")

    def _assistant_threads_setTitle(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        return _needs(params, "channel_id", "thread_ts", "title")

    # Canvases: canvases.create takes a title and document_content {"type": "markdown", …};
    # canvases.access.set grants read/write to channel_ids or user_ids (one kind per call).

    def _canvases_create(self, params: dict[str, Any]) -> dict[str, Any]:
        content = params.get("document_content")
        content = json.loads(content) if isinstance(content, str) else content
        if content is not None and (
            content.get("type") != "markdown" or not isinstance(content.get("markdown"), str)
        ):
            return {"ok": False, "error": "invalid_arguments"}
        with self.lock:
            canvas_id = f"F0CANVAS{len(self.canvases) + 1:03d}"
            self.canvases[canvas_id] = {
                "title": params.get("title"),
                "markdown": (content or {}).get("markdown"),
            }
        return {"ok": True, "canvas_id": canvas_id}

    def _canvases_access_set(self, params: dict[str, Any]) -> dict[str, Any]:
        channels, users = (_id_list(params.get(k)) for k in ("channel_ids", "user_ids"))
        level = params.get("access_level")
        if params.get("canvas_id") not in self.canvases or level not in ("read", "write", "owner"):
            return {"ok": False, "error": "canvas_not_found" if level else "invalid_arguments"}
        if bool(channels) == bool(users):
            return {"ok": False, "error": "invalid_arguments"}
        with self.lock:
            access = self.canvases[params["canvas_id"]].setdefault("access", {})
            for who in channels + users:
                access[who] = level
        return {"ok": True}

    def _views_open(self, params: dict[str, Any]) -> dict[str, Any]:
        view = params.get("view")
        view = dict(json.loads(view) if isinstance(view, str) else view)
        return {"ok": True, "view": {**view, "id": "V" + self.next_ts().replace(".", "")}}

    def _conversations_info(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = params["channel"]
        is_im = channel.startswith("D")
        private = channel in self.private_channels or channel.startswith("G")
        member = not is_im and channel not in self.outside
        info: dict[str, Any] = {
            "id": channel,
            "is_im": is_im,
            "is_private": private or is_im,
            "is_member": member,
        }
        teams = self.shared_channels.get(channel)
        if teams:  # as Slack describes a Slack Connect channel (conversations.info)
            info |= {
                "is_shared": True,
                "is_ext_shared": True,
                "context_team_id": TEAM_ID,
                "conversation_host_id": teams[0],
                "connected_team_ids": list(teams),
                "shared_team_ids": [TEAM_ID],
            }
        return {"ok": True, "channel": info}

    def _conversations_open(self, params: dict[str, Any]) -> dict[str, Any]:
        """The bot's DM with one user: the same D-id every time, as Slack answers."""
        users = str(params.get("users") or "")
        if not users or "," in users:
            return {"ok": False, "error": "invalid_arguments"}
        return {"ok": True, "channel": {"id": "D" + users[1:], "is_im": True}}

    def _conversations_members(self, params: dict[str, Any]) -> dict[str, Any]:
        """Members of a channel the test declared; any other channel: the bot is not in it."""
        with self.lock:
            members = self.members.get(params["channel"])
        if members is None:
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "members": sorted(members), "response_metadata": {"next_cursor": ""}}


def _id_list(value: Any) -> list[str]:
    """Slack takes a list of ids as a JSON array or as comma-separated text."""
    if isinstance(value, str):
        value = json.loads(value) if value.startswith("[") else value.split(",")
    return [v for v in value or [] if v]


def _stream_text(params: dict[str, Any]) -> str | None:
    """The text of a stream call ("" when none, None when over Slack's limit)."""
    chunks = params.get("chunks")
    chunks = json.loads(chunks) if isinstance(chunks, str) else chunks or []
    text = (params.get("markdown_text") or "") + "".join(
        c.get("text", "") for c in chunks if c.get("type") == "markdown_text"
    )
    return None if len(text) > 12_000 else text


def _needs(params: dict[str, Any], *names: str) -> dict[str, Any]:
    missing = [n for n in names if not params.get(n)]
    return {"ok": False, "error": "invalid_arguments"} if missing else {"ok": True}


def _handler(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:  # noqa: N802 — http.server naming
            url = urlparse(self.path)
            self._answer(url.path, {k: v[0] for k, v in parse_qs(url.query).items()})

        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path.startswith("/upload/v1/"):  # step 2 of files.upload_v2: raw bytes
                with fake.lock:
                    fake.calls.append(Call("upload", {"bytes": len(body)}, dict(self.headers), self.path))
                status, answer = fake.receive_upload(self.path.rsplit("/", 1)[-1], body)
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
                return
            raw = body.decode("utf-8")
            if "json" in (self.headers.get("Content-Type") or ""):
                params = json.loads(raw or "{}")
            else:
                params = {k: v[0] for k, v in parse_qs(raw).items()}
            self._answer(urlparse(self.path).path, params)

        def _answer(self, path: str, params: dict[str, Any]) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            method = "response_url" if path.startswith("/response/") else path.rsplit("/", 1)[-1]
            call = Call(method, params, headers, path, at=time.monotonic())
            with fake.lock:
                fake.calls.append(call)
            if method == "response_url":
                status, body, extra = fake.respond_url()
            else:
                status, body, extra = fake.handle(method, params)
            call.status, call.result = status, body
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            try:
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped waiting (the timeout tests): the call is recorded above

    return Handler
