"""Aggregates on their own, without an application or a store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from domain.base import MAX_CLOCK_SKEW, Stamp, resolve_at, tag_list
from domain.errors import (
    FutureEvent,
    InvalidInput,
    InvalidTransition,
    NotAParticipant,
    SelfRelationship,
    UnconfirmableThanks,
    UnknownEvent,
)
from domain.group import Group
from domain.introduction import Introduction
from domain.referral import Referral
from domain.relationship import Relationship

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)
STAMP = Stamp(at=NOW, recorded_by="admin", idempotency_key=None)
A, B, C = (str(uuid4()) for _ in range(3))


def pending_names(aggregate) -> list[str]:
    return [type(e).__name__ for e in aggregate.pending_events]


def test_resolve_at() -> None:
    assert resolve_at(None, NOW) == NOW
    assert resolve_at(NOW + MAX_CLOCK_SKEW, NOW) == NOW + MAX_CLOCK_SKEW
    with pytest.raises(FutureEvent):
        resolve_at(NOW + MAX_CLOCK_SKEW + timedelta(seconds=1), NOW)
    with pytest.raises(InvalidInput):
        resolve_at(datetime(2024, 1, 1), NOW)


def test_tags() -> None:
    assert tag_list([" a ", "A", "b"]) == ["a", "b"]
    with pytest.raises(InvalidInput):
        tag_list("a,b")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        tag_list([""])


def test_relationship_is_keyed_by_the_sorted_pair() -> None:
    tie = Relationship.connect(B, A, source="met", context=None, stamp=STAMP)
    assert (tie.a, tie.b) == tuple(sorted([A, B]))
    with pytest.raises(SelfRelationship):
        Relationship.connect(A, A, source="met", context="", stamp=STAMP)


def test_thank_and_confirm_rules_on_the_aggregate() -> None:
    tie = Relationship.connect(A, B, source="met", context="", stamp=STAMP)
    by_a = Stamp(at=NOW, recorded_by=A, idempotency_key=None)
    tie.record_help(giver=A, receiver=B, kind="", note="", value=None, privileged=False,
                    stamp=by_a)
    helped = tie.pending_events[-1]
    eid = str(helped.event_id)
    assert tie.unconfirmed == {eid: A}
    by_b = Stamp(at=NOW, recorded_by=B, idempotency_key=None)
    with pytest.raises(UnknownEvent):
        tie.thank(None, thanker=B, thanked=A, for_event=eid, privileged=False, stamp=by_b)
    with pytest.raises(UnconfirmableThanks):
        tie.thank(tie.pending_events[0], thanker=B, thanked=A, for_event=eid,
                  privileged=False, stamp=by_b)
    with pytest.raises(UnconfirmableThanks):
        tie.thank(helped, thanker=A, thanked=B, for_event=eid, privileged=False, stamp=by_a)
    tie.thank(helped, thanker=B, thanked=A, for_event=eid, privileged=False, stamp=by_b)
    assert tie.unconfirmed == {} and tie.thanks == 1
    with pytest.raises(NotAParticipant):
        tie.record_meeting(context="", privileged=False,
                           stamp=Stamp(at=NOW, recorded_by=C, idempotency_key=None))


def test_introduction_lifecycle() -> None:
    intro = Introduction.request(uuid4(), requester=A, target=C, broker=B, message=None,
                                 path=[], stamp=STAMP)
    intro.accept(stamp=STAMP)
    intro.make(context="", stamp=STAMP)
    assert pending_names(intro) == [
        "IntroductionRequested", "IntroductionAccepted", "IntroductionMade"]
    assert (intro.status, intro.a, intro.b) == ("made", A, C)
    with pytest.raises(InvalidTransition):
        intro.decline(reason="", stamp=STAMP)
    direct = Introduction.make_directly(uuid4(), broker=B, a=A, b=C, context="",
                                        stamp=STAMP)
    assert direct.status == "made" and direct.version == 1 and direct.requester is None


def test_referral_lifecycle() -> None:
    ref = Referral.give(uuid4(), giver=A, receiver=B, prospect=None, prospect_name="Acme",
                        note=None, stamp=STAMP)
    with pytest.raises(InvalidTransition):
        ref.lose(reason="", stamp=STAMP)
    ref.accept(stamp=STAMP)
    ref.lose(reason="gone", stamp=STAMP)
    with pytest.raises(InvalidTransition):
        ref.close(value=1, currency="EUR", stamp=STAMP)
    assert ref.status == "lost"


def test_group_leadership_and_clients() -> None:
    group = Group.form(uuid4(), name="G", purpose=None, founder=A, stamp=STAMP)
    group.join(person=B, role="member", stamp=STAMP)
    group.rotate_leadership(leader=B, stamp=STAMP)
    group.leave(person=A, stamp=STAMP)
    assert group.members == {B: "leader"}
    group.leave(person=B, stamp=STAMP)  # the last member may leave, leaving no leader
    assert group.members == {} and group.leader is None
