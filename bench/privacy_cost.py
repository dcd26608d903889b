"""What encrypting personal data costs: `python -m bench.privacy_cost [--smoke]`.

Side by side in one run, interleaved, on fresh SQLite stores: the command append rate (one
command per transaction, and batches of 500) and the read side of projection (every stored
event mapped back to a domain event, as the projector and a rebuild read them) with
personal fields sealed (the product) and stored in clear (`Unsealed`, the anchor: what
Goodwill would do without crypto-shredding). Writes bench/results/privacy_cost.json."""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from eventsourcing.persistence import Mapper, StoredEvent

from bench import append, machine, report
from bench.report import console, table
from domain.app import Goodwill
from domain.privacy.mapper import SealingMapper, to_domain_events
from synthetic.load import load
from synthetic.plan import plan as make_plan

ROUNDS = 3
PAGE = 1000


class Unsealed(SealingMapper):
    """Personal fields stored in clear: the anchor of this benchmark, never the product."""

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        return Mapper.to_stored_event(self, domain_event)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        return Mapper.to_domain_event(self, stored_event)

    def to_domain_events(self, stored_events: Iterable[StoredEvent]) -> list[Any]:
        return [Mapper.to_domain_event(self, stored) for stored in stored_events]


class UnsealedGoodwill(Goodwill):
    def construct_mapper(self) -> Mapper[Any]:
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=Unsealed)


KINDS: dict[str, type[Goodwill]] = {"sealed": Goodwill, "clear": UnsealedGoodwill}


def read_rate(url: str, kind: type[Goodwill]) -> float:
    """Events/s mapped from the store by a freshly opened application (cold key cache)."""
    app = kind.from_url(url)
    started, count, start = time.perf_counter(), 0, 1
    while True:
        page = app.recorder.select_notifications(start=start, limit=PAGE)
        to_domain_events(app.mapper, page)
        count += len(page)
        if len(page) < PAGE:
            break
        start = page[-1].id + 1
    elapsed = time.perf_counter() - started
    app.close()
    return count / elapsed


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def run(people: int, seconds: float) -> dict[str, Any]:
    plan = make_plan(people, 1.0, 1)
    appends: dict[tuple[str, int], list[float]] = {}
    reads: dict[str, list[float]] = {}
    for _ in range(ROUNDS):
        for batch in (1, append.BATCH):
            for name, kind in KINDS.items():  # interleaved: sealed, clear, sealed, …
                url, path = append.sqlite_url()
                try:
                    row = append.measure(plan, url, 1, seconds, batch, app_class=kind)
                    appends.setdefault((name, batch), []).append(row["events_per_second"])
                finally:
                    _remove(path)
        for name, kind in KINDS.items():
            url, path = append.sqlite_url()
            try:
                app = kind.from_url(url)
                load(app, plan)
                app.close()
                reads.setdefault(name, []).append(read_rate(url, kind))
            finally:
                _remove(path)
    rows = []
    for batch in (1, append.BATCH):
        sealed = statistics.median(appends[("sealed", batch)])
        clear = statistics.median(appends[("clear", batch)])
        rows.append({"measure": f"append, {batch} command(s) per transaction",
                     "sealed": round(sealed), "clear": round(clear),
                     "ratio": round(sealed / clear, 3)})
    sealed, clear = statistics.median(reads["sealed"]), statistics.median(reads["clear"])
    rows.append({"measure": "projection read side (store → domain events)",
                 "sealed": round(sealed), "clear": round(clear),
                 "ratio": round(sealed / clear, 3)})
    return {"settings": {"people": people, "plan_years": 1.0, "seconds_per_append_run": seconds,
                         "rounds": ROUNDS, "store": "sqlite", "statistic": "median"},
            "results": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.privacy_cost", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=10.0, help="per append run")
    parser.add_argument("--smoke", action="store_true", help="200 people, 1 s runs")
    parser.add_argument("--out", type=Path, default=None, help="results folder")
    args = parser.parse_args(argv)
    if args.smoke:
        args.people, args.seconds = 200, 1.0
    out = args.out or (report.RESULTS if not args.smoke else Path("var/bench/smoke-results"))
    with console.status("encryption on vs off: append and read rates, interleaved"):
        entry = run(args.people, args.seconds)
    table("Cost of sealing personal data (events/s, median of interleaved runs)",
          ["measure", "sealed", "in clear", "sealed / clear"],
          [(r["measure"], r["sealed"], r["clear"], r["ratio"]) for r in entry["results"]])
    report.write(out, "privacy_cost", str(args.people), entry, machine.facts(None),
                 entry["settings"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
