"""A person's giving balance: what they gave and received (help, referrals, introductions
as broker) and the value of the referrals that closed — givers and takers at a glance."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Giving:
    given: int
    received: int
    given_value: float
    received_value: float

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> dict[str, Any]:
        """The fields, from a graph row (`given`, `received`, `givenValue`,
        `receivedValue`), as keyword arguments of this class or a subclass."""
        return {"given": int(row["given"] or 0), "received": int(row["received"] or 0),
                "given_value": float(row["givenValue"] or 0.0),
                "received_value": float(row["receivedValue"] or 0.0)}

    @property
    def balance(self) -> int:
        """given − received: a giver above zero, a taker below."""
        return self.given - self.received
