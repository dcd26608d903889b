"""A minimal `graphql-transport-ws` client over a real WebSocket (the `websockets` library),
for the subscription tests."""

from __future__ import annotations

import contextlib
import itertools
import json
import time
from typing import Any

from websockets.sync.client import ClientConnection, connect

PROTOCOL = "graphql-transport-ws"


class Subscriptions:
    def __init__(self, url: str, token: str | None) -> None:
        ws_url = url.replace("http://", "ws://") + "/graphql"
        self._stack = contextlib.ExitStack()
        self.socket: ClientConnection = self._stack.enter_context(
            connect(ws_url, subprotocols=[PROTOCOL]))  # type: ignore[list-item]
        payload = {"authorization": f"Bearer {token}"} if token else {}
        self.socket.send(json.dumps({"type": "connection_init", "payload": payload}))
        assert json.loads(self.socket.recv(timeout=10))["type"] == "connection_ack"
        self._ids = itertools.count(1)

    def subscribe(self, query: str, variables: dict[str, Any] | None = None) -> str:
        ident = str(next(self._ids))
        self.socket.send(json.dumps({"id": ident, "type": "subscribe",
                                     "payload": {"query": query,
                                                 "variables": variables or {}}}))
        return ident

    def next_message(self, timeout: float) -> dict[str, Any]:
        """The next message other than a ping, within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            message = json.loads(self.socket.recv(timeout=max(0.0, deadline - time.monotonic())))
            if message["type"] == "ping":
                self.socket.send(json.dumps({"type": "pong"}))
                continue
            return message

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> Subscriptions:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
