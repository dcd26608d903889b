"""Where the projection is in the notification log, kept in Neo4j itself.

The library's tracking design (`eventsourcing.persistence.TrackingRecorder`): a view
records, atomically with its own changes, the position of the last event it covers. Here
the view is the graph, so the position is a `(:ProjectionPosition {name, position})` node
(unique by name) written inside the projector's write transaction. A crash before commit
loses both the changes and the position; after commit, both are there.
"""

from __future__ import annotations

from datetime import datetime

from eventsourcing.persistence import Tracking, TrackingRecorder
from neo4j import Driver, ManagedTransaction, Transaction

import cypher
from projections.sessions import open_session

AnyTransaction = Transaction | ManagedTransaction


class PositionMoved(RuntimeError):
    """Another projector moved the position since we read it; re-read and go on."""


class Neo4jTrackingRecorder(TrackingRecorder):
    def __init__(self, driver: Driver, database: str = "neo4j") -> None:
        self.driver = driver
        self.database = database

    # -- inside a projection transaction ---------------------------------------------------

    @staticmethod
    def lock(tx: AnyTransaction, application_name: str) -> int:
        """The stored position, write-locked until the transaction ends."""
        record = tx.run(cypher.load("projection/position_lock"), name=application_name).single()
        assert record is not None
        return int(record["position"])

    @staticmethod
    def advance(tx: AnyTransaction, tracking: Tracking, recorded_at: datetime | None) -> None:
        tx.run(
            cypher.load("projection/position_advance"),
            name=tracking.application_name,
            position=tracking.notification_id,
            recorded_at=recorded_at,
        ).consume()

    # -- the library's interface -------------------------------------------------------------

    def insert_tracking(self, tracking: Tracking) -> None:
        """Move the position on its own (no graph change), refusing to go backwards."""
        with open_session(self.driver, self.database) as session, \
                session.begin_transaction() as tx:
            current = self.lock(tx, tracking.application_name)
            if tracking.notification_id <= current:
                raise PositionMoved(
                    f"position {tracking.notification_id} is not after {current}"
                )
            self.advance(tx, tracking, None)
            tx.commit()

    def max_tracking_id(self, application_name: str) -> int | None:
        with open_session(self.driver, self.database) as session, \
                session.begin_transaction() as tx:
            record = tx.run(cypher.load("projection/position_read"), name=application_name).single()
        if record is None or not record["position"]:
            return None
        return int(record["position"])
