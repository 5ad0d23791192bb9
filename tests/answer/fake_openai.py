"""A scripted chat-completions server on loopback: the remote LLM, mocked at the HTTP boundary.

Speaks the OpenAI chat-completions API (`POST /v1/chat/completions`, JSON or SSE when the
request says `"stream": true`) and Ollama's native `POST /api/chat` (NDJSON), so the real
LangChain clients run end to end. Every request is recorded; replies come from a script.

    with FakeOpenAI() as fake:
        fake.add(Reply("De gemeenten werken samen [1]."))
        settings = Settings(llm_base_url=fake.base_url, llm_model="test", ...)
        ...
        assert fake.requests[0].body["messages"][0]["role"] == "system"

Reusable by other test packages (e.g. Slack streaming to chat.update): import this module.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODEL = "fake-model"


@dataclass(frozen=True)
class Reply:
    """One scripted response."""

    content: str = ""
    status: int = 200  # anything but 200 is sent as an OpenAI-style error body
    delay: float = 0.0  # seconds to wait before answering (to run past a client timeout)
    body: str | None = None  # sent verbatim with status 200 (e.g. malformed JSON)
    chunk_size: int = 8  # characters per streamed chunk
    chunk_delay: float = 0.0  # seconds between streamed chunks


@dataclass(frozen=True)
class RecordedRequest:
    path: str
    headers: dict[str, str]  # names lower-cased
    body: Any  # parsed JSON, or the raw text when it was not JSON

    @property
    def messages(self) -> list[dict[str, Any]]:
        return self.body["messages"]


@dataclass
class _Script:
    replies: deque[Reply] = field(default_factory=deque)
    requests: list[RecordedRequest] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)


class FakeOpenAI:
    """Start with `start()` or `with`; `base_url` for OpenAI clients, `ollama_url` for Ollama."""

    def __init__(self) -> None:
        self._script = _Script()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.script = self._script  # type: ignore[attr-defined]
        # A short poll interval keeps shutdown (once per test) from costing half a second.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def ollama_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base_url(self) -> str:
        return f"{self.ollama_url}/v1"

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._script.lock:
            return list(self._script.requests)

    def add(self, *replies: Reply | str, times: int = 1) -> None:
        """Queue replies (a str is a plain 200 reply), each `times` times, in order."""
        with self._script.lock:
            for reply in replies:
                reply = Reply(reply) if isinstance(reply, str) else reply
                self._script.replies.extend([reply] * times)

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._script.stopping.set()  # cuts scripted delays short
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeOpenAI/1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - base signature
        pass  # keep test output quiet

    @property
    def script(self) -> _Script:
        return self.server.script  # type: ignore[attr-defined]

    def do_POST(self) -> None:  # noqa: N802 - http.server naming
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
        try:
            body: Any = json.loads(raw)
        except json.JSONDecodeError:
            body = raw
        headers = {name.lower(): value for name, value in self.headers.items()}
        with self.script.lock:
            self.script.requests.append(RecordedRequest(self.path, headers, body))
            reply = self.script.replies.popleft() if self.script.replies else None
        if reply is None:
            return self._send_json(500, {"error": {"message": "fake: no scripted reply left"}})
        if reply.delay and self.script.stopping.wait(reply.delay):
            return
        try:
            self._respond(reply, body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test); nothing to answer any more

    def _respond(self, reply: Reply, body: Any) -> None:
        ollama = self.path.rstrip("/").endswith("/api/chat")
        stream = isinstance(body, dict) and body.get("stream", ollama)  # Ollama streams by default
        if reply.status != 200:
            self._send_json(reply.status, {"error": {"message": "fake error", "type": "server"}})
        elif reply.body is not None:
            self._send_raw(200, reply.body.encode("utf-8"), "application/json")
        elif ollama:
            self._ollama(reply, bool(stream))
        elif stream:
            self._openai_stream(reply)
        else:
            self._send_json(200, _completion(reply.content))

    def _send_json(self, status: int, payload: Any) -> None:
        self._send_raw(status, json.dumps(payload).encode("utf-8"), "application/json")

    def _send_raw(self, status: int, data: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _stream_lines(self, content_type: str, lines: list[str], reply: Reply) -> None:
        # HTTP/1.0 without Content-Length: closing the connection ends the body.
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.end_headers()
        for line in lines:
            self.wfile.write(line.encode("utf-8"))
            self.wfile.flush()
            if reply.chunk_delay and self.script.stopping.wait(reply.chunk_delay):
                return

    def _openai_stream(self, reply: Reply) -> None:
        events = [_chunk({"role": "assistant", "content": ""})]
        events += [_chunk({"content": piece}) for piece in _pieces(reply)]
        events.append(_chunk({}, finish_reason="stop"))
        lines = [f"data: {json.dumps(e)}\n\n" for e in events] + ["data: [DONE]\n\n"]
        self._stream_lines("text/event-stream", lines, reply)

    def _ollama(self, reply: Reply, stream: bool) -> None:
        if not stream:
            return self._send_json(200, _ollama_message(reply.content, done=True))
        lines = [json.dumps(_ollama_message(piece, done=False)) + "\n" for piece in _pieces(reply)]
        lines.append(json.dumps(_ollama_message("", done=True)) + "\n")
        self._stream_lines("application/x-ndjson", lines, reply)


def _pieces(reply: Reply) -> list[str]:
    size = max(1, reply.chunk_size)
    return [reply.content[i : i + size] for i in range(0, len(reply.content), size)]


def _completion(content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": MODEL,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": MODEL,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
    }


def _ollama_message(content: str, *, done: bool) -> dict[str, Any]:
    message: dict[str, Any] = {
        "model": MODEL,
        "created_at": "2026-01-01T00:00:00Z",
        "message": {"role": "assistant", "content": content},
        "done": done,
    }
    if done:
        message["done_reason"] = "stop"
    return message
