"""A batch that registers many people makes all their keys in one transaction (one commit
per person made a 30,000-person import crawl)."""

from __future__ import annotations

from typing import Any

import pytest

from domain.actors import Actor
from domain.app import Goodwill


def test_a_batch_makes_its_new_peoples_keys_at_once(app: Goodwill,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    hugo = str(app.register_person(Actor.admin(), name="Hugo").aggregate_id)
    calls: list[int] = []
    add_keys = app.recorder.add_keys  # type: ignore[attr-defined]

    def counted(keys: dict[str, Any]) -> None:
        calls.append(len(keys))
        add_keys(keys)

    monkeypatch.setattr(app.recorder, "add_keys", counted)
    with app.batch():
        for n in range(40):
            person = app.register_person(Actor.person(hugo), name=f"P{n}").aggregate_id
            app.connect(Actor.person(hugo), a=hugo, b=str(person), context="met at a fair")
    assert calls == [40]
    [connected] = app.history(app.get_relationship(hugo, str(person)).id)
    assert connected.context == "met at a fair"  # sealed under the keys made up front
