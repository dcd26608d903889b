"""Commands about collaborative network groups: membership, leadership, clients."""

from __future__ import annotations

from typing import ClassVar
from uuid import uuid4

from eventsourcing.domain import Aggregate

from domain.actors import Actor
from domain.base import Stamp
from domain.declarations import (
    Changed,
    ForWhom,
    GroupId,
    HolderOf,
    PersonId,
    Themself,
    command,
)
from domain.errors import Forbidden
from domain.fields import GroupName, MemberRole, Needs, Purpose, ServiceNote
from domain.group import Group
from domain.service import Service

MEMBER_OR_LEADER = HolderOf("the person themself (default: the acting person) or the "
                            "group's leader")


class GroupCommands(Service):
    aggregate: ClassVar[type[Aggregate]] = Group

    def _group(self, group: str) -> Group:
        return self._load(Group, group, "group")

    def _member_or_leader(self, actor: Actor, group: Group, person: str | None) -> str:
        """The person a membership change is for: the actor themself, or anyone when the
        actor leads the group or is an admin."""
        if person is None:
            return self._on_behalf(actor, None)
        if actor.is_privileged or actor.person_id in (person, group.leader):
            return person
        raise Forbidden("Only the person themself, the group's leader or an admin can do this.")

    @command("Form a group; the founder (default: the acting person) joins as its leader.",
             issuer=Themself("founder"))
    def form_group(
        self, actor: Actor, stamp: Stamp, *,
        name: GroupName,
        purpose: Purpose = "",
        founder: ForWhom = None,
    ) -> Changed:
        assert founder is not None  # resolved from the actor (Themself)
        self._active_people(founder)
        return [Group.form(uuid4(), name=name, purpose=purpose, founder=founder, stamp=stamp)]

    @command("A person joins a group.", issuer=MEMBER_OR_LEADER)
    def join_group(
        self, actor: Actor, stamp: Stamp, *, group: GroupId, person: ForWhom = None,
        role: MemberRole = "member",
    ) -> Changed:
        subject = self._group(group)
        person_id = self._member_or_leader(actor, subject, person)
        self._active_people(person_id)
        subject.join(person=person_id, role=role, stamp=stamp)
        return [subject]

    @command("A person leaves a group.", issuer=MEMBER_OR_LEADER)
    def leave_group(self, actor: Actor, stamp: Stamp, *, group: GroupId,
                    person: ForWhom = None) -> Changed:
        subject = self._group(group)
        person_id = self._member_or_leader(actor, subject, person)
        subject.leave(person=person_id, stamp=stamp)
        return [subject]

    @command("Hand leadership to another member (any member may take it up when the group "
             "has no leader).", issuer=HolderOf("the group's current leader"))
    def rotate_leadership(self, actor: Actor, stamp: Stamp, *, group: GroupId,
                          leader: PersonId) -> Changed:
        subject = self._group(group)
        may = actor.is_privileged or actor.person_id == subject.leader or (
            subject.leader is None and subject.is_member(actor.person_id)
        )
        if not may:
            raise Forbidden("Only the current leader (or an admin) hands on leadership.")
        self._active_people(leader)
        subject.rotate_leadership(leader=leader, stamp=stamp)
        return [subject]

    @command("A member brings a client to the group and stays their concierge.",
             issuer=Themself("member"))
    def bring_client(
        self, actor: Actor, stamp: Stamp, *, group: GroupId, client: PersonId,
        needs: Needs = "",
        member: ForWhom = None,
    ) -> Changed:
        assert member is not None  # resolved from the actor (Themself)
        subject = self._group(group)
        subject.bring_client(member=member, client=client, needs=needs, stamp=stamp)
        self._active_people(member, client)
        return [subject]

    @command("Another member serves a client the group was brought.",
             issuer=Themself("member"))
    def serve_client(
        self, actor: Actor, stamp: Stamp, *, group: GroupId, client: PersonId,
        note: ServiceNote = "",
        member: ForWhom = None,
    ) -> Changed:
        assert member is not None  # resolved from the actor (Themself)
        subject = self._group(group)
        subject.serve_client(member=member, client=client, note=note, stamp=stamp)
        self._active_people(member, client)
        return [subject]
