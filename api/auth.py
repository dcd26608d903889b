"""Bearer tokens: `gw1.<payload>.<signature>`, HMAC-SHA256 signed with GOODWILL_TOKEN_SECRET;
the payload says who acts (a person, an analyst, an admin), the token's id, when it was
issued and until when it works — never longer than MAX_TTL_S.

The signature is checked with the secret alone; whether a token still stands (not revoked
with `goodwill token revoke`, its person not forgotten) is asked of the event store on each
request (`api.services.Services.check_standing`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from enum import StrEnum

import config
from domain.visibility import may_read

SECRET_VARIABLE = config.Settings.variables()["token_secret"]  # GOODWILL_TOKEN_SECRET
DEFAULT_TTL_S = 30 * 24 * 3600
MAX_TTL_S = 90 * 24 * 3600  # the longest a token may live: issued, and accepted


class Role(StrEnum):
    PERSON = "person"
    ANALYST = "analyst"
    ADMIN = "admin"


class AuthError(Exception):
    """A missing, malformed, forged or expired token (→ UNAUTHENTICATED), or a role that
    may not do something (→ FORBIDDEN)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Principal:
    role: Role
    person_id: str | None = None  # set for the person role only
    expires_at: int = 0
    token_id: str = ""
    issued_at: int = 0

    @property
    def is_reader_of_everything(self) -> bool:
        return self.role in (Role.ANALYST, Role.ADMIN)

    def may_see_private_of(self, *people: str | None) -> bool:
        """Private notes are for the people they concern, analysts and admins."""
        return self.is_reader_of_everything or (
            self.person_id is not None and self.person_id in people
        )

    def may_read(self, event: str, field: str, subject: str = "", **roles: str | None) -> bool:
        """Whether they may read `field` of `event`, by its declaration (domain/visibility)."""
        return may_read(event, field, roles, lambda people: self.may_see_private_of(*people),
                        subject)


def ensure_secret(settings: config.Settings | None = None) -> str:
    """The signing secret from the settings (environment, then the `.env` file); when it is
    set nowhere, a new one is generated into that `.env` file, where the next run finds it."""
    secret = (settings or config.load()).token_secret
    if secret:
        return secret
    secret = secrets.token_urlsafe(32)
    config.append(SECRET_VARIABLE, secret)
    return secret


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: str, payload: str) -> str:
    return _b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest())


def issue(
    secret: str,
    role: Role,
    person_id: str | None = None,
    ttl_s: int = DEFAULT_TTL_S,
    now: float | None = None,
) -> str:
    if (role is Role.PERSON) != (person_id is not None):
        raise ValueError("a person token names a person; analyst and admin tokens do not")
    if ttl_s > MAX_TTL_S:
        raise ValueError(f"a token lives at most {MAX_TTL_S // 86400} days")
    issued = int(time.time() if now is None else now)
    body = {"r": str(role), "p": person_id, "e": issued + int(ttl_s), "i": new_token_id(),
            "t": issued}
    payload = _b64(json.dumps(body, separators=(",", ":")).encode())
    return f"gw1.{payload}.{_sign(secret, payload)}"


def verify(secret: str, token: str, now: float | None = None) -> Principal:
    try:
        prefix, payload, signature = token.split(".")
    except ValueError:
        raise AuthError("UNAUTHENTICATED", "The bearer token is malformed.") from None
    # compared as bytes: compare_digest refuses str with non-ASCII characters (TypeError)
    expected = _sign(secret, payload).encode()
    if prefix != "gw1" or not hmac.compare_digest(signature.encode(), expected):
        raise AuthError("UNAUTHENTICATED", "The bearer token is not valid.")
    try:
        body = json.loads(_unb64(payload))
        if isinstance(body, dict) and not {"i", "t"} <= body.keys():
            raise AuthError("UNAUTHENTICATED", "The bearer token has no id or issue time (an "
                            "older kind that cannot be revoked); create a new one.")
        principal = Principal(Role(body["r"]), body["p"], int(body["e"]), str(body["i"]),
                              int(body["t"]))
    except (ValueError, KeyError, TypeError):
        raise AuthError("UNAUTHENTICATED", "The bearer token is malformed.") from None
    if principal.expires_at - principal.issued_at > MAX_TTL_S:
        raise AuthError("UNAUTHENTICATED", f"The bearer token lives longer than "
                        f"{MAX_TTL_S // 86400} days, the most a token may; create a new one.")
    if principal.expires_at < (time.time() if now is None else now):
        raise AuthError("UNAUTHENTICATED", "The bearer token has expired.")
    return principal


def new_token_id() -> str:
    return secrets.token_urlsafe(12)


def token_id_of(token: str) -> str:
    """The id inside a token, read without checking its signature (to revoke it)."""
    try:
        return str(json.loads(_unb64(token.strip().split(".")[1]))["i"])
    except (ValueError, KeyError, TypeError, IndexError):
        raise ValueError("not a token of this API (or one without an id)") from None


def from_header(secret: str, authorization: str | None) -> Principal | None:
    """The principal of an `Authorization: Bearer …` header; None when there is none."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("UNAUTHENTICATED", "Use `Authorization: Bearer <token>`.")
    return verify(secret, token.strip())
