"""Forget means forgotten, proven on the bytes: a person's personal data is never written
in clear, and once they are forgotten neither it nor their key is anywhere in the store's
files (SQLite file and WAL after a checkpoint; PostgreSQL's table files after VACUUM and a
checkpoint). What holds no personal data (a group's name) is found there, so the scan
reads where the data is."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from neo4j import Driver

from domain.actors import Actor
from domain.app import RELATIONSHIP_SNAPSHOT_INTERVAL, Goodwill
from domain.privacy.master import MasterKeys, encode_key
from domain.privacy.recorders import ERASED
from projector.canonical import GraphSnapshot, snapshot
from projector.projector import Projector

ADMIN = Actor.admin()
PLAIN_GROUP = "Okapi Builders Guild"  # a group's name is not personal data
SECRETS = {
    "name": "Zebulon Quixotewright", "headline": "Lamplighter of Vrell",
    "organization": "Marrowgate Okapi Forge", "tag": "xylophonicsqq",
    "meeting": "under the Marrowgate clock", "help": "lent the brass astrolabe",
    "message": "please mention the heliograph", "reason": "the heliograph is broken",
    "prospect": "Philomena Brackenridge", "referral": "knows the Vrell harbourmaster",
    "needs": "a quince orchard survey", "brokering": "ask me about lighthouses",
}
# What of it the graph shows (help notes, referral notes and prospects' names it never holds).
IN_THE_GRAPH = ("name", "headline", "organization", "tag", "meeting", "message", "reason",
                "needs", "brokering")


def _record_a_life(app: Goodwill) -> tuple[str, str, str]:
    z = str(app.register_person(ADMIN, name=SECRETS["name"], headline=SECRETS["headline"],
                                organization=SECRETS["organization"],
                                tags=[SECRETS["tag"]]).aggregate_id)
    y = str(app.register_person(ADMIN, name="Yara").aggregate_id)
    w = str(app.register_person(ADMIN, name="Wim").aggregate_id)
    me, you = Actor.person(z), Actor.person(y)
    app.set_brokering_preference(me, accepts_introduction_requests=True,
                                 note=SECRETS["brokering"])
    app.record_meeting(me, a=z, b=y, context=SECRETS["meeting"])
    for _ in range(RELATIONSHIP_SNAPSHOT_INTERVAL):  # the tie gets a snapshot
        app.record_meeting(me, a=z, b=y)
    app.record_help(me, giver=z, receiver=y, note=SECRETS["help"])
    app.record_meeting(Actor.person(w), a=w, b=y, context="plain for them")
    intro = app.request_introduction(me, target=w, broker=y, message=SECRETS["message"])
    app.decline_introduction(you, introduction=str(intro.aggregate_id),
                             reason=SECRETS["reason"])
    ref = app.give_referral(me, receiver=y, prospect_name=SECRETS["prospect"],
                            note=SECRETS["referral"])
    app.decline_referral(you, referral=str(ref.aggregate_id), reason=SECRETS["reason"])
    group = str(app.form_group(you, name=PLAIN_GROUP).aggregate_id)
    app.bring_client(you, group=group, client=z, needs=SECRETS["needs"])
    return z, y, w


def _needles(app: Goodwill, person: str) -> dict[str, bytes]:
    key = app.mapper.keyring.keys([person], create=False)[person]
    (kid, wrapped), = [app.recorder.find_keys([person])[person]]
    assert key is not None and kid
    return {**{k: v.encode() for k, v in SECRETS.items()}, "key": key, "wrapped key": wrapped}


def _sqlite_bytes(url: str) -> bytes:
    path = Path(url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*") if p.is_file())


def _postgres_bytes(url: str) -> bytes:
    import psycopg

    schema = parse_qs(urlsplit(url).query)["schema"][0]
    base = url.split("?")[0]
    with psycopg.connect(base, autocommit=True) as conn:
        for table in ("goodwill_events", "goodwill_snapshots", "goodwill_person_keys"):
            conn.execute(f'VACUUM "{schema}".{table}')
        conn.execute("CHECKPOINT")
        data = Path(conn.execute("SHOW data_directory").fetchone()[0])
        files = [data / row[0] for row in conn.execute(
            "SELECT pg_relation_filepath(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND pg_relation_filepath(c.oid) IS NOT NULL", (schema,))]
    return b"".join(f.read_bytes() for base_file in files
                    for f in base_file.parent.glob(base_file.name + "*") if f.is_file())


def _store_bytes(url: str) -> bytes:
    return _sqlite_bytes(url) if url.startswith("sqlite") else _postgres_bytes(url)


def test_no_personal_value_and_no_key_is_in_the_store_files_once_forgotten(
    store_url: str, app: Goodwill
) -> None:
    z, y, w = _record_a_life(app)
    needles = _needles(app, z)
    before = _store_bytes(store_url)
    assert PLAIN_GROUP.encode() in before  # the scan sees what the store wrote
    assert app.snapshots is not None and app.snapshots.get(app.get_relationship(z, y).id)
    assert needles["wrapped key"] in before  # and the key table
    assert [k for k, v in SECRETS.items() if v.encode() in before] == []  # never in clear

    app.forget_person(ADMIN, person=z)
    after = _store_bytes(store_url)
    assert PLAIN_GROUP.encode() in after
    assert [name for name, needle in needles.items() if needle in after] == []
    assert app.recorder.find_keys([z]) == {z: ERASED}

    # Every read of the store sees the erasure; what was about others stays readable.
    fresh = Goodwill.from_url(store_url)
    try:
        registered = fresh.history(z)[0]
        assert (registered.name, registered.tags, registered.organization) == \
            ("[erased]", [], None)
        tie = fresh.history(fresh.get_relationship(z, y).id)
        written = [e.note if type(e).__name__ == "Helped" else e.context for e in tie
                   if type(e).__name__ in ("Connected", "Met", "Helped")]
        assert set(written) == {"[erased]", ""} and written.count("[erased]") == 2
        others = [e.context for e in fresh.history(fresh.get_relationship(w, y).id)
                  if type(e).__name__ == "Met"]
        assert others == ["plain for them"]
    finally:
        fresh.close()


def test_rotating_the_master_key_rewraps_every_key_and_updates_the_env_file(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from api.cli import app as cli
    from domain.privacy.master import MasterKeyError

    old = encode_key(MasterKeys(b"o" * 32).current)
    env_file = tmp_path / ".env"
    env_file.write_text(f"GOODWILL_MASTER_KEY={old}\n")
    monkeypatch.setenv("GOODWILL_ENV_FILE", str(env_file))
    app = Goodwill.from_url(store_url)
    z, *_ = _record_a_life(app)
    app.close()

    result = CliRunner().invoke(cli, ["privacy", "rotate-master-key", "--store", store_url])
    assert result.exit_code == 0, result.output
    assert "re-wrapped 3 keys" in result.output
    settings = dict(line.split("=", 1) for line in env_file.read_text().splitlines())
    new = settings["GOODWILL_MASTER_KEY"]
    assert new != old and settings["GOODWILL_MASTER_KEY_PREVIOUS"] == old
    assert env_file.stat().st_mode & 0o777 == 0o600

    with_new_only = Goodwill.from_url(store_url, GOODWILL_MASTER_KEY=new,
                                      GOODWILL_MASTER_KEY_PREVIOUS="")
    with_old_only = Goodwill.from_url(store_url, GOODWILL_MASTER_KEY=old,
                                      GOODWILL_MASTER_KEY_PREVIOUS="")
    try:
        assert with_new_only.get_person(z).name == SECRETS["name"]
        with pytest.raises(MasterKeyError):
            with_old_only.get_person(z)
    finally:
        with_new_only.close()
        with_old_only.close()


@pytest.mark.neo4j
def test_the_graph_holds_none_of_it_once_forgotten_live_or_rebuilt(
    store_url: str, app: Goodwill, graph: Driver
) -> None:
    projector = Projector(app, graph)
    z, _, _ = _record_a_life(app)
    projector.run_once()
    assert _secrets_in(snapshot(graph)) == sorted(IN_THE_GRAPH)  # it was there

    app.forget_person(ADMIN, person=z)
    projector.run_once()
    live = snapshot(graph)
    assert _secrets_in(live) == []
    projector.rebuild()
    rebuilt = snapshot(graph)
    assert _secrets_in(rebuilt) == [] and rebuilt.digest == live.digest


def _secrets_in(graph: GraphSnapshot) -> list[str]:
    text = "\n".join([*graph.nodes, *graph.relationships])
    return sorted(k for k, v in SECRETS.items() if json.dumps(v)[1:-1] in text)


def test_a_persons_export_holds_their_data_decrypted_and_brings_them_back(
    store_url: str, app: Goodwill
) -> None:
    from domain.imports import Importer, parse
    from domain.privacy.export import FORMAT, WITHHELD, person_data

    z, y, _ = _record_a_life(app)
    prospect = str(app.register_person(ADMIN, name="Pia").aggregate_id)
    app.give_referral(Actor.person(z), receiver=y, prospect=prospect, note="for y's eyes")

    mine = person_data(app, z)
    assert mine["format"] == FORMAT
    assert {k: mine["person"][k] for k in ("name", "headline", "organization", "tags")} == {
        "name": SECRETS["name"], "headline": SECRETS["headline"],
        "organization": SECRETS["organization"], "tags": [SECRETS["tag"]]}
    attributes = [e["attributes"] for e in mine["events"]]
    texts = {v for a in attributes for v in a.values() if isinstance(v, str)}
    assert {SECRETS[k] for k in ("meeting", "help", "message", "reason", "prospect",
                                 "referral", "needs", "brokering")} <= texts
    assert "plain for them" not in texts  # a tie between two others is not theirs
    assert "for y's eyes" in texts

    # The prospect sees the referral that names them, not what giver and receiver wrote.
    theirs = person_data(app, prospect)
    (given,) = [e for e in theirs["events"] if e["event"] == "ReferralGiven"]
    assert given["attributes"]["note"] == WITHHELD
    assert given["attributes"]["prospect"] == prospect

    # Portability: the import lines bring the same person back into an empty store.
    empty = Goodwill.from_url("memory:")
    try:
        Importer(empty).run(list(parse(json.dumps(line) for line in mine["import"])))
        back = person_data(empty, z)["person"]
        assert {k: v for k, v in back.items() if k != "registered_at"} == \
            {k: v for k, v in mine["person"].items() if k != "registered_at"}
        assert back["registered_at"] == mine["person"]["registered_at"]
    finally:
        empty.close()

    # Once forgotten, the export says so and holds nothing readable about them.
    app.forget_person(ADMIN, person=z)
    gone = person_data(app, z)
    assert gone["person"]["forgotten"] is True and gone["import"] == []
    assert not {SECRETS[k] for k in SECRETS} & {
        v for e in gone["events"] for v in e["attributes"].values() if isinstance(v, str)}


def test_an_export_reads_the_aggregates_that_name_the_person_not_the_whole_log(
    app: Goodwill, monkeypatch: pytest.MonkeyPatch
) -> None:
    from domain.audit import audit_trail_entry
    from domain.privacy import export

    z, y, w = _record_a_life(app)
    named = app.recorder.aggregates_of(z)  # type: ignore[attr-defined]
    assert {z, str(app.get_relationship(z, y).id)} <= named
    assert str(app.get_relationship(w, y).id) not in named  # a tie between two others
    from_the_log = [audit_trail_entry(e).as_dict()
                    for e in export._theirs(export._whole_log(app), z)]
    assert len(from_the_log) > RELATIONSHIP_SNAPSHOT_INTERVAL

    def whole_log_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("the export read the whole notification log")

    with monkeypatch.context() as patch:
        patch.setattr(app.recorder, "select_notifications", whole_log_read)
        assert export.person_data(app, z)["events"] == from_the_log

    # A person registered before the store had the index is found by reading the log.
    monkeypatch.setattr(app.recorder, "aggregates_of", lambda person: set())
    assert export.person_data(app, z)["events"] == from_the_log
