from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from domain.actors import Actor
from domain.base import Stamp
from domain.errors import Forbidden
from domain.group import Group
from domain.ids import as_id
from domain.service import Recorded, Service


class GroupCommands(Service):
    def _group(self, group: UUID | str) -> Group:
        return self._load(Group, group, "group")

    @staticmethod
    def _member_or_leader(actor: Actor, group: Group, person: UUID | str | None) -> str:
        """The person a membership change is for: the actor themself, or anyone when the
        actor leads the group or is an admin."""
        if person is None:
            return GroupCommands._on_behalf(actor, None)
        person_id = as_id(person, "person id")
        if actor.is_privileged or actor.person_id in (person_id, group.leader):
            return person_id
        raise Forbidden("Only the person themself, the group's leader or an admin can do this.")

    def form_group(
        self, actor: Actor, *, name: str, purpose: str | None = "",
        founder: UUID | str | None = None, at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> Recorded:
        """Form a group; the founder (default: the actor) joins as its leader."""
        founder_id = self._on_behalf(actor, founder, "founder")
        new_id = uuid4()

        def decide(stamp: Stamp) -> list[Group]:
            self._active_people(founder_id)
            return [Group.form(new_id, name=name, purpose=purpose, founder=founder_id,
                               stamp=stamp)]

        return self._run("form_group", actor, at=at, idempotency_key=idempotency_key,
                         decide=decide)

    def join_group(
        self, actor: Actor, *, group: UUID | str, person: UUID | str | None = None,
        role: str = "member", at: datetime | None = None, idempotency_key: str | None = None,
    ) -> Recorded:
        def decide(stamp: Stamp) -> list[Group]:
            subject = self._group(group)
            person_id = self._member_or_leader(actor, subject, person)
            self._active_people(person_id)
            subject.join(person=person_id, role=role, stamp=stamp)
            return [subject]

        return self._run("join_group", actor, at=at, idempotency_key=idempotency_key,
                         decide=decide)

    def leave_group(
        self, actor: Actor, *, group: UUID | str, person: UUID | str | None = None,
        at: datetime | None = None, idempotency_key: str | None = None,
    ) -> Recorded:
        def decide(stamp: Stamp) -> list[Group]:
            subject = self._group(group)
            person_id = self._member_or_leader(actor, subject, person)
            subject.leave(person=person_id, stamp=stamp)
            return [subject]

        return self._run("leave_group", actor, at=at, idempotency_key=idempotency_key,
                         decide=decide)

    def rotate_leadership(
        self, actor: Actor, *, group: UUID | str, leader: UUID | str,
        at: datetime | None = None, idempotency_key: str | None = None,
    ) -> Recorded:
        """Hand leadership to another member: by the current leader or an admin (any member
        may take it up when the group has no leader)."""
        leader_id = as_id(leader, "leader id")

        def decide(stamp: Stamp) -> list[Group]:
            subject = self._group(group)
            may = actor.is_privileged or actor.person_id == subject.leader or (
                subject.leader is None and subject.is_member(actor.person_id)
            )
            if not may:
                raise Forbidden("Only the current leader (or an admin) hands on leadership.")
            self._active_people(leader_id)
            subject.rotate_leadership(leader=leader_id, stamp=stamp)
            return [subject]

        return self._run("rotate_leadership", actor, at=at, idempotency_key=idempotency_key,
                         decide=decide)

    def bring_client(
        self, actor: Actor, *, group: UUID | str, client: UUID | str, needs: str | None = "",
        member: UUID | str | None = None, at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> Recorded:
        """A member (default: the actor) brings a client and stays their concierge."""
        member_id = self._on_behalf(actor, member, "member")
        client_id = as_id(client, "client id")

        def decide(stamp: Stamp) -> list[Group]:
            subject = self._group(group)
            subject.bring_client(member=member_id, client=client_id, needs=needs, stamp=stamp)
            self._active_people(member_id, client_id)
            return [subject]

        return self._run("bring_client", actor, at=at, idempotency_key=idempotency_key,
                         decide=decide)

    def serve_client(
        self, actor: Actor, *, group: UUID | str, client: UUID | str, note: str | None = "",
        member: UUID | str | None = None, at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> Recorded:
        """Another member (default: the actor) serves a client the group was brought."""
        member_id = self._on_behalf(actor, member, "member")
        client_id = as_id(client, "client id")

        def decide(stamp: Stamp) -> list[Group]:
            subject = self._group(group)
            subject.serve_client(member=member_id, client=client_id, note=note, stamp=stamp)
            self._active_people(member_id, client_id)
            return [subject]

        return self._run("serve_client", actor, at=at, idempotency_key=idempotency_key,
                         decide=decide)
