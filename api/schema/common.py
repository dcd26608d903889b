"""What every mutation answers: the `Recorded` event."""

from __future__ import annotations

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
