"""Projection throughput on a generated network: full rebuild, incremental following and a
naive projector that writes one event per transaction — naive and batched on the very same
window of events, taken from the middle of the log (its start is all registrations).

Pass A: wipe, batched up to the window, the window one event per transaction (naive),
then `follow_events` more in the follower's small batches. Pass B: wipe and rebuild the
whole log, timing the same window on its own. Pass B leaves the complete graph behind.
Uses `bench.projection_throughput.timed`, the projection benchmark's own timer.
"""

from __future__ import annotations

import time
from typing import Any

from bench.projection_throughput import timed
from projector.projector import Projector


def _advance(projector: Projector, until: int, batch: int) -> int:
    """Batches until the graph covers notification `until`; returns events covered."""
    applied = 0
    while True:
        left = until - projector.position()
        if left <= 0:
            return applied
        done = projector.run_once(min(batch, left))
        if not done:
            return applied
        applied += done


def measure(app: Any, driver: Any, *, naive_events: int, follow_events: int,
            window_at: float = 0.5, window_cap: int = 300_000, rebuild_batch: int = 5000,
            follow_batch: int = 500) -> dict[str, Any]:
    head = app.max_notification_id()
    start = min(int(head * window_at), window_cap)
    naive_events = max(1, min(naive_events, head - start))
    end = start + naive_events
    follow_end = min(head, end + follow_events)
    results: dict[str, Any] = {"head": head, "window": [start + 1, end]}

    # Pass A
    batched = Projector(app, driver)
    batched.wipe()
    batched.ensure_schema()
    _advance(batched, start, rebuild_batch)
    naive = Projector(app, driver, batch_size=1)
    results["naive_window"] = timed("naive, 1 event per tx", naive_events,
                                    lambda: _advance(naive, end, 1))
    follower = Projector(app, driver)
    results["follow"] = timed(f"follow (batch {follow_batch})", follow_end - end,
                              lambda: _advance(follower, follow_end, follow_batch))

    # Pass B
    rebuild = Projector(app, driver)
    started = time.perf_counter()
    rebuild.wipe()
    rebuild.ensure_schema()
    wiped = time.perf_counter() - started
    _advance(rebuild, start, rebuild_batch)
    results["batched_window"] = timed(f"batched (batch {rebuild_batch}), same window",
                                      naive_events,
                                      lambda: _advance(rebuild, end, rebuild_batch))
    _advance(rebuild, head, rebuild_batch)
    total = time.perf_counter() - started
    results["rebuild"] = {"events": head, "seconds": round(total, 2),
                          "wipe_seconds": round(wiped, 2),
                          "events_per_second": round(head / total)}
    results["batched_vs_naive"] = round(results["batched_window"]["events_per_second"]
                                        / max(1, results["naive_window"]["events_per_second"]),
                                        1)
    results["rebuild_vs_naive"] = round(results["rebuild"]["events_per_second"]
                                        / max(1, results["naive_window"]["events_per_second"]),
                                        1)
    results["settings"] = {"rebuild_batch": rebuild_batch, "follow_batch": follow_batch,
                           "naive_events": naive_events, "follow_events": follow_end - end}
    return results
