"""What every mutation shares: the `Recorded` answer and the optional `at`/idempotency key."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry


@strawberry.type(description="What a command wrote: its aggregate and the id of its event.")
class Recorded:
    aggregate_id: strawberry.ID
    event_id: strawberry.ID
    version: int


def recorded(result: Any) -> Recorded:
    """From `domain.app.Recorded`."""
    return Recorded(
        aggregate_id=strawberry.ID(str(result.aggregate_id)),
        event_id=strawberry.ID(str(result.event_id)),
        version=int(result.version),
    )


def stamp(at: datetime | None, idempotency_key: str | None) -> dict[str, Any]:
    return {"at": at, "idempotency_key": idempotency_key}
