"""An answer cannot have happened before what it answers: a confirmation or a thank-you
before its claim, a referral's outcome before the referral, a decision before the request,
an answer of the people introduced before the introduction. Such a back-dated answer made a
tie exist at instants before any of its events (as-of reads differed from the graph of
the events by then); now it is refused with INVALID_INPUT and nothing is stored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from domain.actors import Actor
from domain.app import Goodwill
from domain.errors import InvalidInput

ADMIN = Actor.admin()
DAY = datetime(2024, 3, 1, tzinfo=UTC)
BEFORE, AFTER = DAY - timedelta(days=1), DAY + timedelta(days=1)


@pytest.fixture
def app() -> Goodwill:
    return Goodwill.from_url("memory:")


def people(app: Goodwill, *names: str) -> list[str]:
    return [str(app.register_person(ADMIN, name=n, at=DAY - timedelta(days=30)).aggregate_id)
            for n in names]


def refused_then_stored(app: Goodwill, answer: Callable[[datetime], object]) -> None:
    before = app.max_notification_id()
    with pytest.raises(InvalidInput, match="cannot be dated before"):
        answer(BEFORE)
    assert app.max_notification_id() == before  # nothing stored
    answer(AFTER)  # the same answer, dated after, is fine
    assert app.max_notification_id() > before


def test_a_confirmation_and_a_thank_you_come_after_their_claim(app: Goodwill) -> None:
    ana, ben = people(app, "Ana", "Ben")
    met = app.record_meeting(Actor.person(ana), a=ana, b=ben, at=DAY)
    refused_then_stored(app, lambda at: app.confirm_event(
        Actor.person(ben), a=ana, b=ben, event=str(met.event_id), at=at))
    helped = app.record_help(Actor.person(ana), giver=ana, receiver=ben, at=DAY)
    refused_then_stored(app, lambda at: app.thank(
        Actor.person(ben), thanked=ana, for_event=str(helped.event_id), at=at))


def test_a_referrals_outcome_comes_after_the_referral(app: Goodwill) -> None:
    ana, ben = people(app, "Ana", "Ben")
    given = app.give_referral(Actor.person(ana), giver=ana, receiver=ben,
                              prospect_name="Acme", at=DAY)
    refused_then_stored(app, lambda at: app.accept_referral(
        Actor.person(ben), referral=str(given.aggregate_id), at=at))


def test_decisions_and_answers_come_after_the_request_and_the_introduction(
        app: Goodwill) -> None:
    ana, ben, cleo = people(app, "Ana", "Ben", "Cleo")
    app.record_meeting(ADMIN, a=ana, b=ben, at=DAY - timedelta(days=10))
    app.record_meeting(ADMIN, a=ben, b=cleo, at=DAY - timedelta(days=10))
    asked = app.request_introduction(Actor.person(ana), requester=ana, target=cleo, broker=ben,
                                     at=DAY)
    refused_then_stored(app, lambda at: app.accept_introduction(
        Actor.person(ben), introduction=str(asked.aggregate_id), at=at))
    made = app.make_introduction(Actor.person(ben), broker=ben, a=ana, b=cleo, at=DAY)
    refused_then_stored(app, lambda at: app.confirm_introduction(
        Actor.person(cleo), introduction=str(made.aggregate_id), at=at))
