"""Group: a committed network group with a first-among-equals leader. The member who brings
a client stays its concierge; the other members serve it."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.base import MAX_NAME, GoodwillEvent, Stamp, text
from domain.declarations import PersonId
from domain.errors import InvalidInput, InvalidTransition, NotAMember, SelfRelationship
from domain.fields import GroupName, MemberRole, Needs, Purpose, ServiceNote

ROLES = ("member", "leader")


class Group(Aggregate):
    if TYPE_CHECKING:  # state, set by the events' apply()
        name: str
        purpose: str
        founder: str
        leader: str | None
        members: dict[str, str]
        clients: dict[str, str]
        served: int

    class Event(GoodwillEvent):
        pass

    class GroupFormed(Event, Aggregate.Created):
        """The founder joins as leader with this event (no separate MemberJoined)."""

        name: GroupName
        purpose: Purpose
        founder: PersonId

        def apply(self, group: Group) -> None:
            group.name, group.purpose, group.founder = self.name, self.purpose, self.founder
            group.leader = self.founder
            group.members = {self.founder: "leader"}  # person -> role
            group.clients = {}  # client -> concierge (the member who brought them)
            group.served = 0

    class MemberJoined(Event):
        person: PersonId
        role: MemberRole

        def apply(self, group: Group) -> None:
            if self.role == "leader":
                group._hand_over(self.person)
            group.members[self.person] = self.role

    class MemberLeft(Event):
        person: PersonId

        def apply(self, group: Group) -> None:
            group.members.pop(self.person, None)
            if group.leader == self.person:
                group.leader = None

    class LeadershipRotated(Event):
        leader: PersonId

        def apply(self, group: Group) -> None:
            group._hand_over(self.leader)

    class ClientBrought(Event):
        member: PersonId
        client: PersonId
        needs: Needs

        def apply(self, group: Group) -> None:
            group.clients[self.client] = self.member

    class ClientServed(Event):
        member: PersonId
        client: PersonId
        note: ServiceNote

        def apply(self, group: Group) -> None:
            group.served += 1

    def _hand_over(self, leader: str) -> None:
        if self.leader is not None and self.leader in self.members:
            self.members[self.leader] = "member"
        self.leader = leader
        self.members[leader] = "leader"

    @classmethod
    def form(cls, group_id: UUID, *, name: str, purpose: str | None, founder: str,
             stamp: Stamp) -> Group:
        return cls._create(
            cls.GroupFormed,
            id=group_id,
            name=text(name, "group name", required=True, limit=MAX_NAME),
            purpose=text(purpose, "purpose"),
            founder=founder,
            **stamp.kwargs(),
        )

    def is_member(self, person: str | None) -> bool:
        return person in self.members

    def ensure_member(self, person: str) -> None:
        if person not in self.members:
            raise NotAMember("That person is not a member of this group.", person=person,
                             group=str(self.id))

    def join(self, *, person: str, role: str, stamp: Stamp) -> None:
        if role not in ROLES:
            raise InvalidInput(f"role must be one of {', '.join(ROLES)}, got {role!r}.")
        if person in self.members:
            raise InvalidTransition("That person is already a member.", person=person)
        self.trigger_event(self.MemberJoined, person=person, role=role, **stamp.kwargs())

    def leave(self, *, person: str, stamp: Stamp) -> None:
        self.ensure_member(person)
        if person == self.leader and len(self.members) > 1:
            raise InvalidTransition(
                "The leader hands leadership to another member before leaving.", person=person
            )
        self.trigger_event(self.MemberLeft, person=person, **stamp.kwargs())

    def rotate_leadership(self, *, leader: str, stamp: Stamp) -> None:
        self.ensure_member(leader)
        if leader == self.leader:
            raise InvalidTransition("That member already leads the group.", person=leader)
        self.trigger_event(self.LeadershipRotated, leader=leader, **stamp.kwargs())

    def bring_client(self, *, member: str, client: str, needs: str | None, stamp: Stamp) -> None:
        self.ensure_member(member)
        if client == member:
            raise SelfRelationship("A member cannot bring themself as a client.", person=member)
        if client in self.clients:
            raise InvalidTransition("That client has already been brought to this group.",
                                    client=client)
        self.trigger_event(self.ClientBrought, member=member, client=client,
                           needs=text(needs, "needs"), **stamp.kwargs())

    def serve_client(self, *, member: str, client: str, note: str | None, stamp: Stamp) -> None:
        self.ensure_member(member)
        concierge = self.clients.get(client)
        if concierge is None:
            raise InvalidTransition("That client has not been brought to this group.",
                                    client=client)
        if member == client:
            raise SelfRelationship("A client cannot serve themself.", person=member)
        if member == concierge:
            raise InvalidInput(
                "The member who brought the client stays with them as concierge; the other "
                "members serve the client.", member=member, client=client,
            )
        self.trigger_event(self.ClientServed, member=member, client=client,
                           note=text(note, "note"), **stamp.kwargs())


GroupFormed = Group.GroupFormed
MemberJoined = Group.MemberJoined
MemberLeft = Group.MemberLeft
LeadershipRotated = Group.LeadershipRotated
ClientBrought = Group.ClientBrought
ClientServed = Group.ClientServed
