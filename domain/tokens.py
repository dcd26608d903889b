"""Revoked API tokens. A revocation is kept in the event store, like an idempotency
record: every API process on the same store sees it on its next request, and it survives
restarts. Projections ignore its event (`TokenRevoked`)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.base import GoodwillEvent, Stamp

TOKEN_NAMESPACE = UUID("3c7a9e21-5b4d-5f08-9a6e-1d2c3b4a5f60")


def revocation_id(token_id: str) -> UUID:
    return uuid5(TOKEN_NAMESPACE, token_id)


class TokenRevocation(Aggregate):
    if TYPE_CHECKING:
        token_id: str

    class Event(GoodwillEvent):
        pass

    class TokenRevoked(Event, Aggregate.Created):
        token_id: str

        def apply(self, revocation: TokenRevocation) -> None:
            revocation.token_id = self.token_id

    @classmethod
    def revoke(cls, token_id: str, stamp: Stamp) -> TokenRevocation:
        return cls._create(cls.TokenRevoked, id=revocation_id(token_id), token_id=token_id,
                           **stamp.kwargs())


TokenRevoked = TokenRevocation.TokenRevoked
