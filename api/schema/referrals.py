"""Referrals: given, accepted or declined by the receiver, closed with a value, or lost."""

from __future__ import annotations

import asyncio
from typing import Any

import strawberry

from api.context import Info
from api.schema.common import CommandPayload
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

    def _may_read(self, info: Info, field: str) -> bool:
        return info.context.viewer.may_read("ReferralGiven", field, giver=self.state.giver,
                                            receiver=self.state.receiver)

    @strawberry.field(description="Private to giver and receiver, analysts and admins.")
    def prospect_name(self, info: Info) -> str | None:
        return self.state.prospect_name if self._may_read(info, "prospect_name") else None

    @strawberry.field
    def value(self) -> float | None:
        return getattr(self.state, "value", None)

    @strawberry.field
    def currency(self) -> str | None:
        return getattr(self.state, "currency", None)

    @strawberry.field(description="Private to giver and receiver, analysts and admins.")
    def note(self, info: Info) -> str | None:
        return self.state.note if self._may_read(info, "note") else None


@strawberry.type
class ReferralPayload(CommandPayload):
    @strawberry.field(description="The referral after the command.")
    async def referral(self, info: Info) -> Referral | None:
        state = await asyncio.to_thread(info.context.services.domain.get_referral,
                                        self.aggregate_id)
        return Referral(id=strawberry.ID(self.aggregate_id), state=state)
