"""What was waiting on a record when it was merged away completes against the survivor, on
every real event store: a claim awaiting confirmation (a meeting, a help, thanks for a
help), a referral awaiting its receiver, and an introduction requested, brokered or aimed
at the duplicate — decided by the people as they are now and recorded under the survivor's
id. An introduction whose two people became one is a typed error, except to decline or
refuse it; the survivor cannot confirm what its merged-away record claimed."""

from __future__ import annotations

import pytest

from domain.actors import Actor
from domain.app import Goodwill
from domain.errors import Forbidden, IntroductionOfOnePerson, PersonWasMerged
from domain.ids import relationship_id

ADMIN = Actor.admin()


def register(app: Goodwill, *names: str) -> list[str]:
    return [str(app.register_person(ADMIN, name=n).aggregate_id) for n in names]


def last_event(app: Goodwill, aggregate: object) -> object:
    return list(app.events.get(aggregate))[-1]  # type: ignore[arg-type]


def test_claims_made_before_the_merge_are_confirmed_against_the_survivor(
        app: Goodwill) -> None:
    ana, dup, ben = register(app, "Ana", "Ana R.", "Ben")
    dups = Actor.person(dup)
    met = app.record_meeting(dups, a=dup, b=ben, context="lunch")  # dup's word
    helped = app.record_help(Actor.person(ben), giver=ben, receiver=dup)  # Ben's word
    own = app.record_help(dups, giver=ben, receiver=dup)  # dup says Ben helped
    app.merge_people(ADMIN, survivor=ana, duplicate=dup)

    with pytest.raises(PersonWasMerged):  # the duplicate's id itself is still refused
        app.confirm_event(Actor.person(ben), a=ben, b=dup, event=str(met.event_id))
    confirmed = app.confirm_event(Actor.person(ben), a=ben, b=ana, event=str(met.event_id))
    old_tie = relationship_id(ben, dup)
    assert confirmed.aggregate_id == old_tie  # recorded where the claim is
    assert app.get_relationship(ben, dup).unconfirmed == {
        str(helped.event_id): ben, str(own.event_id): dup}
    # Ana confirms Ben's claim of helping her record; thanks by her confirm nothing more
    app.confirm_event(Actor.person(ana), a=ana, b=ben, event=str(helped.event_id))
    thanks = app.thank(Actor.person(ana), thanked=ben, for_event=str(helped.event_id))
    event = last_event(app, thanks.aggregate_id)
    assert (event.thanker, event.thanked) == (ana, ben)  # type: ignore[attr-defined]
    # what her record claimed is her own word: Ben confirms it, not she
    with pytest.raises(Forbidden, match="your own claim"):
        app.confirm_event(Actor.person(ana), a=ana, b=ben, event=str(own.event_id))
    with pytest.raises(Forbidden, match="your own claim"):
        app.thank(Actor.person(ana), thanked=ben, for_event=str(own.event_id))
    app.confirm_event(Actor.person(ben), a=ben, b=ana, event=str(own.event_id))
    assert app.get_relationship(ben, dup).unconfirmed == {}


def test_merges_of_merges_are_followed(app: Goodwill) -> None:
    ana, dup, dup2, ben = register(app, "Ana", "Ana R.", "A. Ruiz", "Ben")
    met = app.record_meeting(Actor.person(dup2), a=dup2, b=ben, context="call")
    app.merge_people(ADMIN, survivor=dup, duplicate=dup2)
    app.merge_people(ADMIN, survivor=ana, duplicate=dup)
    app.confirm_event(Actor.person(ben), a=ben, b=ana, event=str(met.event_id))
    assert app.get_relationship(ben, dup2).unconfirmed == {}


def test_a_referral_to_the_duplicate_is_answered_by_the_survivor(app: Goodwill) -> None:
    ana, dup, ben = register(app, "Ana", "Ana R.", "Ben")
    referral = app.give_referral(Actor.person(ben), receiver=dup, prospect_name="Acme")
    app.merge_people(ADMIN, survivor=ana, duplicate=dup)
    app.accept_referral(Actor.person(ana), referral=str(referral.aggregate_id))
    with pytest.raises(Forbidden):  # still only the receiver
        app.close_referral(Actor.person(ben), referral=str(referral.aggregate_id), value=1)


