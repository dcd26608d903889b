"""The in-process projector: a background thread follows the event store into Neo4j, and a
mutation can wait (bounded) for its own event to reach the graph before answering.

On PostgreSQL several processes may serve one store and one graph: the runner projects only
while it holds the store's projector lease (`projector.lease`), and is woken by the store's
notifications (`projector.wakeups`) rather than by its poll interval."""

from __future__ import annotations

import threading
from typing import Any

from projector.lease import Lease, Unshared
from projector.projector import Projector
from projector.wakeups import StoreWakeups, can_listen


class ProjectorRunner:
    def __init__(self, projector: Projector, poll_s: float = 0.5,
                 lease: Lease | None = None, listen: bool = True) -> None:
        self.projector = projector
        self._poll_s = poll_s
        self.lease = lease or Unshared()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._wakeups = (StoreWakeups(projector.app.recorder, projector.wake)
                         if listen and can_listen(projector.app.recorder) else None)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def active(self) -> bool:
        """Whether this process projects now (it holds the lease); False on a standby."""
        return self.running and self.projector.active

    @property
    def standing_by(self) -> bool:
        """Following, but another process holds the lease and projects."""
        return self.running and self.lease.shared and not self.projector.active

    def start(self) -> None:
        if self._wakeups is not None:
            self._wakeups.start()
        self._thread = threading.Thread(
            target=self.projector.follow, args=(self._stop,),
            kwargs={"poll_interval": self._poll_s, "lease": self.lease},
            name="projector", daemon=True,
        )
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self.projector.wake()
        if self._wakeups is not None:
            self._wakeups.stop(timeout)
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
