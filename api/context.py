"""Per-request context: who is asking, the app's services, the request's graph reads and
dataloaders."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import strawberry
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from api.auth import AuthError, Principal, Role
from api.loaders import Loaders
from api.services import Services
from domain.actors import Actor
from domain.service import Recorded
from graph.reads import GraphReads


@dataclass
class Context:
    request: Request | WebSocket | None
    response: Response | WebSocket | None
    services: Services
    principal: Principal | None
    auth_error: AuthError | None
    reads: GraphReads
    loaders: Loaders = field(init=False)
    # Why the graph does not show a command of this request yet (a code), if it does not.
    read_model_behind: str | None = field(default=None, init=False)
    # A WebSocket's `connection_init` payload (strawberry sets it; `api.app` reads the token).
    connection_params: dict[str, Any] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.reads)

    def require(self, *roles: Role) -> Principal:
        """The principal, when it has one of `roles` (any role when none are given)."""
        if self.auth_error is not None:
            raise self.auth_error
        if self.principal is None:
            raise AuthError("UNAUTHENTICATED", "Send `Authorization: Bearer <token>`; "
                            "create one with `goodwill token create`.")
        if roles and self.principal.role not in roles:
            allowed = " or ".join(str(role) for role in roles)
            raise AuthError("FORBIDDEN", f"This needs a {allowed} token, "
                            f"not {self.principal.role}.")
        return self.principal

    @property
    def viewer(self) -> Principal:
        """Who is asking, inside a field its permission class let through."""
        return self.require()

    def actor(self) -> Actor:
        """The domain actor for a command: persons act as themselves, admins as admin;
        analysts read only."""
        principal = self.require(Role.PERSON, Role.ADMIN)
        if principal.role is Role.ADMIN or principal.person_id is None:
            return Actor.admin()
        return Actor.person(principal.person_id)

    async def command(self, method: str, **kwargs: Any) -> Recorded:
        """Run one command of `domain.app.Goodwill` as the caller, off the event loop, then
        let the projection catch up so the answer reads the write."""
        actor = self.actor()
        call = partial(getattr(self.services.domain, method), actor, **kwargs)
        try:
            recorded = await asyncio.to_thread(call)
        except Exception as error:
            self.services.command_ended(error)
            raise
        self.services.command_ended(None)
        behind = await self.services.after_command()
        if behind is not None:
            self.read_model_behind = behind
        return recorded


Info = strawberry.Info[Context, None]
