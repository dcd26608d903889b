"""The projector's planner (`projector.batch.plan`) on real domain events, without a graph:
which rows each statement gets, in which order the statements run, one tie row per tie per
batch with its deposits in log order, and the same deposits however the log is cut."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from domain.actors import Actor
from domain.app import Goodwill
from domain.ids import relationship_id
from projector.batch import PROJECTED, STAGES, Context, plan
from scoring.strength import DEFAULT, epoch_mass, event_weight

ADMIN = Actor.admin()
T0 = datetime(2025, 3, 1, tzinfo=UTC)
Rows = list[dict[str, Any]]


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


@pytest.fixture
def app() -> Iterator[Goodwill]:
    application = Goodwill.from_url("memory:")
    yield application
    application.close()


def logged(app: Goodwill) -> list[Any]:
    """The projected events of the whole log, in log order."""
    notifications = app.recorder.select_notifications(start=1, limit=10_000)
    events = [app.mapper.to_domain_event(n) for n in notifications]
    return [e for e in events if type(e).__name__ in PROJECTED]


def planned(events: list[Any], context: Context | None = None) -> dict[str, Rows]:
    statements = plan(events, context or Context())
    names = [name for name, _ in statements]
    assert len(names) == len(set(names))
    return dict(statements)


def register(app: Goodwill, *names: str) -> list[str]:
    return [str(app.register_person(ADMIN, name=n, at=day(0)).aggregate_id) for n in names]


def test_rows_per_statement_and_stage_order(app: Goodwill) -> None:
    ada, bob, cy = register(app, "Ada", "Bob", "Cy")
    met = app.record_meeting(Actor.person(ada), a=ada, b=bob, context="coffee", at=day(10))
    helped = app.record_help(Actor.person(ada), giver=ada, receiver=bob, kind="advice",
                             at=day(11))
    app.confirm_event(Actor.person(bob), a=ada, b=bob, event=met.event_id, at=day(12))
    app.thank(Actor.person(bob), thanked=ada, for_event=helped.event_id, at=day(13))
    app.record_meeting(ADMIN, a=bob, b=cy, context="fair", at=day(14))
    app.forget_person(ADMIN, person=cy, at=day(20))

    statements = plan(logged(app), Context())
    names = [name for name, _ in statements]
    assert names == [s for s in STAGES if s in names]  # stage order, empty ones left out
    assert names == ["people_registered", "ties", "edges_met", "edges_helped",
                     "edges_thanked", "edges_confirmed", "people_forgotten"]
    rows = dict(statements)
    # read after Cy was forgotten: what was about Cy can no longer be decrypted
    assert [r["name"] for r in rows["people_registered"]] == ["Ada", "Bob", "[erased]"]
    assert [r["context"] for r in rows["edges_met"]] == ["coffee", "[erased]"]
    assert [r["confirmed"] for r in rows["edges_met"]] == [False, True]  # admin confirms
    assert len(rows["ties"]) == 2  # two pairs
    # the meeting by a confirmation, the help by the thanks: each claim once, log order
    assert [(r["type"], r["weight"]) for r in rows["edges_confirmed"]] == [
        ("MET", event_weight("met")), ("HELPED", event_weight("helped"))]
    assert rows["people_forgotten"] == [{"id": cy}]
    assert rows["edges_met"][0]["at"] == day(10).isoformat()  # datetimes travel as text


def test_one_tie_row_per_tie_with_deposits_in_log_order(app: Goodwill) -> None:
    ada, bob = register(app, "Ada", "Bob")
    a, b = sorted((ada, bob))
    # back-dated on purpose: log order is not time order
    app.record_meeting(ADMIN, a=ada, b=bob, context="one", at=day(30))
    app.record_help(ADMIN, giver=ada, receiver=bob, kind="advice", at=day(10))
    app.record_meeting(ADMIN, a=ada, b=bob, context="two", at=day(20))
    app.record_help(ADMIN, giver=bob, receiver=ada, kind="code review", at=day(25))

    [tie] = planned(logged(app))["ties"]
    assert (tie["rel"], tie["a"], tie["b"]) == (str(relationship_id(ada, bob)), a, b)
    met, helped = event_weight("met"), event_weight("helped")
    assert tie["ms"] == [epoch_mass(met, day(30)), epoch_mass(helped, day(10)),
                         epoch_mass(met, day(20)), epoch_mass(helped, day(25))]
    ada_gave, bob_gave = [epoch_mass(helped, day(10))], [epoch_mass(helped, day(25))]
    assert (tie["g_ab"], tie["g_ba"]) == ((ada_gave, bob_gave) if a == ada
                                          else (bob_gave, ada_gave))
    assert tie["interactions"] == 4
    assert (tie["since"], tie["last_at"]) == (day(10).isoformat(), day(30).isoformat())
    assert tie["connected"] and tie["create"]


def test_a_confirmation_tops_the_claim_up_without_counting_an_interaction(app: Goodwill
                                                                         ) -> None:
    ada, bob = register(app, "Ada", "Bob")
    met = app.record_meeting(Actor.person(ada), a=ada, b=bob, context="coffee", at=day(10))
    app.confirm_event(Actor.person(bob), a=ada, b=bob, event=met.event_id, at=day(40))

    [tie] = planned(logged(app))["ties"]
    half = event_weight("met", confirmed=False)
    # the one-sided half when recorded, the other half dated like the meeting itself
    assert tie["ms"] == [epoch_mass(half, day(10)), epoch_mass(event_weight("met") - half,
                                                               day(10))]
    assert tie["interactions"] == 1
    assert tie["last_at"] == day(10).isoformat()


def test_the_last_classification_of_a_batch_wins(app: Goodwill) -> None:
    ada, bob = register(app, "Ada", "Bob")
    app.record_meeting(ADMIN, a=ada, b=bob, context="coffee", at=day(1))
    app.classify(Actor.person(ada), a=ada, b=bob, kind="functional", at=day(2))
    app.classify(Actor.person(bob), a=ada, b=bob, kind="strategic", at=day(3))

    [tie] = planned(logged(app))["ties"]
    assert (tie["classified"], tie["kind"], tie["classified_by"]) == (True, "strategic", bob)


def test_referrals_and_introductions_deposit_on_the_pair_they_join(app: Goodwill) -> None:
    ada, bob, cy = register(app, "Ada", "Bob", "Cy")
    app.record_meeting(ADMIN, a=ada, b=bob, context="coffee", at=day(1))
    app.record_meeting(ADMIN, a=bob, b=cy, context="coffee", at=day(1))
    request = app.request_introduction(Actor.person(ada), target=cy, broker=bob,
                                       message="hello", path=[ada, bob, cy], at=day(2))
    app.make_introduction(Actor.person(bob), introduction=request.aggregate_id, at=day(3))
    referral = app.give_referral(Actor.person(ada), receiver=cy, prospect_name="Initech",
                                 at=day(4))
    app.accept_referral(Actor.person(cy), referral=referral.aggregate_id, at=day(5))
    app.confirm_introduction(Actor.person(cy), introduction=request.aggregate_id, at=day(6))
    app.close_referral(Actor.person(cy), referral=referral.aggregate_id, value=1200.0,
                       currency="EUR", at=day(9))

    rows = planned(logged(app))
    by_rel = {r["rel"]: r for r in rows["ties"]}
    ada_cy = by_rel[str(relationship_id(ada, cy))]
    # The requester's word counts half at the making (1 of Ada's unconfirmed share of 2);
    # her referral, her word too until Cy accepts it, counts what is left of the share;
    # Cy's acceptance and confirmation add the rest of each, dated at the claim.
    half = epoch_mass(event_weight("introduced", False), day(3))
    left = epoch_mass(DEFAULT.unconfirmed_cap - event_weight("introduced", False), day(4))
    assert ada_cy["ms"] == [half,
                            left,
                            epoch_mass(event_weight("referred") - DEFAULT.unconfirmed_cap
                                       + event_weight("introduced", False), day(4)),
                            epoch_mass(event_weight("introduced"), day(3)) - half,
                            epoch_mass(event_weight("referral_closed"), day(9))]
    assert sum(ada_cy["m_open"]) == pytest.approx(0.0, abs=1e-6 * half)  # all confirmed
    assert (ada_cy["open_a"], ada_cy["open_b"]) == (0.0, 0.0)
    ada_gave = ada_cy["g_ab"] if ada < cy else ada_cy["g_ba"]
    assert ada_gave == [ada_cy["ms"][1], ada_cy["ms"][2], ada_cy["ms"][4]]  # referral, closing
    assert [r["status"] for r in rows["introductions"]] == ["requested", "made"]
    assert [r["confirmations"] for r in rows["introductions_counted"]] == [2]
    assert rows["introductions_given"] == [{"broker": bob, "delta": 1}]
    assert [r["status"] for r in rows["referrals_updated"]] == ["accepted", "closed"]


def test_deposits_do_not_depend_on_where_the_log_is_cut(app: Goodwill) -> None:
    ada, bob, cy = register(app, "Ada", "Bob", "Cy")
    met = app.record_meeting(Actor.person(ada), a=ada, b=bob, context="coffee", at=day(10))
    helped = app.record_help(Actor.person(bob), giver=ada, receiver=bob, kind="advice",
                             at=day(5))
    app.record_meeting(Actor.person(bob), a=bob, b=cy, context="fair", at=day(7))
    app.confirm_event(Actor.person(bob), a=ada, b=bob, event=met.event_id, at=day(12))
    app.thank(Actor.person(bob), thanked=ada, for_event=helped.event_id, at=day(13))
    referral = app.give_referral(Actor.person(cy), receiver=bob, prospect_name="Acme",
                                 at=day(14))
    app.accept_referral(Actor.person(bob), referral=referral.aggregate_id, at=day(14))
    app.close_referral(Actor.person(bob), referral=referral.aggregate_id, value=10.0,
                       currency="EUR", at=day(15))
    events = logged(app)
    whole = {r["rel"]: r for r in planned(events)["ties"]}

    for cut in range(1, len(events)):
        context = Context()  # what the projector keeps between batches (cache or graph)
        first, second = planned(events[:cut], context), planned(events[cut:], context)
        parts: dict[str, dict[str, list[float]]] = {}
        for rows in (first, second):
            for row in rows.get("ties", []):
                assert sum(1 for r in rows["ties"] if r["rel"] == row["rel"]) == 1
                joined = parts.setdefault(row["rel"], {"ms": [], "g_ab": [], "g_ba": []})
                for key in joined:
                    joined[key] += row[key]
        assert parts == {rel: {k: row[k] for k in ("ms", "g_ab", "g_ba")}
                         for rel, row in whole.items()}, f"cut after {cut} events"