def test_introductions_naming_the_duplicate_are_made_for_the_survivor(
        app: Goodwill) -> None:
    ana, dup, ben, cem, dan = register(app, "Ana", "Ana R.", "Ben", "Cem", "Dan")
    for pair in ((ben, dup), (ben, cem), (dup, dan), (dup, cem)):
        app.connect(ADMIN, a=pair[0], b=pair[1])
    asked = app.request_introduction(Actor.person(dup), target=cem, broker=ben)
    brokered = app.request_introduction(Actor.person(cem), target=dan, broker=dup)
    aimed = app.request_introduction(Actor.person(dan), target=dup, broker=ben)
    app.merge_people(ADMIN, survivor=ana, duplicate=dup)

    # the duplicate asked Ben: Ben makes it between Ana and Cem
    made = app.make_introduction(Actor.person(ben), introduction=str(asked.aggregate_id))
    event = last_event(app, made.aggregate_id)
    assert (event.a, event.b, event.broker) == (ana, cem, ben)  # type: ignore[attr-defined]
    app.confirm_introduction(Actor.person(cem), introduction=str(asked.aggregate_id))
    # …and Ana and Cem are not connected anew: her record knew Cem
    assert app.find_relationship(ana, cem) is None
    # the duplicate was asked to broker: Ana answers, as the broker
    with pytest.raises(Forbidden):
        app.accept_introduction(Actor.person(ben), introduction=str(brokered.aggregate_id))
    app.accept_introduction(Actor.person(ana), introduction=str(brokered.aggregate_id))
    app.make_introduction(Actor.person(ana), introduction=str(brokered.aggregate_id))
    intro = app.get_introduction(str(brokered.aggregate_id))
    assert (intro.broker, intro.a, intro.b) == (ana, cem, dan)
    app.confirm_introduction(Actor.person(dan), introduction=str(brokered.aggregate_id))
    assert app.find_relationship(cem, dan) is not None  # introduced: connected now
    assert app.get_relationship(cem, dan).introduced_by == ana
    # the duplicate was the target: made between Dan and Ana; Ana confirms it herself
    app.make_introduction(Actor.person(ben), introduction=str(aimed.aggregate_id))
    app.confirm_introduction(Actor.person(ana), introduction=str(aimed.aggregate_id))
    assert app.get_introduction(str(aimed.aggregate_id)).confirmed_by == [dan, ana]


def test_an_introduction_between_two_records_of_one_person_is_refused(
        app: Goodwill) -> None:
    ana, dup, ben = register(app, "Ana", "Ana R.", "Ben")
    app.connect(ADMIN, a=ben, b=ana)
    app.connect(ADMIN, a=ben, b=dup)
    to_herself = app.request_introduction(Actor.person(dup), target=ana, broker=ben)
    by_herself = app.request_introduction(Actor.person(ben), target=ana, broker=dup)
    made = app.make_introduction(Actor.person(ben), a=ana, b=dup)  # not yet confirmed
    app.merge_people(ADMIN, survivor=ana, duplicate=dup)

    for intro, broker in ((to_herself, ben), (by_herself, ana)):
        iid = str(intro.aggregate_id)
        with pytest.raises(IntroductionOfOnePerson) as refused:
            app.accept_introduction(Actor.person(broker), introduction=iid)
        assert refused.value.code == "INTRODUCTION_OF_ONE_PERSON"
        with pytest.raises(IntroductionOfOnePerson):
            app.make_introduction(Actor.person(broker), introduction=iid)
        app.decline_introduction(Actor.person(broker), introduction=iid, reason="one person")
        assert app.get_introduction(iid).status == "declined"
    with pytest.raises(IntroductionOfOnePerson):
        app.confirm_introduction(Actor.person(ana), introduction=str(made.aggregate_id))
    app.refuse_introduction(Actor.person(ana), introduction=str(made.aggregate_id))
    assert app.get_introduction(str(made.aggregate_id)).status == "declined"
