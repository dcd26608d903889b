"""Who may call a field, declared on the field (`permission_classes=[...]`), never checked
inside a resolver. Each class names the tokens it lets through; a refusal is the
`AuthError` the client sees as UNAUTHENTICATED (no or bad token) or FORBIDDEN (a role that
may not). What a caller may *see* inside an answer (private notes) is decided by the
types themselves, from `Context.viewer`."""

from __future__ import annotations

from typing import Any, ClassVar

from strawberry.permission import BasePermission

from api.auth import Role


class Allows(BasePermission):
    """Lets through the tokens of `roles`; refuses the rest with a clear AuthError."""

    roles: ClassVar[tuple[Role, ...]] = ()

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        info.context.require(*self.roles)  # raises the AuthError the client reads
        return True


class AnyToken(Allows):
    """Any valid token: people, analysts, admins (reads)."""

    roles = (Role.PERSON, Role.ANALYST, Role.ADMIN)


class ActsForPeople(Allows):
    """A person (acting as themself) or an admin: the commands. Analysts only read."""

    roles = (Role.PERSON, Role.ADMIN)


class AdminOnly(Allows):
    roles = (Role.ADMIN,)


PERMISSIONS: tuple[type[Allows], ...] = (AnyToken, ActsForPeople, AdminOnly)
