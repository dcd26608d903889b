"""The long-lived things one app holds: the command side, the drivers, the projector."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from neo4j import AsyncDriver, Driver

from api.auth import AuthError, Principal
from api.projector_runner import ProjectorRunner
from api.settings import ApiSettings
from domain.app import Goodwill
from domain.errors import UnknownPerson
from graph.connection import connect, connect_async
from projector.projector import Projector

log = logging.getLogger("goodwill.api")


def open_domain(event_store: str) -> Goodwill:
    """The command side on `event_store` (`sqlite:///…` or `postgresql://…`)."""
    return Goodwill.from_url(event_store)


def open_projector(domain: Goodwill, driver: Driver, database: str = "neo4j") -> Projector:
    return Projector(domain, driver, database=database)


@dataclass
class Services:
    settings: ApiSettings
    token_secret: str
    domain: Goodwill
    driver: Driver  # the projector's (sync) driver
    async_driver: AsyncDriver  # reads
    runner: ProjectorRunner | None

    @classmethod
    def open(cls, settings: ApiSettings, token_secret: str) -> Services:
        domain = open_domain(settings.event_store)
        driver = connect(settings.neo4j)  # the projector applies the schema when it starts
        runner = None
        if settings.run_projector:
            runner = ProjectorRunner(
                open_projector(domain, driver, settings.neo4j.database), settings.projector_poll_s
            )
        return cls(settings, token_secret, domain, driver, connect_async(settings.neo4j), runner)

    def check_standing(self, principal: Principal) -> None:
        """AuthError unless the token still stands: not revoked, and its person (if any)
        not forgotten. Asked of the event store on every request, so both take effect at
        once, in every process on the store."""
        if self.domain.is_token_revoked(principal.token_id):
            raise AuthError("UNAUTHENTICATED", "This token has been revoked.")
        if principal.person_id is None:
            return
        try:
            person = self.domain.get_person(principal.person_id)
        except UnknownPerson:  # not registered (yet): the commands refuse what needs them
            return
        if person.forgotten:
            raise AuthError("UNAUTHENTICATED", "This token's person has been forgotten; "
                            "their tokens no longer work.")

    def start(self) -> None:
        if self.runner is not None:
            self.runner.start()

    async def close(self) -> None:
        if self.runner is not None:
            await asyncio.to_thread(self.runner.stop)
        await self.async_driver.close()
        self.driver.close()
        close = getattr(self.domain, "close", None)
        if callable(close):
            close()

    def rebuild(self) -> int:
        """Wipe the graph and replay every event; returns how many events were replayed."""
        runner = self.runner or ProjectorRunner(
            open_projector(self.domain, self.driver, self.settings.neo4j.database)
        )
        return runner.rebuild()

    async def after_command(self) -> None:
        """Make a command's effect readable before the mutation answers (bounded wait)."""
        if self.runner is None:
            return
        self.runner.wake()
        try:
            await asyncio.wait_for(asyncio.to_thread(self.runner.catch_up),
                                   self.settings.catch_up_timeout_s)
        except Exception as error:  # the follower keeps trying; the write itself succeeded
            log.warning("projection did not catch up after a command: %s", error)
