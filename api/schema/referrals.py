"""Referrals: given, accepted or declined by the receiver, closed with a value, or lost."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import strawberry

from api.context import Info
from api.schema.common import Recorded, recorded, stamp
from api.schema.types import Person


@strawberry.type(description="A referral as the command side holds it.")
class Referral:
    id: strawberry.ID
    state: strawberry.Private[Any]

    @strawberry.field(description="given, accepted, declined, closed or lost.")
    def status(self) -> str:
        return self.state.status

    @strawberry.field
    async def giver(self, info: Info) -> Person | None:
        return Person.of(await info.context.loaders.person.load(self.state.giver))

    @strawberry.field
    async def receiver(self, info: Info) -> Person | None:
        return Person.of(await info.context.loaders.person.load(self.state.receiver))

    @strawberry.field
    def prospect_name(self) -> str:
        return self.state.prospect_name

    @strawberry.field
    def value(self) -> float | None:
        return getattr(self.state, "value", None)

    @strawberry.field
    def currency(self) -> str | None:
        return getattr(self.state, "currency", None)

    @strawberry.field(description="Private to giver and receiver, analysts and admins.")
    def note(self, info: Info) -> str | None:
        viewer = info.context.require()
        if not viewer.may_see_private_of(self.state.giver, self.state.receiver):
            return None
        return self.state.note


@strawberry.type
class ReferralPayload:
    recorded: Recorded
    referral: Referral


async def _answer(info: Info, result: Any) -> ReferralPayload:
    state = await asyncio.to_thread(info.context.services.domain.get_referral,
                                    result.aggregate_id)
    referral = Referral(id=strawberry.ID(str(result.aggregate_id)), state=state)
    return ReferralPayload(recorded=recorded(result), referral=referral)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Refer a prospect (a person or just a name) to someone.")
    async def give_referral(
        self,
        info: Info,
        receiver: strawberry.ID,
        giver: strawberry.ID | None = None,
        prospect: strawberry.ID | None = None,
        prospect_name: str = "",
        note: str = "",
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> ReferralPayload:
        result = await info.context.command(
            "give_referral", giver=str(giver) if giver else None, receiver=str(receiver),
            prospect=str(prospect) if prospect else None, prospect_name=prospect_name,
            note=note, **stamp(at, idempotency_key),
        )
        return await _answer(info, result)

    @strawberry.mutation(description="The receiver accepts a referral.")
    async def accept_referral(
        self,
        info: Info,
        referral: strawberry.ID,
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> ReferralPayload:
        result = await info.context.command(
            "accept_referral", referral=str(referral), **stamp(at, idempotency_key)
        )
        return await _answer(info, result)

    @strawberry.mutation(description="The receiver declines a referral.")
    async def decline_referral(
        self,
        info: Info,
        referral: strawberry.ID,
        reason: str = "",
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> ReferralPayload:
        result = await info.context.command(
            "decline_referral", referral=str(referral), reason=reason,
            **stamp(at, idempotency_key),
        )
        return await _answer(info, result)

    @strawberry.mutation(description="Business came of it: record its value.")
    async def close_referral(
        self,
        info: Info,
        referral: strawberry.ID,
        value: float,
        currency: str = "EUR",
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> ReferralPayload:
        result = await info.context.command(
            "close_referral", referral=str(referral), value=value, currency=currency,
            **stamp(at, idempotency_key),
        )
        return await _answer(info, result)

    @strawberry.mutation(description="No business came of it.")
    async def lose_referral(
        self,
        info: Info,
        referral: strawberry.ID,
        reason: str = "",
        at: datetime | None = None,
        idempotency_key: str | None = None,
    ) -> ReferralPayload:
        result = await info.context.command(
            "lose_referral", referral=str(referral), reason=reason, **stamp(at, idempotency_key)
        )
        return await _answer(info, result)
