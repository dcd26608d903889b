"""Referral: given -> accepted | declined; accepted -> closed (value, currency) | lost."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.base import MAX_NAME, GoodwillEvent, Stamp, not_before, text
from domain.declarations import PersonId
from domain.errors import InvalidInput, InvalidTransition, SelfRelationship
from domain.fields import Currency, ProspectName, ReferralNote, ReferralReason

GIVEN, ACCEPTED, DECLINED, CLOSED, LOST = "given", "accepted", "declined", "closed", "lost"


@cache
def currencies() -> frozenset[str]:
    """ISO 4217 alphabetic codes as Debian's iso-codes (through pycountry) keep them
    current; read on first use, since importing pycountry takes a third of a second."""
    import pycountry

    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


class Referral(Aggregate):
    if TYPE_CHECKING:  # state, set by the events' apply()
        status: str
        given_at: datetime
        giver: str
        receiver: str
        prospect: str | None
        prospect_name: str
        note: str
        reason: str
        value: float | None
        currency: str | None

    class Event(GoodwillEvent):
        pass

    class ReferralGiven(Event, Aggregate.Created):
        giver: PersonId
        receiver: PersonId
        prospect: PersonId | None
        prospect_name: ProspectName
        note: ReferralNote

        def apply(self, ref: Referral) -> None:
            ref.status = GIVEN
            ref.given_at = self.at
            ref.giver, ref.receiver = self.giver, self.receiver
            ref.prospect, ref.prospect_name = self.prospect, self.prospect_name
            ref.note = self.note
            ref.reason = ""
            ref.value = ref.currency = None

    class ReferralAccepted(Event):
        def apply(self, ref: Referral) -> None:
            ref.status = ACCEPTED

    class ReferralDeclined(Event):
        reason: ReferralReason

        def apply(self, ref: Referral) -> None:
            ref.status = DECLINED
            ref.reason = self.reason

    class ReferralClosed(Event):
        value: float
        currency: Currency

        def apply(self, ref: Referral) -> None:
            ref.status = CLOSED
            ref.value, ref.currency = self.value, self.currency

    class ReferralLost(Event):
        reason: ReferralReason

        def apply(self, ref: Referral) -> None:
            ref.status = LOST
            ref.reason = self.reason

    @classmethod
    def give(
        cls,
        referral_id: UUID,
        *,
        giver: str,
        receiver: str,
        prospect: str | None,
        prospect_name: str | None,
        note: str | None,
        stamp: Stamp,
    ) -> Referral:
        if giver == receiver:
            raise SelfRelationship("A person cannot refer business to themself.", person=giver)
        if prospect is not None and prospect == receiver:
            raise SelfRelationship("The prospect cannot be the receiver of the referral.")
        name = text(prospect_name, "prospect name", limit=MAX_NAME)
        if prospect is None and not name:
            raise InvalidInput("Name the prospect: a person id or a name.")
        return cls._create(
            cls.ReferralGiven,
            id=referral_id,
            giver=giver,
            receiver=receiver,
            prospect=prospect,
            prospect_name=name,
            note=text(note, "note"),
            **stamp.kwargs(),
        )

    def _move(self, allowed_from: tuple[str, ...], to: str, stamp: Stamp) -> None:
        if self.status not in allowed_from:
            raise InvalidTransition(
                f"This referral is {self.status}; it cannot become {to}.",
                referral=str(self.id), status=self.status,
            )
        not_before(stamp.at, getattr(self, "given_at", None), "A referral's outcome",
                   referral=str(self.id))

    def accept(self, *, stamp: Stamp) -> None:
        self._move((GIVEN,), ACCEPTED, stamp)
        self.trigger_event(self.ReferralAccepted, **stamp.kwargs())

    def decline(self, *, reason: str | None, stamp: Stamp) -> None:
        self._move((GIVEN,), DECLINED, stamp)
        self.trigger_event(self.ReferralDeclined, reason=text(reason, "reason"), **stamp.kwargs())

    def close(self, *, value: float, currency: str, stamp: Stamp) -> None:
        self._move((ACCEPTED,), CLOSED, stamp)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidInput("value must be a number.")
        if not 0 <= float(value) < 1e15:
            raise InvalidInput("value must be zero or positive.")
        if not isinstance(currency, str) or currency.strip().upper() not in currencies():
            raise InvalidInput("currency must be an ISO 4217 code such as EUR or USD.",
                               currency=str(currency)[:10])
        self.trigger_event(
            self.ReferralClosed, value=float(value), currency=currency.strip().upper(),
            **stamp.kwargs(),
        )

    def lose(self, *, reason: str | None, stamp: Stamp) -> None:
        self._move((ACCEPTED,), LOST, stamp)
        self.trigger_event(self.ReferralLost, reason=text(reason, "reason"), **stamp.kwargs())


ReferralGiven = Referral.ReferralGiven
ReferralAccepted = Referral.ReferralAccepted
ReferralDeclined = Referral.ReferralDeclined
ReferralClosed = Referral.ReferralClosed
ReferralLost = Referral.ReferralLost
