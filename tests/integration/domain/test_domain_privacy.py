"""Forget means forgotten, proven on the bytes: a person's personal data is never written
in clear, and once they are forgotten neither it nor their key is anywhere in the store's
files (SQLite file and WAL after a checkpoint; PostgreSQL's table files after VACUUM and a
checkpoint). What holds no personal data (a group's name) is found there, so the scan
reads where the data is."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from domain.actors import Actor
from domain.app import Goodwill
from domain.privacy.master import MasterKeys, encode_key
from domain.privacy.recorders import ERASED

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
    key = app.mapper.keyring.for_reading([person])[person]
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
        met = [e for e in fresh.history(fresh.get_relationship(z, y).id)
               if type(e).__name__ in ("Met", "Helped")]
        assert [getattr(e, "context", None) or e.note for e in met] == ["[erased]"] * 2
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
