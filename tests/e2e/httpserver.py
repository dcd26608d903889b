"""The handle e2e tests get on the running server."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from api import auth
from api.auth import Role

SECRET = "test-secret-for-the-e2e-suite"


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    env: dict[str, str] = field(default_factory=dict)  # the server's, for CLI commands
    log: Path | None = None  # what the server printed

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log else ""

    def token(self, role: Role = Role.ADMIN, person: str | None = None) -> str:
        return auth.issue(SECRET, role, person)
