"""Woken by the store, not by a clock: on PostgreSQL every insert of events NOTIFYs a
channel, and the library's subscription (`PostgresApplicationRecorder.subscribe`, LISTEN on
that channel) hands over each new notification as soon as its transaction commits. Each one
wakes the projector, so the lag from commit to graph is one batch, not a poll interval.

Other stores have no such channel; the projector polls them (`Projector.follow`)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from eventsourcing.persistence import Subscription
from eventsourcing.postgres import PostgresApplicationRecorder

log = logging.getLogger(__name__)

RETRY_S = 1.0  # after the subscription fails (PostgreSQL restarting): listen again


def can_listen(recorder: object) -> bool:
    return isinstance(recorder, PostgresApplicationRecorder)


class StoreWakeups:
    """Calls `wake` for each event the store records from now on, in a thread of its own."""

    def __init__(self, recorder: Any, wake: Callable[[], None]) -> None:
        self._recorder = recorder
        self._wake = wake
        self._stop = threading.Event()
        self._subscription: Subscription[Any] | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="store-wakeups", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        with self._lock:
            if self._subscription is not None:
                self._subscription.stop()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                head = self._recorder.max_notification_id() or 0
                with self._lock:
                    if self._stop.is_set():
                        return
                    self._subscription = self._recorder.subscribe(gt=head)
                with self._subscription as notifications:
                    self._wake()  # whatever came in before we listened
                    for _ in notifications:
                        self._wake()
            except Exception as error:  # the store went away; the projector still polls
                log.warning("store notifications stopped (%s); listening again in %.0fs",
                            error, RETRY_S)
            finally:
                with self._lock:
                    self._subscription = None
            self._stop.wait(RETRY_S)
