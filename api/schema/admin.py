"""Admin operations on the read side."""

from __future__ import annotations

import asyncio

import strawberry

from api.context import Info
from api.permissions import AdminOnly, AnyToken


@strawberry.type(description="The outcome of a graph rebuild.")
class RebuildResult:
    events: int
    lag: int | None


@strawberry.type
class Query:
    @strawberry.field(description="How many recorded events the graph has not projected yet.",
                      permission_classes=[AnyToken])
    async def projection_lag(self, info: Info) -> int | None:
        runner = info.context.services.runner
        return None if runner is None else await asyncio.to_thread(runner.lag)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Wipe the graph and replay every event (admin only).",
                         permission_classes=[AdminOnly])
    async def rebuild_graph(self, info: Info) -> RebuildResult:
        services = info.context.services
        events = await asyncio.to_thread(services.rebuild)
        lag = None if services.runner is None else await asyncio.to_thread(services.runner.lag)
        return RebuildResult(events=int(events or 0), lag=lag)
