"""`GET /metrics`: Prometheus gauges for the dependencies and the projection lag."""

from __future__ import annotations

import pytest
from gqlclient import Api

pytestmark = pytest.mark.neo4j


def gauges(api: Api) -> dict[str, float]:
    response = api.client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    lines = [line for line in response.text.splitlines() if not line.startswith("#")]
    return {name: float(value) for name, value in (line.split(" ") for line in lines)}


def test_metrics_report_positions_and_lag(api: Api) -> None:
    for name in ("Ada", "Bo", "Cy"):
        api.post(f'mutation {{ registerPerson(name: "{name}") {{ person {{ id }} }} }}',
                 token=api.token())
    api.services.runner.catch_up()
    assert gauges(api) == {
        "goodwill_up": 1.0, "goodwill_event_store_up": 1.0, "goodwill_neo4j_up": 1.0,
        "goodwill_event_store_position": 3.0, "goodwill_projection_position": 3.0,
        "goodwill_projection_events_behind": 0.0, "goodwill_projection_seconds_behind": 0.0,
        "goodwill_projector_active": 1.0, "goodwill_live_subscriptions": 0.0,
    }
