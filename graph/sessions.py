"""Sessions for the projection's own statements: server notifications (hints such as
"property key does not exist" on an empty graph) are switched off; they are noise here."""

from __future__ import annotations

from neo4j import Driver, NotificationMinimumSeverity, Session


def open_session(driver: Driver, database: str = "neo4j") -> Session:
    return driver.session(
        database=database, notifications_min_severity=NotificationMinimumSeverity.OFF
    )
