"""Where the projection is in the notification log, kept in Neo4j itself.

The library's tracking design (`eventsourcing.persistence.TrackingRecorder`): a view
records, atomically with its own changes, the position of the last event it covers. Here
the view is the graph, so the position is a `(:ProjectionPosition {name, position})` node
(unique by name) written inside the projector's write transaction. A crash before commit
loses both the changes and the position; after commit, both are there. The position only
ever moves inside such a transaction, so the library's `insert_tracking` (moving it on its
own) has no place here.
"""

from __future__ import annotations

from datetime import datetime

from eventsourcing.persistence import Tracking
from neo4j import Driver, ManagedTransaction, Transaction

import cypher
from graph.sessions import open_session

AnyTransaction = Transaction | ManagedTransaction


class Neo4jTrackingRecorder:
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

    # -- outside one ---------------------------------------------------------------------------

    def max_tracking_id(self, application_name: str) -> int | None:
        with open_session(self.driver, self.database) as session, \
                session.begin_transaction() as tx:
            record = tx.run(cypher.load("projection/position_read"), name=application_name).single()
        if record is None or not record["position"]:
            return None
        return int(record["position"])
