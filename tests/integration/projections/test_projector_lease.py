"""The projector lease on PostgreSQL: one holder per store and projector name; a holder killed
with SIGKILL frees it at once; another store (schema) or name has a lease of its own; and
PostgreSQL says which process holds it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from projector.lease import PostgresLease, Unshared, lease_for

pytestmark = pytest.mark.postgres

HOLD = """
import sys, time
from projector.lease import PostgresLease
lease = PostgresLease(sys.argv[1], "Goodwill")
assert lease.hold()
print("held", flush=True)
time.sleep(600)
"""


def test_one_holder_at_a_time_and_release_hands_it_over(postgres_store_url: str) -> None:
    first, second = PostgresLease(postgres_store_url, "Goodwill"), PostgresLease(
        postgres_store_url, "Goodwill")
    try:
        assert first.hold() and first.hold()
        assert not second.hold()
        first.release()
        assert second.hold()
        assert not first.hold()
    finally:
        first.release()
        second.release()


def test_nobody_holds_a_lease_nobody_took(postgres_store_url: str) -> None:
    lease, other = PostgresLease(postgres_store_url, "Goodwill"), PostgresLease(
        postgres_store_url, "Other")
    try:
        assert lease.holder() is None
        assert other.hold()
        assert lease.holder() is None  # another name's lock is not this one
        assert lease.hold()
        assert lease.holder() is not None
        lease.release()
        assert lease.holder() is None
    finally:
        lease.release()
        other.release()


def test_other_names_and_schemas_have_their_own(postgres_store_url: str) -> None:
    base = os.environ["GOODWILL_TEST_POSTGRES_URL"]
    leases = [PostgresLease(postgres_store_url, "Goodwill"),
              PostgresLease(postgres_store_url, "Other"), PostgresLease(base, "Goodwill")]
    try:
        assert [lease.hold() for lease in leases] == [True, True, True]
    finally:
        for lease in leases:
            lease.release()


def test_a_holder_killed_with_sigkill_frees_the_lease_at_once(postgres_store_url: str) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, postgres_store_url],
                              stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": "."})
    standby = PostgresLease(postgres_store_url, "Goodwill")
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
        assert not standby.hold()
        held_by = standby.holder()
        assert held_by is not None and held_by.pid == holder.pid
        assert held_by.address == "127.0.0.1"
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        killed = time.monotonic()
        while not standby.hold():
            assert time.monotonic() - killed < 5.0
            time.sleep(0.05)
        now = standby.holder()
        assert now is not None and now.pid == os.getpid()
    finally:
        holder.kill()
        holder.wait()
        standby.release()


def test_sqlite_has_nothing_to_share(tmp_path: object) -> None:
    lease = lease_for(f"sqlite:///{tmp_path}/events.sqlite", "Goodwill")
    assert isinstance(lease, Unshared) and lease.hold() and not lease.shared
    assert lease.holder() is None
