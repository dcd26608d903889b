from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain.actors import Actor
from domain.base import Stamp
from domain.errors import BrokerUnavailable, Forbidden, InvalidInput
from domain.ids import as_id, relationship_id
from domain.introduction import Introduction
from domain.relationship import Relationship
from domain.service import Recorded, Service


class IntroductionCommands(Service):
    def _introduction_for_broker(self, actor: Actor, introduction: UUID | str) -> Introduction:
        intro = self._load(Introduction, introduction, "introduction")
        if not actor.is_privileged and actor.person_id != intro.broker:
            raise Forbidden("Only the broker of an introduction can answer or make it.",
                            introduction=str(intro.id))
        self._active_people(intro.broker)
        return intro

    def request_introduction(
        self,
        actor: Actor,
        *,
        target: UUID | str,
        broker: UUID | str,
        message: str | None = "",
        path: Sequence[UUID | str] | None = None,
        requester: UUID | str | None = None,
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> Recorded:
        """Ask `broker` to introduce the requester (default: the actor) to `target`.
        `path` is the warm path used, from requester to target."""
        requester_id = self._on_behalf(actor, requester, "requester")
        target_id, broker_id = as_id(target, "target id"), as_id(broker, "broker id")
        path_ids = [as_id(p, "person id on the path") for p in (path or [])]
        new_id = uuid4()

        def decide(stamp: Stamp) -> list[Introduction]:
            intro = Introduction.request(new_id, requester=requester_id, target=target_id,
                                         broker=broker_id, message=message, path=path_ids,
                                         stamp=stamp)
            self._active_people(requester_id, target_id)
            if not self._active_person(broker_id).accepts_introduction_requests:
                raise BrokerUnavailable("This person does not take introduction requests.",
                                        broker=broker_id)
            return [intro]

        return self._run("request_introduction", actor, at=at,
                         idempotency_key=idempotency_key, decide=decide)

    def accept_introduction(
        self,
        actor: Actor,
        *,
        introduction: UUID | str,
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> Recorded:
        def decide(stamp: Stamp) -> list[Introduction]:
            intro = self._introduction_for_broker(actor, introduction)
            intro.accept(stamp=stamp)
            return [intro]

        return self._run("accept_introduction", actor, at=at,
                         idempotency_key=idempotency_key, decide=decide)

    def decline_introduction(
        self,
        actor: Actor,
        *,
        introduction: UUID | str,
        reason: str | None = "",
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> Recorded:
        def decide(stamp: Stamp) -> list[Introduction]:
            intro = self._introduction_for_broker(actor, introduction)
            intro.decline(reason=reason, stamp=stamp)
            return [intro]

        return self._run("decline_introduction", actor, at=at,
                         idempotency_key=idempotency_key, decide=decide)

    def make_introduction(
        self,
        actor: Actor,
        *,
        introduction: UUID | str | None = None,
        broker: UUID | str | None = None,
        a: UUID | str | None = None,
        b: UUID | str | None = None,
        context: str | None = "",
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> Recorded:
        """Make a requested introduction (give `introduction`), or one directly (give `a`
        and `b`; the broker defaults to the actor). Connects a and b in the same
        transaction unless they already know each other."""
        if introduction is not None and (a is not None or b is not None or broker is not None):
            raise InvalidInput("Give either an introduction to make, or a and b, not both.")
        if introduction is None and (a is None or b is None):
            raise InvalidInput("Name the two people to introduce (a and b).")
        new_id = uuid4()

        def decide(stamp: Stamp) -> list[Aggregate]:
            if introduction is not None:
                intro = self._introduction_for_broker(actor, introduction)
                intro.make(context=context, stamp=stamp)
            else:
                broker_id = self._on_behalf(actor, broker, "broker")
                intro = Introduction.make_directly(
                    new_id, broker=broker_id, a=as_id(a, "person id"),  # type: ignore[arg-type]
                    b=as_id(b, "person id"), context=context, stamp=stamp,  # type: ignore[arg-type]
                )
            assert intro.a is not None and intro.b is not None
            self._active_people(intro.broker, intro.a, intro.b)
            changed: list[Aggregate] = [intro]
            if self._find(Relationship, relationship_id(intro.a, intro.b)) is None:
                changed.append(Relationship.connect(
                    intro.a, intro.b, source="introduced", context=intro.context, stamp=stamp,
                    introduced_by=intro.broker, introduction_id=str(intro.id),
                ))
            return changed

        return self._run("make_introduction", actor, at=at, idempotency_key=idempotency_key,
                         decide=decide)
