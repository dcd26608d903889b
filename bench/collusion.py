"""What one fake tie buys: two people who confirm each other's claims raise their own tie
without bound (docs/scoring.md, "What a colluding pair can and cannot do"). This measures
how much influence and brokerage that buys them, and what anyone alone buys with claims,
on the demo network and on a generated one.

The colluders are the two least influential people who do not know each other. Each
round of collusion is a meeting and a help each way, each confirmed by the other side, so
their tie climbs towards strength 1; the lone person instead records the same claims with
nobody confirming them. Results go to bench/results/collusion.json.

    .venv/bin/python -m bench.collusion [--people 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import config
from domain.actors import Actor
from domain.app import Goodwill
from graph.connection import connect
from jobs.influence import analyse
from projector.projector import Projector
from synthetic.load import load
from synthetic.plan import plan

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).parent / "results" / "collusion.json"
ROUNDS = 10  # rounds of collusion: enough to take the fake tie past strength 0.99


def _rank(scores: dict[str, Any], person: str, key: str) -> int:
    """1 = highest."""
    ordered = sorted(scores, key=lambda p: -getattr(scores[p], key))
    return ordered.index(person) + 1


def _measure(app: Goodwill, driver: Any, label: str) -> dict[str, Any]:
    projector = Projector(app, driver)
    projector.catch_up(5000)
    scores = analyse(driver).scores
    known = {frozenset(r["pair"]) for r in driver.execute_query(
        "MATCH (a:Person)-[:KNOWS]->(b:Person) RETURN [a.id, b.id] AS pair").records}
    quiet = sorted(scores, key=lambda p: (scores[p].influence, p))
    x = quiet[0]
    y = next(p for p in quiet[1:] if frozenset((x, p)) not in known)
    lone = next(p for p in quiet[2:] if p != y)
    target = max(scores, key=lambda p: (scores[p].influence, p))  # whom the lone one claims
    before = {p: scores[p] for p in (x, y, lone)}

    def rounds(step: Callable[[], None]) -> None:
        for _ in range(ROUNDS):
            step()

    def collude() -> None:
        for a, b in ((x, y), (y, x)):
            met = app.record_meeting(Actor.person(a), a=a, b=b)
            app.confirm_event(Actor.person(b), a=a, b=b, event=met.event_id)
            helped = app.record_help(Actor.person(a), giver=a, receiver=b)
            app.thank(Actor.person(b), thanked=a, for_event=helped.event_id)

    def alone() -> None:
        app.record_meeting(Actor.person(lone), a=lone, b=target)
        app.record_help(Actor.person(lone), giver=lone, receiver=target)
        app.record_help(Actor.person(lone), giver=target, receiver=lone)

    rounds(collude)
    rounds(alone)
    projector.catch_up(5000)
    after = analyse(driver).scores
    strength = driver.execute_query(
        "MATCH (:Person {id: $x})-[k:KNOWS]-(:Person {id: $y}) RETURN k.m AS m",
        x=x, y=y).records[0]["m"]
    from scoring.strength import strength as tie_strength
    people = len(scores)

    def row(person: str) -> dict[str, Any]:
        return {
            "influence_before": before[person].influence,
            "influence_after": after[person].influence,
            "influence_gain_x": after[person].influence / before[person].influence,
            "uniform_share": 1 / people,
            "influence_rank_before": _rank(scores, person, "influence"),
            "influence_rank_after": _rank(after, person, "influence"),
            "brokerage_before": before[person].brokerage,
            "brokerage_after": after[person].brokerage,
            "given_before": before[person].given, "given_after": after[person].given,
        }

    return {
        "network": label, "people": people, "rounds": ROUNDS,
        "fake_tie_strength": tie_strength(strength, datetime.now(UTC)),
        "colluders": [row(x), row(y)], "alone": row(lone),
    }


def _generated(people: int) -> Goodwill:
    app = Goodwill.from_url("memory:")
    load(app, plan(people, 3.0, 1))
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1000)
    args = parser.parse_args()
    settings = config.load()
    results = []
    with connect(settings.neo4j) as driver, tempfile.TemporaryDirectory() as folder:
        # the demo is recorded as users get it: `goodwill demo seed` (benchmarks import
        # nothing of api/), into a store of its own, which the measurement then opens
        demo_store = f"sqlite:///{folder}/demo.sqlite"
        Projector(Goodwill.from_url("memory:"), driver).wipe()
        subprocess.run([sys.executable, "-m", "api.cli", "demo", "seed"], cwd=ROOT,
                       env={**os.environ, "GOODWILL_EVENT_STORE": demo_store},
                       check=True, capture_output=True, timeout=600)
        for label, open_store in (
            ("demo", lambda: Goodwill.from_url(demo_store)),
            (f"generated {args.people}", lambda: _generated(args.people)),
        ):
            app = open_store()
            Projector(app, driver).wipe()
            results.append(_measure(app, driver, label))
            app.close()
    RESULTS.write_text(json.dumps({"measured_at": datetime.now(UTC).isoformat(),
                                   "results": results}, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
