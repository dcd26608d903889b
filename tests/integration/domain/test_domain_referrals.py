from __future__ import annotations

import pytest

from domain.actors import Actor
from domain.app import Goodwill
from domain.errors import Forbidden, InvalidInput, InvalidTransition, SelfRelationship

ADMIN = Actor.admin()


def test_given_accepted_closed(app: Goodwill, person) -> None:
    giver, receiver, prospect = person(), person(), person()
    given = app.give_referral(Actor.person(giver), receiver=receiver, prospect=prospect,
                              note="needs an accountant")
    ref = app.get_referral(given.aggregate_id)
    assert (ref.status, ref.giver, ref.receiver, ref.prospect) == (
        "given", giver, receiver, prospect)
    app.accept_referral(Actor.person(receiver), referral=given.aggregate_id)
    closed = app.close_referral(Actor.person(receiver), referral=given.aggregate_id,
                                value=1200, currency="eur")
    ref = app.get_referral(given.aggregate_id)
    assert (ref.status, ref.value, ref.currency) == ("closed", 1200.0, "EUR")
    assert closed.version == 3
    assert [type(e).__name__ for e in app.history(given.aggregate_id)] == [
        "ReferralGiven", "ReferralAccepted", "ReferralClosed"]


def test_a_closed_referral_cannot_close_again_or_be_lost(app: Goodwill, person) -> None:
    giver, receiver = person(), person()
    given = app.give_referral(Actor.person(giver), receiver=receiver, prospect_name="Acme")
    app.accept_referral(Actor.person(receiver), referral=given.aggregate_id)
    app.close_referral(Actor.person(receiver), referral=given.aggregate_id, value=5,
                       currency="USD")
    with pytest.raises(InvalidTransition):
        app.close_referral(Actor.person(receiver), referral=given.aggregate_id, value=5,
                           currency="USD")
    with pytest.raises(InvalidTransition):
        app.lose_referral(Actor.person(receiver), referral=given.aggregate_id)
    assert app.get_referral(given.aggregate_id).version == 3


def test_a_referral_closes_only_after_acceptance(app: Goodwill, person) -> None:
    giver, receiver = person(), person()
    given = app.give_referral(Actor.person(giver), receiver=receiver, prospect_name="Acme")
    with pytest.raises(InvalidTransition):
        app.close_referral(Actor.person(receiver), referral=given.aggregate_id, value=1,
                           currency="EUR")
    app.decline_referral(Actor.person(receiver), referral=given.aggregate_id, reason="full")
    with pytest.raises(InvalidTransition):
        app.accept_referral(Actor.person(receiver), referral=given.aggregate_id)
    assert app.get_referral(given.aggregate_id).status == "declined"


def test_lost(app: Goodwill, person) -> None:
    giver, receiver = person(), person()
    given = app.give_referral(ADMIN, giver=giver, receiver=receiver, prospect_name="Acme")
    app.accept_referral(ADMIN, referral=given.aggregate_id)
    app.lose_referral(Actor.person(receiver), referral=given.aggregate_id, reason="price")
    ref = app.get_referral(given.aggregate_id)
    assert (ref.status, ref.reason) == ("lost", "price")


def test_only_the_receiver_records_what_became_of_it(app: Goodwill, person) -> None:
    giver, receiver = person(), person()
    given = app.give_referral(Actor.person(giver), receiver=receiver, prospect_name="Acme")
    with pytest.raises(Forbidden):
        app.accept_referral(Actor.person(giver), referral=given.aggregate_id)
    with pytest.raises(Forbidden):
        app.give_referral(Actor.person(receiver), giver=giver, receiver=receiver,
                          prospect_name="X")


def test_referral_input(app: Goodwill, person) -> None:
    giver, receiver = person(), person()
    with pytest.raises(SelfRelationship):
        app.give_referral(Actor.person(giver), receiver=giver, prospect_name="Acme")
    with pytest.raises(SelfRelationship):
        app.give_referral(Actor.person(giver), receiver=receiver, prospect=receiver)
    with pytest.raises(InvalidInput):
        app.give_referral(Actor.person(giver), receiver=receiver)
    given = app.give_referral(Actor.person(giver), receiver=receiver, prospect_name="Acme")
    app.accept_referral(Actor.person(receiver), referral=given.aggregate_id)
    for value, currency in ((-5, "EUR"), (5, "euro"), (5, ""), ("5", "EUR")):
        with pytest.raises(InvalidInput):
            app.close_referral(Actor.person(receiver), referral=given.aggregate_id,
                               value=value, currency=currency)  # type: ignore[arg-type]
    assert app.get_referral(given.aggregate_id).status == "accepted"
