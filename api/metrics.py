"""`GET /metrics` in the Prometheus text format, for operators' dashboards and alerts: is
each dependency answering, and how far is the graph behind the event store."""

from __future__ import annotations

from typing import Any

# (metric, help) in the order they are written.
GAUGES = (
    ("goodwill_up", "1 when the event store and Neo4j both answer."),
    ("goodwill_event_store_up", "1 when the event store answers."),
    ("goodwill_neo4j_up", "1 when Neo4j answers."),
    ("goodwill_event_store_position", "Position of the newest event in the event store."),
    ("goodwill_projection_position", "Position of the last event projected into the graph."),
    ("goodwill_projection_events_behind", "Events recorded but not yet in the graph."),
    ("goodwill_projection_seconds_behind",
     "Age in seconds of the oldest event not yet in the graph (0 when caught up)."),
    ("goodwill_projector_active",
     "1 when this process projects (holds the projector lease), 0 when it stands by."),
    ("goodwill_live_subscriptions", "Subscriptions open on this process's WebSockets."),
)


def values(checks: dict[str, Any], ready: bool) -> dict[str, float]:
    """The gauges known from the readiness checks (a gauge that could not be read is left
    out, as Prometheus expects, rather than reported as 0)."""
    known: dict[str, float] = {
        "goodwill_up": float(ready),
        "goodwill_event_store_up": float(checks["event_store"]["ok"]),
        "goodwill_neo4j_up": float(checks["neo4j"]["ok"]),
    }
    if checks["event_store"]["ok"]:
        known["goodwill_event_store_position"] = checks["event_store"]["position"]
    projection = checks["projection"]
    if projection.get("lag") is not None:
        known["goodwill_projection_position"] = projection["position"]
        known["goodwill_projection_events_behind"] = projection["events_behind"]
        known["goodwill_projection_seconds_behind"] = projection["seconds_behind"]
    if "active" in projection:
        known["goodwill_projector_active"] = float(projection["active"])
    return known


def render(known: dict[str, float]) -> str:
    lines: list[str] = []
    for name, description in GAUGES:
        if name in known:
            lines += [f"# HELP {name} {description}", f"# TYPE {name} gauge",
                      f"{name} {known[name]:g}"]
    return "\n".join(lines) + "\n"
