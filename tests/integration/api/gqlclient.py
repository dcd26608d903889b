"""A client of the running app (Starlette's test client) that speaks GraphQL and mints
tokens; shared by the API tests."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import Any

from starlette.testclient import TestClient

from api import auth
from api.auth import Role
from api.settings import ApiSettings

SECRET = "test-secret-for-the-api-suite"


@dataclass
class Api:
    """A client of the running app plus ways to mint tokens."""

    client: TestClient
    settings: ApiSettings

    def token(self, role: Role | str = Role.ADMIN, person: str | None = None) -> str:
        return auth.issue(SECRET, Role(role), person)

    def person_token(self, person: str) -> str:
        return self.token(Role.PERSON, person)

    def post(self, query: str, variables: dict[str, Any] | None = None,
             token: str | None = None) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = self.client.post("/graphql", json={"query": query, "variables": variables},
                                    headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    def ok(self, query: str, variables: dict[str, Any] | None = None,
           token: str | None = None) -> dict[str, Any]:
        """The data of a query that must succeed."""
        body = self.post(query, variables, token)
        assert not body.get("errors"), body["errors"]
        return body["data"]

    def error_codes(self, query: str, variables: dict[str, Any] | None = None,
                    token: str | None = None) -> list[str]:
        body = self.post(query, variables, token)
        return [error["extensions"]["code"] for error in body.get("errors") or []]

    @property
    def services(self) -> Any:
        return self.client.app.state.services  # type: ignore[attr-defined]

    def register(self, name: str, **fields: Any) -> str:
        data = self.ok(
            """mutation($name: String!, $headline: String!, $organization: String,
                        $tags: [String!]) {
                 registerPerson(name: $name, headline: $headline, organization: $organization,
                                tags: $tags) { recorded { aggregateId } }
               }""",
            {"name": name, "headline": fields.get("headline", ""),
             "organization": fields.get("organization"), "tags": fields.get("tags")},
            self.token(),
        )
        return data["registerPerson"]["recorded"]["aggregateId"]




def free_port() -> int:
    """A local port nothing listens on (for an unreachable graph)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
