"""What every mutation answers: the `Recorded` event."""

from __future__ import annotations

from typing import Any, Self

import strawberry


@strawberry.type(description="What a command wrote: its aggregate and the id of its event.")
class Recorded:
    aggregate_id: strawberry.ID
    event_id: strawberry.ID
    version: int


@strawberry.type
class CommandPayload:
    """What a mutation answers: the event it recorded and — in each aggregate's payload —
    the aggregate as it is after the command."""

    recorded: Recorded
    aggregate_id: strawberry.Private[str]

    @classmethod
    def of(cls, result: Any) -> Self:
        return cls(recorded=recorded(result), aggregate_id=str(result.aggregate_id))


def recorded(result: Any) -> Recorded:
    """From `domain.app.Recorded`."""
    return Recorded(
        aggregate_id=strawberry.ID(str(result.aggregate_id)),
        event_id=strawberry.ID(str(result.event_id)),
        version=int(result.version),
    )
