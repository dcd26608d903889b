from __future__ import annotations

import pytest

from domain.actors import Actor
from domain.app import Goodwill
from domain.errors import (
    Forbidden,
    InvalidInput,
    InvalidTransition,
    NotAMember,
    SelfRelationship,
    UnknownAggregate,
)

ADMIN = Actor.admin()


def test_group_life(app: Goodwill, person) -> None:
    lead, mia, noa, client = person(), person(), person(), person()
    formed = app.form_group(Actor.person(lead), name="Harbour Circle", purpose="refer trades")
    gid = formed.aggregate_id
    app.join_group(Actor.person(mia), group=gid)
    app.join_group(Actor.person(lead), group=gid, person=noa)  # the leader adds a member
    group = app.get_group(gid)
    assert group.leader == lead and group.members == {lead: "leader", mia: "member",
                                                      noa: "member"}
    app.rotate_leadership(Actor.person(lead), group=gid, leader=mia)
    group = app.get_group(gid)
    assert group.leader == mia and group.members[lead] == "member"
    app.bring_client(Actor.person(noa), group=gid, client=client, needs="new roof")
    app.serve_client(Actor.person(lead), group=gid, client=client, note="quote sent")
    served = app.serve_client(Actor.person(mia), group=gid, client=client)
    group = app.get_group(gid)
    assert group.clients == {client: noa} and group.served == 2
    event = app.history(gid)[-1]
    assert (type(event).__name__, event.member, event.client) == ("ClientServed", mia, client)
    assert served.version == 7
    app.leave_group(Actor.person(lead), group=gid)
    assert lead not in app.get_group(gid).members


def test_the_concierge_stays_others_serve(app: Goodwill, person) -> None:
    lead, mia, client = person(), person(), person()
    gid = app.form_group(Actor.person(lead), name="G").aggregate_id
    app.join_group(Actor.person(mia), group=gid)
    app.bring_client(Actor.person(mia), group=gid, client=client)
    with pytest.raises(InvalidInput):
        app.serve_client(Actor.person(mia), group=gid, client=client)
    with pytest.raises(InvalidTransition):
        app.bring_client(Actor.person(lead), group=gid, client=client)
    with pytest.raises(InvalidTransition):
        app.serve_client(Actor.person(lead), group=gid, client=person())
    assert app.get_group(gid).served == 0


def test_members_only(app: Goodwill, person) -> None:
    lead, outsider, client = person(), person(), person()
    gid = app.form_group(Actor.person(lead), name="G").aggregate_id
    with pytest.raises(NotAMember) as error:
        app.bring_client(Actor.person(outsider), group=gid, client=client)
    assert error.value.code == "NOT_A_MEMBER"
    with pytest.raises(NotAMember):
        app.leave_group(Actor.person(outsider), group=gid)
    with pytest.raises(NotAMember):
        app.rotate_leadership(Actor.person(lead), group=gid, leader=outsider)
    with pytest.raises(SelfRelationship):
        app.bring_client(Actor.person(lead), group=gid, client=lead)


def test_membership_rules(app: Goodwill, person) -> None:
    lead, mia, eve = person(), person(), person()
    gid = app.form_group(Actor.person(lead), name="G").aggregate_id
    app.join_group(Actor.person(mia), group=gid)
    with pytest.raises(InvalidTransition):
        app.join_group(Actor.person(mia), group=gid)
    with pytest.raises(Forbidden):
        app.join_group(Actor.person(mia), group=gid, person=eve)  # only the leader adds
    with pytest.raises(Forbidden):
        app.rotate_leadership(Actor.person(mia), group=gid, leader=mia)
    with pytest.raises(InvalidTransition):  # hand over first
        app.leave_group(Actor.person(lead), group=gid)
    with pytest.raises(InvalidTransition):
        app.rotate_leadership(Actor.person(lead), group=gid, leader=lead)
    with pytest.raises(InvalidInput):
        app.join_group(Actor.person(eve), group=gid, role="king")
    with pytest.raises(InvalidInput):
        app.form_group(Actor.person(lead), name=" ")
    with pytest.raises(UnknownAggregate):
        app.join_group(Actor.person(eve), group=lead)  # a person id is not a group
    assert app.get_group(gid).version == 2


def test_joining_as_leader_hands_over(app: Goodwill, person) -> None:
    lead, mia = person(), person()
    gid = app.form_group(ADMIN, name="G", founder=lead).aggregate_id
    app.join_group(ADMIN, group=gid, person=mia, role="leader")
    group = app.get_group(gid)
    assert group.leader == mia and group.members == {lead: "member", mia: "leader"}
