"""Standalone projector: `python -m projections.run [--follow] [--batch-size N]`.

Builds the application on GOODWILL_EVENT_STORE and the driver on NEO4J_URI (read through
`config`), brings the graph up to date, and with --follow keeps following until
SIGTERM/SIGINT. Safe to kill at any instant: the next start resumes from the position
stored in the graph.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from typing import Any

from projections.graph import connect
from projections.projector import Projector


def build(batch_size: int) -> tuple[Any, Projector]:
    import config
    from domain.app import Goodwill

    settings = config.load()
    app = Goodwill.from_settings(settings)
    return app, Projector(app, connect(settings.neo4j), batch_size=batch_size,
                          database=settings.neo4j.database)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m projections.run", description=__doc__)
    parser.add_argument("--follow", action="store_true", help="keep following new events")
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--poll-interval", type=float, default=0.2)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    app, projector = build(args.batch_size)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: (stop.set(), projector.wake()))
    try:
        if args.follow:
            projector.follow(stop, args.poll_interval, args.batch_size)
        else:
            projector.catch_up(args.batch_size)
        print(projector.lag().as_dict(), flush=True)
    finally:
        projector.driver.close()
        app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
