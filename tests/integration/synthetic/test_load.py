"""The synthetic network goes into a real SQLite event store through the domain's commands:
in batches it records the same events as one command per transaction, exactly as many as
the plan says, and `goodwill generate` writes it from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from api.cli import app as cli
from domain.app import Goodwill
from synthetic.load import Loader, load
from synthetic.plan import Op, plan


def _recorded(app: Goodwill) -> list[tuple[str, int, str]]:
    """Every event's kind, version and `at` (ids of introductions, referrals and groups
    are drawn by the domain, so they differ from one load to the next)."""
    notifications = app.recorder.select_notifications(start=1, limit=1_000_000)
    events = [app.mapper.to_domain_event(n) for n in notifications]
    return sorted((type(e).__name__, e.originator_version, e.at.isoformat()) for e in events)


def _state(aggregate: Any) -> dict[str, Any]:
    """The aggregate's attributes, without the library's wall-clock timestamps."""
    return {k: v for k, v in vars(aggregate).items() if k not in ("_created_on", "_modified_on")}


@pytest.fixture
def stores(tmp_path: Path) -> Any:
    opened: list[Goodwill] = []

    def _open(name: str) -> Goodwill:
        app = Goodwill.from_url(f"sqlite:///{tmp_path / name}.sqlite")
        opened.append(app)
        return app

    yield _open
    for app in opened:
        app.close()


def test_batched_load_records_what_the_commands_record_one_by_one(stores: Any) -> None:
    network = plan(30, 1.0, 3)
    batched, one_by_one = stores("batched"), stores("one_by_one")

    result = load(batched, network, batch_events=200)
    Loader(one_by_one, network).run(network)

    assert result.events == network.expected_events() == batched.max_notification_id()
    assert _recorded(batched) == _recorded(one_by_one)
    for person in network.network.ids:
        assert _state(batched.get_person(person)) == _state(one_by_one.get_person(person))
    net = network.network
    for a, b in list(zip(net.tie_a, net.tie_b, strict=True))[:200]:
        ours = batched.get_relationship(net.ids[a], net.ids[b])
        theirs = one_by_one.get_relationship(net.ids[a], net.ids[b])
        assert (ours.version, ours.meetings, ours.helps, ours.thanks, ours.unconfirmed.keys()
                ) == (theirs.version, theirs.meetings, theirs.helps, theirs.thanks,
                      theirs.unconfirmed.keys())


def test_every_kind_of_step_is_loaded(stores: Any) -> None:
    network = plan(60, 2.0, 3)
    app = stores("all")
    load(app, network)
    assert set(network.op_counts()) == {op.name for op in Op}
    assert app.max_notification_id() == network.expected_events()


def test_goodwill_generate_writes_the_network(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'generated.sqlite'}"
    result = CliRunner().invoke(cli, ["generate", "--people", "20", "--no-project",
                                      "--store", url])
    assert result.exit_code == 0, result.output
    expected = plan(20, 3.0, 1).expected_events()
    assert f"{expected:,} events for 20 people" in result.output
    app = Goodwill.from_url(url)
    try:
        assert app.max_notification_id() == expected
        assert app.get_person(plan(20, 3.0, 1).network.ids[0]).name
    finally:
        app.close()
