"""Whether this process is rebuilding the graph: while it wipes and replays, the graph is
neither the old answer nor the new one, so reads refuse with REBUILDING instead of
answering from a half-built graph (a person missing, no path, strength 0)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class GraphRebuilding(RuntimeError):
    code = "REBUILDING"

    def __init__(self) -> None:
        super().__init__("The graph is being rebuilt from the event store; reads answer "
                         "again when it is done. Recorded events are safe.")

    @property
    def message(self) -> str:
        return str(self)


class RebuildGate:
    """Set for the length of a rebuild; `generation` counts the rebuilds begun, so a read
    that ran across the start of one is caught after it ran."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.active = False
        self.generation = 0

    @contextmanager
    def rebuilding(self) -> Iterator[None]:
        with self._lock:
            self.active = True
            self.generation += 1
        try:
            yield
        finally:
            self.active = False

    def check(self, since: int | None = None) -> int:
        """The current generation; GraphRebuilding while a rebuild runs or when one began
        after `since`."""
        generation = self.generation
        if self.active or (since is not None and since != generation):
            raise GraphRebuilding()
        return generation
