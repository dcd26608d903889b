"""Reads during a rebuild answer REBUILDING (and /readyz 503), never a half-built graph;
commands are still stored and say the read model is behind; the rebuild itself holds the
gate for as long as it wipes and replays."""

from __future__ import annotations

import pytest
from gqlclient import Api

from api.auth import Role

pytestmark = pytest.mark.neo4j


def test_reads_during_a_rebuild_answer_rebuilding_and_commands_are_stored(api: Api) -> None:
    ada, bob = api.register("Ada"), api.register("Bob")
    person = f'{{ person(id: "{ada}") {{ name }} }}'
    assert api.ok(person, token=api.token())["person"]["name"] == "Ada"
    before = api.services.domain.max_notification_id()
    with api.services.gate.rebuilding():
        for read in (person, f'{{ warmIntroductions(from: "{ada}", to: {{person: "{bob}"}}) '
                             "{ items { warmth } } }", "{ people { items { id } } }"):
            body = api.post(read, token=api.token())
            assert [e["extensions"]["code"] for e in body["errors"]] == ["REBUILDING"], read
            assert "rebuilt" in body["errors"][0]["message"]
        meeting = api.post("""mutation($a: ID!, $b: ID!) { recordMeeting(a: $a, b: $b) {
            recorded { eventId } relationship { strength } } }""", {"a": ada, "b": bob},
                           api.token())
        assert meeting["data"]["recordMeeting"]["recorded"]["eventId"]
        assert meeting["extensions"]["readModelBehind"]["code"] == "REBUILDING"
        cypher = api.client.post("/cypher", json={"query": "MATCH (p:Person) RETURN count(p)"},
                                 headers={"Authorization": f"Bearer {api.token(Role.ANALYST)}"})
        assert cypher.status_code == 503 and cypher.json()["error"]["code"] == "REBUILDING"
        ready = api.client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["checks"]["projection"]["rebuilding"] is True
    assert api.services.domain.max_notification_id() > before
    assert api.ok(person, token=api.token())["person"]["name"] == "Ada"
    assert api.client.get("/readyz").status_code == 200


def test_the_rebuild_holds_the_gate_while_it_wipes_and_replays(api: Api) -> None:
    api.register("Ada")
    runner = api.services.runner
    seen: list[bool] = []
    replayed = runner.projector.rebuild(progress=lambda done, total: seen.append(
        api.services.gate.active))
    assert replayed == api.services.domain.max_notification_id()
    assert seen and all(seen)
    assert not api.services.gate.active
    answer = api.ok('mutation { rebuildGraph { events } }', token=api.token())
    assert answer["rebuildGraph"]["events"] == replayed
