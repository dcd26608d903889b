"""What projections and auditors read: every stored event decodes, in order, with the
contract's class names and common attributes."""

from __future__ import annotations

from datetime import datetime

from domain.actors import Actor
from domain.app import Goodwill
from domain.ids import event_id

ADMIN = Actor.admin()

CONTRACT = {
    "PersonRegistered", "ProfileUpdated", "BrokeringPreferenceSet", "PersonForgotten",
    "Connected", "Met", "Helped", "Confirmed", "Thanked", "Classified",
    "IntroductionRequested", "IntroductionAccepted", "IntroductionDeclined", "IntroductionMade",
    "ReferralGiven", "ReferralAccepted", "ReferralDeclined", "ReferralClosed", "ReferralLost",
    "GroupFormed", "MemberJoined", "MemberLeft", "LeadershipRotated", "ClientBrought",
    "ClientServed",
}


def _every_event(app: Goodwill) -> None:
    def p(name: str) -> str:
        return str(app.register_person(ADMIN, name=name).aggregate_id)

    a, b, c, d = p("A"), p("B"), p("C"), p("D")
    app.update_profile(Actor.person(a), headline="h")
    app.set_brokering_preference(Actor.person(d), accepts_introduction_requests=True)
    met = app.record_meeting(Actor.person(a), a=a, b=b)
    app.confirm_event(Actor.person(b), a=a, b=b, event=met.event_id)
    helped = app.record_help(Actor.person(b), giver=a, receiver=b)
    app.thank(Actor.person(b), thanked=a, for_event=helped.event_id)
    app.classify(Actor.person(a), a=a, b=b, kind="strategic")
    one = app.request_introduction(Actor.person(a), target=c, broker=b).aggregate_id
    app.accept_introduction(Actor.person(b), introduction=one)
    app.make_introduction(Actor.person(b), introduction=one)
    two = app.request_introduction(Actor.person(a), target=d, broker=b).aggregate_id
    app.decline_introduction(Actor.person(b), introduction=two)
    r1 = app.give_referral(Actor.person(a), receiver=b, prospect=c).aggregate_id
    app.accept_referral(Actor.person(b), referral=r1)
    app.close_referral(Actor.person(b), referral=r1, value=10, currency="EUR")
    r2 = app.give_referral(Actor.person(a), receiver=b, prospect_name="X").aggregate_id
    app.decline_referral(Actor.person(b), referral=r2)
    r3 = app.give_referral(Actor.person(a), receiver=b, prospect_name="Y").aggregate_id
    app.accept_referral(Actor.person(b), referral=r3)
    app.lose_referral(Actor.person(b), referral=r3)
    g = app.form_group(Actor.person(a), name="G").aggregate_id
    app.join_group(Actor.person(b), group=g)
    app.join_group(Actor.person(c), group=g)
    app.rotate_leadership(Actor.person(a), group=g, leader=b)
    app.bring_client(Actor.person(c), group=g, client=d, idempotency_key="bring")
    app.serve_client(Actor.person(a), group=g, client=d)
    app.leave_group(Actor.person(c), group=g)
    app.forget_person(Actor.person(d))


def test_every_event_decodes_with_the_contract_attributes(app: Goodwill) -> None:
    _every_event(app)
    notifications = app.recorder.select_notifications(1, 1000)
    assert [n.id for n in notifications] == sorted(n.id for n in notifications)
    assert notifications[-1].id == app.max_notification_id()
    events = [app.mapper.to_domain_event(n) for n in notifications]
    seen = {type(e).__name__ for e in events}
    assert seen == CONTRACT | {"IdempotencyRecorded"}
    for event in events:
        assert isinstance(event.at, datetime) and event.at.utcoffset().total_seconds() == 0
        assert isinstance(event.recorded_by, str)
        assert event.event_id == event_id(event.originator_id, event.originator_version)


def test_history_is_one_aggregate_in_order(app: Goodwill) -> None:
    _every_event(app)
    referrals = [
        app.mapper.to_domain_event(n).originator_id
        for n in app.recorder.select_notifications(1, 1000)
        if n.topic.endswith("ReferralGiven")
    ]
    history = app.history(referrals[0])
    assert [type(e).__name__ for e in history] == [
        "ReferralGiven", "ReferralAccepted", "ReferralClosed"]
    assert [e.originator_version for e in history] == [1, 2, 3]
