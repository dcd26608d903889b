"""Equal scores are ordered by ids: paging through tied warm paths, fading ties and
influencers never repeats or skips an item, and a rebuilt graph gives the same order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from gqlclient import Api

from domain.actors import Actor

pytestmark = pytest.mark.neo4j

ADMIN = Actor.admin()
BROKERS = 5
YEAR_AGO = datetime.now(tz=UTC) - timedelta(days=365)

PAGES = {
    "warmIntroductions": """query($s: ID!, $t: ID!, $at: DateTime, $after: String) {
        page: warmIntroductions(from: $s, to: {person: $t}, maxHops: 2, first: 2,
                                after: $after, asOf: $at) {
          items { pathIds warmth } pageInfo { hasNextPage endCursor } } }""",
    "fadingTies": """query($s: ID!, $at: DateTime, $after: String) {
        page: fadingTies(person: $s, first: 2, after: $after, asOf: $at) {
          items { person { id } drop } pageInfo { hasNextPage endCursor } } }""",
    "influencers": """query($at: DateTime, $after: String) {
        page: influencers(within: {tag: "broker"}, first: 2, after: $after, asOf: $at) {
          items { person { id } influence } pageInfo { hasNextPage endCursor } } }""",
}


@pytest.fixture
def tied(api: Api) -> dict[str, Any]:
    """Sam and Tia, each tied to five brokers by the very same help, at the same instants:
    every path Sam → broker → Tia has one warmth, every tie of Sam fades alike."""
    app = api.services.domain
    sam = str(app.register_person(ADMIN, name="Sam", at=YEAR_AGO).aggregate_id)
    tia = str(app.register_person(ADMIN, name="Tia", at=YEAR_AGO).aggregate_id)
    brokers = []
    for i in range(BROKERS):
        broker = str(app.register_person(ADMIN, name=f"Broker {i}", tags=["broker"],
                                         at=YEAR_AGO).aggregate_id)
        brokers.append(broker)
        for other in (sam, tia):
            for day in range(3):
                app.record_help(ADMIN, giver=broker, receiver=other,
                                at=YEAR_AGO + timedelta(days=day))
    api.services.runner.catch_up()
    return {"s": sam, "t": tia, "brokers": sorted(brokers)}


def _every_page(api: Api, name: str, variables: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    after = None
    for _ in range(BROKERS + 1):
        page = api.ok(PAGES[name], {**variables, "after": after}, api.token())["page"]
        items += page["items"]
        if not page["pageInfo"]["hasNextPage"]:
            return items
        after = page["pageInfo"]["endCursor"]
    raise AssertionError(f"{name}: more pages than items")


def _answers(api: Api, tied: dict[str, Any], at: str) -> dict[str, list[dict[str, Any]]]:
    return {
        "warmIntroductions": _every_page(api, "warmIntroductions",
                                         {"s": tied["s"], "t": tied["t"], "at": at}),
        "fadingTies": _every_page(api, "fadingTies", {"s": tied["s"], "at": at}),
        "influencers": _every_page(api, "influencers", {"at": at}),
    }


def test_tied_results_page_in_id_order_before_and_after_a_rebuild(
    api: Api, tied: dict[str, Any]
) -> None:
    # one instant for every page (now moves on between requests, and scores with it)
    at = (datetime.now(tz=UTC) - timedelta(days=1)).isoformat()
    before = _answers(api, tied, at)
    brokers = tied["brokers"]
    paths = before["warmIntroductions"]
    assert [p["pathIds"] for p in paths] == [[tied["s"], b, tied["t"]] for b in brokers]
    assert len({round(p["warmth"], 12) for p in paths}) == 1
    assert [f["person"]["id"] for f in before["fadingTies"]] == brokers
    assert [i["person"]["id"] for i in before["influencers"]] == brokers

    rebuilt = api.ok("mutation { rebuildGraph { events lag } }", token=api.token())
    assert rebuilt["rebuildGraph"]["lag"] == 0
    after = _answers(api, tied, at)
    for name, items in before.items():  # the same order; scores equal but for float noise
        assert [_ids(item) for item in after[name]] == [_ids(item) for item in items], name
        assert [_score(item) for item in after[name]] == \
            pytest.approx([_score(item) for item in items], rel=1e-12), name


def _ids(item: dict[str, Any]) -> Any:
    return item.get("pathIds") or item["person"]["id"]


def _score(item: dict[str, Any]) -> float:
    return item.get("warmth") or item.get("drop") or item["influence"]
