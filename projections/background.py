"""Following the event store from inside another process (the API): a daemon thread that
runs `Projector.follow`, woken by `wake()` after each command."""

from __future__ import annotations

import logging
import threading

from projections.projector import Lag, Projector

log = logging.getLogger(__name__)


class BackgroundProjector:
    def __init__(self, projector: Projector, poll_interval: float = 0.5) -> None:
        self.projector = projector
        self.poll_interval = poll_interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.applied = 0  # events applied since start, for metrics

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> BackgroundProjector:
        if self.running:
            return self
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="goodwill-projector",
                                        daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        def count(applied: int) -> None:
            self.applied += applied

        try:
            self.projector.follow(self._stop, self.poll_interval, on_batch=count)
        except Exception:  # a bug, not an outage (outages are retried inside follow)
            log.exception("projector stopped")
            raise

    def wake(self) -> None:
        """Call after a command: the new events reach the graph without waiting a poll."""
        self.projector.wake()

    def lag(self) -> Lag:
        return self.projector.lag()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self.projector.wake()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def __enter__(self) -> BackgroundProjector:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
