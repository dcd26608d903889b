"""Commands about referrals: given, then accepted or declined, closed or lost by the
receiver."""

from __future__ import annotations

from typing import Annotated, ClassVar
from uuid import uuid4

from eventsourcing.domain import Aggregate

from domain.actors import Actor
from domain.base import Stamp
from domain.declarations import (
    Changed,
    Doc,
    ForWhom,
    HolderOf,
    PersonId,
    ReferralId,
    Themself,
    command,
)
from domain.fields import Currency, ProspectName, ReferralNote, ReferralReason
from domain.referral import Referral
from domain.service import Service

RECEIVER = HolderOf("the receiver of the referral")


class ReferralCommands(Service):
    aggregate: ClassVar[type[Aggregate]] = Referral

    def _referral_for_receiver(self, actor: Actor, referral: str) -> Referral:
        return self._held(actor, Referral, referral, "referral", "receiver",
                          "Only the receiver of a referral records what became of it.")

    @command("Refer business to someone: a prospect who is a person here, or just a name.",
             issuer=Themself("giver"))
    def give_referral(
        self, actor: Actor, stamp: Stamp, *, receiver: PersonId,
        prospect: Annotated[PersonId | None, Doc("The prospect, when they are here.")] = None,
        prospect_name: ProspectName = "",
        note: ReferralNote = "",
        giver: ForWhom = None,
    ) -> Changed:
        assert giver is not None  # resolved from the actor (Themself)
        ref = Referral.give(uuid4(), giver=giver, receiver=receiver, prospect=prospect,
                            prospect_name=prospect_name, note=note, stamp=stamp)
        self._active_people(giver, receiver, *([prospect] if prospect else []))
        return [ref]

    @command("The receiver accepts a referral.", issuer=RECEIVER)
    def accept_referral(self, actor: Actor, stamp: Stamp, *, referral: ReferralId) -> Changed:
        ref = self._referral_for_receiver(actor, referral)
        ref.accept(stamp=stamp)
        return [ref]

    @command("The receiver declines a referral.", issuer=RECEIVER)
    def decline_referral(self, actor: Actor, stamp: Stamp, *, referral: ReferralId,
                         reason: ReferralReason = "") -> Changed:
        ref = self._referral_for_receiver(actor, referral)
        ref.decline(reason=reason, stamp=stamp)
        return [ref]

    @command("Business came of it: record its value.", issuer=RECEIVER)
    def close_referral(
        self, actor: Actor, stamp: Stamp, *, referral: ReferralId, value: float,
        currency: Currency = "EUR",
    ) -> Changed:
        ref = self._referral_for_receiver(actor, referral)
        ref.close(value=value, currency=currency, stamp=stamp)
        return [ref]

    @command("No business came of it.", issuer=RECEIVER)
    def lose_referral(self, actor: Actor, stamp: Stamp, *, referral: ReferralId,
                      reason: ReferralReason = "") -> Changed:
        ref = self._referral_for_receiver(actor, referral)
        ref.lose(reason=reason, stamp=stamp)
        return [ref]
