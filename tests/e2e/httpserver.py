"""The handle e2e tests get on the running server."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field

from api import auth
from api.auth import Role

SECRET = "test-secret-for-the-e2e-suite"


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    env: dict[str, str] = field(default_factory=dict)  # the server's, for CLI commands

    def token(self, role: Role = Role.ADMIN, person: str | None = None) -> str:
        return auth.issue(SECRET, role, person)
