"""Slack's Socket Mode endpoint on loopback, speaking the envelope protocol over WebSocket:
on connect it sends `hello`; `send(...)` wraps a payload in an envelope
(`{"envelope_id", "type", "payload", "accepts_response_payload", "retry_attempt"}`) and
records the client's acknowledgement (`{"envelope_id", "payload"?}`).

Point FakeSlack's `ws_url` at `url`, so apps.connections.open hands it out.
"""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve


class FakeSocketMode:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.acks: dict[str, dict[str, Any]] = {}  # envelope_id → what the app sent back
        self.connected = threading.Event()
        self._connection: ServerConnection | None = None
        # No compression: the SDK's built-in client does not negotiate it.
        self._server = serve(self._handle, "127.0.0.1", 0, compression=None, ping_interval=None)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        port = self._server.socket.getsockname()[1]
        return f"ws://127.0.0.1:{port}/link/?ticket=fake"

    def start(self) -> FakeSocketMode:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()

    def send(
        self,
        payload: dict[str, Any],
        kind: str = "events_api",
        retry_attempt: int = 0,
        accepts_response_payload: bool = False,
    ) -> str:
        """Deliver one envelope; returns its envelope_id."""
        if not self.connected.wait(30) or self._connection is None:
            raise AssertionError("the app never connected over Socket Mode")
        envelope_id = str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": accepts_response_payload,
            "retry_attempt": retry_attempt,
            "retry_reason": "timeout" if retry_attempt else "",
        }
        self._connection.send(json.dumps(envelope))
        return envelope_id

    def ack_for(self, envelope_id: str) -> dict[str, Any] | None:
        with self.lock:
            return self.acks.get(envelope_id)

    def _handle(self, connection: ServerConnection) -> None:
        self._connection = connection
        connection.send(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": 1,
                    "debug_info": {"host": "fake", "approximate_connection_time": 3600},
                    "connection_info": {"app_id": "A0FAKE"},
                }
            )
        )
        self.connected.set()
        try:
            for raw in connection:
                message = json.loads(raw)
                if "envelope_id" in message:
                    with self.lock:
                        self.acks[message["envelope_id"]] = message
        except ConnectionClosed:
            pass
