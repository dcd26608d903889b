from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from domain.actors import Actor
from domain.base import Stamp
from domain.errors import Forbidden
from domain.ids import as_id
from domain.referral import Referral
from domain.service import Recorded, Service


class ReferralCommands(Service):
    def _referral_for_receiver(self, actor: Actor, referral: UUID | str) -> Referral:
        ref = self._load(Referral, referral, "referral")
        if not actor.is_privileged and actor.person_id != ref.receiver:
            raise Forbidden("Only the receiver of a referral records what became of it.",
                            referral=str(ref.id))
        self._active_people(ref.receiver)
        return ref

    def give_referral(
        self,
        actor: Actor,
        *,
        receiver: UUID | str,
        prospect: UUID | str | None = None,
        prospect_name: str | None = "",
        note: str | None = "",
        giver: UUID | str | None = None,
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> Recorded:
        """Refer business to `receiver`: a prospect who is a person here, or just a name."""
        giver_id = self._on_behalf(actor, giver, "giver")
        receiver_id = as_id(receiver, "receiver id")
        prospect_id = None if prospect is None else as_id(prospect, "prospect id")
        new_id = uuid4()

        def decide(stamp: Stamp) -> list[Referral]:
            ref = Referral.give(new_id, giver=giver_id, receiver=receiver_id,
                                prospect=prospect_id, prospect_name=prospect_name, note=note,
                                stamp=stamp)
            self._active_people(giver_id, receiver_id, *([prospect_id] if prospect_id else []))
            return [ref]

        return self._run("give_referral", actor, at=at, idempotency_key=idempotency_key,
                         decide=decide)

    def accept_referral(
        self, actor: Actor, *, referral: UUID | str, at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> Recorded:
        def decide(stamp: Stamp) -> list[Referral]:
            ref = self._referral_for_receiver(actor, referral)
            ref.accept(stamp=stamp)
            return [ref]

        return self._run("accept_referral", actor, at=at, idempotency_key=idempotency_key,
                         decide=decide)

    def decline_referral(
        self, actor: Actor, *, referral: UUID | str, reason: str | None = "",
        at: datetime | None = None, idempotency_key: str | None = None,
    ) -> Recorded:
        def decide(stamp: Stamp) -> list[Referral]:
            ref = self._referral_for_receiver(actor, referral)
            ref.decline(reason=reason, stamp=stamp)
            return [ref]

        return self._run("decline_referral", actor, at=at, idempotency_key=idempotency_key,
                         decide=decide)

    def close_referral(
        self, actor: Actor, *, referral: UUID | str, value: float, currency: str,
        at: datetime | None = None, idempotency_key: str | None = None,
    ) -> Recorded:
        """The referral became business worth `value` in `currency` (ISO 4217)."""

        def decide(stamp: Stamp) -> list[Referral]:
            ref = self._referral_for_receiver(actor, referral)
            ref.close(value=value, currency=currency, stamp=stamp)
            return [ref]

        return self._run("close_referral", actor, at=at, idempotency_key=idempotency_key,
                         decide=decide)

    def lose_referral(
        self, actor: Actor, *, referral: UUID | str, reason: str | None = "",
        at: datetime | None = None, idempotency_key: str | None = None,
    ) -> Recorded:
        def decide(stamp: Stamp) -> list[Referral]:
            ref = self._referral_for_receiver(actor, referral)
            ref.lose(reason=reason, stamp=stamp)
            return [ref]

        return self._run("lose_referral", actor, at=at, idempotency_key=idempotency_key,
                         decide=decide)
