"""The in-process projector: a background thread follows the event store into Neo4j, and a
mutation can wait (bounded) for its own event to reach the graph before answering."""

from __future__ import annotations

import threading
from typing import Any

from projector.projector import Projector


class ProjectorRunner:
    def __init__(self, projector: Projector, poll_s: float = 0.5) -> None:
        self.projector = projector
        self._poll_s = poll_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self.projector.follow, args=(self._stop,),
            kwargs={"poll_interval": self._poll_s}, name="projector", daemon=True,
        )
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self.projector.wake()
        if self._thread is not None:
            self._thread.join(timeout)

    def close(self, timeout: float = 30.0) -> bool:
        """Stop following and wait for any batch in flight; True when none runs."""
        self.stop(timeout)
        return self.projector.close(timeout)

    def wake(self) -> None:
        self.projector.wake()

    def catch_up(self) -> int:
        """Project everything recorded so far (the projector's lock keeps this and the
        follower from applying a batch twice)."""
        return self.projector.catch_up()

    def lag(self) -> int:
        return self.projector.lag().events_behind

    def lag_details(self) -> dict[str, Any]:
        return self.projector.lag().as_dict()

    def rebuild(self) -> int:
        return self.projector.rebuild()
