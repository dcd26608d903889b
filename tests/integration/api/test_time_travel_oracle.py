"""The oracle of time travel. For random event logs (back-dated events, one-sided claims
confirmed or thanked later, classifications that change, referrals that close,
introductions, brokers who opt out and back in, people forgotten) and a random instant t:
every as-of read on the graph of the whole log equals the same read on a graph projected
only from the events that had happened by t — relationships, people's ties and their given
and received, ledgers, warm paths, fading ties, portfolios, influencers and pending
introductions — and each aggregate's audit trail as of t is its trail cut to the events by t.

Erasure is the one exception by design: a forgotten person is forgotten in every past as
well (the right to be forgotten is not undone by asking about last year), so the graph of
"by t" also applies every PersonForgotten.

Both graphs are the real Neo4j (one database, wiped between them) and every read goes
through GraphQL, on an app that only reads (its store is each example's log)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from gqlclient import Api
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j import Driver
from starlette.testclient import TestClient

import cypher
from api.app import create_app
from api.settings import ApiSettings, Limits
from domain.actors import Actor
from domain.app import Goodwill
from domain.errors import DomainError
from graph.connection import apply_schema
from projector.projector import Decoded, Projector

pytestmark = pytest.mark.neo4j

ADMIN = Actor.admin()
PEOPLE = 4
START = datetime(2024, 1, 1, tzinfo=UTC)
REGISTERED = START - timedelta(days=30)
KINDS = ("personal", "functional", "strategic")
CI_EXAMPLES = int(os.environ.get("GOODWILL_ORACLE_EXAMPLES", "200"))


class ProjectorOf(Projector):
    """Projects only the events `keeps` keeps, and every erasure."""

    def __init__(self, app: Goodwill, driver: Driver, keeps: Callable[[Any], bool]) -> None:
        super().__init__(app, driver)
        self.keeps = keeps

    def _decode_all(self, notifications: Sequence[Any]) -> Decoded:
        return [(n, e if e is None or self.keeps(e)
                 or type(e).__name__ == "PersonForgotten" else None)
                for n, e in super()._decode_all(notifications)]


def happened_by(app: Goodwill, driver: Driver, t: datetime) -> Projector:
    """The graph of the events that had happened by t. A relationship is created (Connected)
    with the first event recorded on it, dated at that event; when an earlier one is
    back-dated later, the tie existed from that earlier one on, so a connection that carries
    no weight of its own (not an import) belongs to every interaction of its relationship (a
    classification is no interaction: it makes no tie)."""
    events = [app.mapper.to_domain_event(n)
              for n in app.recorder.select_notifications(start=1, limit=100_000)]
    met_by_then = {str(e.originator_id) for e in events
                   if e.at <= t and type(e).__name__ in ("Met", "Helped", "Thanked")}

    def keeps(event: Any) -> bool:
        return event.at <= t or (type(event).__name__ == "Connected"
                                 and event.source != "imported"
                                 and str(event.originator_id) in met_by_then)

    return ProjectorOf(app, driver, keeps)


def recorded_by(app: Goodwill, driver: Driver, known_at: datetime) -> Projector:
    """The graph of the events the store had recorded by `known_at`."""
    return ProjectorOf(app, driver, lambda event: event.timestamp <= known_at)


@pytest.fixture
def reader(graph: Driver, api_settings: ApiSettings) -> Iterator[Api]:
    # one request asks every read of an example: more aliases and tokens than by default,
    # and the oracle checks answers, not latency: a busy machine gets longer to connect
    limits = Limits(max_aliases=40, max_tokens=20_000, graph_fail_fast_s=15.0)
    app = create_app(replace(api_settings, run_projector=False, limits=limits))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, api_settings)


# -- random logs ----------------------------------------------------------------------------

PERSON = st.integers(0, PEOPLE - 1)
DAY = st.integers(0, 360)
MEET = st.tuples(st.just("meet"), PERSON, PERSON, st.sampled_from(["a", "b", "admin"]), DAY)
HELP = st.tuples(st.just("help"), PERSON, PERSON, st.sampled_from(["giver", "receiver"]), DAY)
STEP = st.one_of(
    MEET, MEET, MEET, HELP, HELP,  # interactions more often than the rest
    st.tuples(st.just("confirm"), st.integers(0, 20), DAY),
    st.tuples(st.just("thank"), st.integers(0, 20), DAY),
    st.tuples(st.just("classify"), PERSON, PERSON, st.sampled_from(KINDS), DAY),
    st.tuples(st.just("refer"), PERSON, PERSON, DAY),
    st.tuples(st.just("close"), st.integers(0, 10), st.sampled_from([100.0, 2500.0]), DAY),
    st.tuples(st.just("introduce"), PERSON, PERSON, PERSON, DAY),
    st.tuples(st.just("answer"), st.integers(0, 5), st.booleans(),
              st.sampled_from(["confirm", "refuse"]), DAY),
    st.tuples(st.just("broker"), PERSON, st.booleans(), DAY),
    st.tuples(st.just("request"), PERSON, PERSON, PERSON, DAY),
    st.tuples(st.just("decide"), st.integers(0, 5),
              st.sampled_from(["accept", "decline", "make"]), DAY),
    st.tuples(st.just("forget"), PERSON, DAY),
)


def _day(n: int) -> datetime:
    return START + timedelta(days=n, hours=n % 7)


def record(app: Goodwill, people: list[str], steps: list[tuple[Any, ...]]) -> None:
    """Each step through the domain's commands; one the rules refuse is left out."""
    claims: list[tuple[str, str, str, str]] = []  # (event, a, b, claimed by)
    referrals: list[str] = []
    requests: list[str] = []
    made: list[tuple[str, str, str]] = []  # (introduction, a, b)
    for step in steps:
        kind, *args = step
        at = _day(args[-1])
        with contextlib.suppress(DomainError):
            _one(app, people, kind, args, at, claims, referrals, requests, made)


def _one(app: Goodwill, people: list[str], kind: str, args: list[Any], at: datetime,
         claims: list[tuple[str, str, str, str]], referrals: list[str],
         requests: list[str], made: list[tuple[str, str, str]]) -> None:
    if kind == "meet":
        a, b, by = people[args[0]], people[args[1]], args[2]
        actor = ADMIN if by == "admin" else Actor.person(a if by == "a" else b)
        met = app.record_meeting(actor, a=a, b=b, at=at)
        claims.append((str(met.event_id), a, b, a if by == "a" else b))
    elif kind == "help":
        giver, receiver, by = people[args[0]], people[args[1]], args[2]
        actor = Actor.person(giver if by == "giver" else receiver)
        helped = app.record_help(actor, giver=giver, receiver=receiver, at=at)
        claims.append((str(helped.event_id), giver, receiver, giver))
    elif kind in ("confirm", "thank") and claims:
        event, a, b, claimer = claims[args[0] % len(claims)]
        other = b if claimer == a else a
        if kind == "confirm":
            app.confirm_event(Actor.person(other), a=a, b=b, event=event, at=at)
        else:
            app.thank(Actor.person(b), thanked=a, for_event=event, at=at)
    elif kind == "classify":
        a, b = people[args[0]], people[args[1]]
        app.classify(Actor.person(a), a=a, b=b, kind=args[2], at=at)
    elif kind == "refer":
        giver, receiver = people[args[0]], people[args[1]]
        given_ = app.give_referral(Actor.person(giver), giver=giver, receiver=receiver,
                                   prospect_name="Acme", at=at)
        referrals.append(str(given_.aggregate_id))
    elif kind == "close" and referrals:
        app.close_referral(ADMIN, referral=referrals[args[0] % len(referrals)],
                           value=args[1], at=at)
    elif kind == "introduce":
        broker, a, b = (people[i] for i in args[:3])
        introduced = app.make_introduction(Actor.person(broker), broker=broker, a=a, b=b, at=at)
        made.append((str(introduced.aggregate_id), a, b))
    elif kind == "answer" and made:
        introduction, a, b = made[args[0] % len(made)]
        person = a if args[1] else b
        answer = app.confirm_introduction if args[2] == "confirm" else app.refuse_introduction
        answer(Actor.person(person), introduction=introduction, at=at)
    elif kind == "broker":
        app.set_brokering_preference(ADMIN, person=people[args[0]],
                                     accepts_introduction_requests=args[1], at=at)
    elif kind == "request":
        requester, target, broker = (people[i] for i in args[:3])
        asked = app.request_introduction(Actor.person(requester), requester=requester,
                                         target=target, broker=broker, at=at)
        requests.append(str(asked.aggregate_id))
    elif kind == "decide" and requests:
        introduction = requests[args[0] % len(requests)]
        decide = {"accept": app.accept_introduction, "decline": app.decline_introduction,
                  "make": app.make_introduction}[args[1]]
        decide(ADMIN, introduction=introduction, at=at)
    elif kind == "forget":
        app.forget_person(ADMIN, person=people[args[0]], at=at)


# -- the reads ------------------------------------------------------------------------------

PAIR_FIELDS = """connected kind since lastAt interactions
    history { items { eventId kind at source target confirmed value } }"""
PERSON_FIELDS = """
    ties { items { other { id } strength(at: $t) } } }
  ledger_{n}: ledger(person: "{p}", asOf: $t, first: 100) {
    items { eventId kind direction at value counterpart { id } } }
  fading_{n}: fadingTies(person: "{p}", asOf: $t) {
    items { person { id } strength peak peakAt drop lastAt kind } }
  portfolio_{n}: portfolio(person: "{p}", asOf: $t) {
    mix { kind ties strength share } strongestStrategic { person { id } strength } }
  pending_{n}: pendingIntroductions(broker: "{p}", asOf: $t) {
    items { id at requester { id } target { id } path requesterGiven requesterReceived
            requesterGivenValue } }
  warm_{n}: warmIntroductions(from: "{p}", to: {{person: "{q}"}}, maxHops: 3, first: 5,
                              asOf: $t) {
    items { pathIds warmth } }"""


def _answers(api: Api, people: list[str], t: datetime, live: bool) -> dict[str, Any]:
    """Every read in one request. On the whole log's graph (`live`) the relationship is
    asked as of t; on the graph of "by t" as it stands, its strength evaluated at t."""
    as_of = ", asOf: $t" if live else ""
    as_of_t = "(asOf: $t)" if live else ""  # the graph of "by t" counts what it holds
    parts = []
    pairs = [(a, b) for i, a in enumerate(people) for b in people[i + 1:]]
    for n, (a, b) in enumerate(pairs):
        parts.append(f'pair_{n}: relationship(a: "{a}", b: "{b}"{as_of}) '
                     f'{{ {PAIR_FIELDS} strength(at: $t) }}')
    for n, p in enumerate(people):
        q = people[(n + 2) % len(people)]
        parts.append(f'person_{n}: person(id: "{p}") {{ given{as_of_t} received{as_of_t} ' +
                     PERSON_FIELDS.replace("{n}", str(n)).replace("{p}", p)
                     .replace("{q}", q).replace("{{", "{").replace("}}", "}"))
    parts.append("""influencers(within: {tag: "all"}, asOf: $t, first: 10) {
        items { person { id } influence brokerage given received givenValue } }""")
    data = api.ok("query($t: DateTime) {\n" + "\n".join(parts) + "\n}",
                  {"t": t.isoformat()}, api.token())
    for n in range(len(people)):
        person = data.pop(f"person_{n}")
        data[f"giving_{n}"] = (person["given"], person["received"])
        ties = person["ties"]["items"]
        # Person.ties lists the ties of today: those not yet formed by t read 0
        data[f"ties_{n}"] = {tie["other"]["id"]: tie["strength"] for tie in ties
                             if tie["strength"] > 0.0}
    return data


def _approx(value: Any) -> Any:
    if isinstance(value, float):
        return pytest.approx(value, rel=1e-9, abs=1e-12)
    if isinstance(value, dict):
        return {k: _approx(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_approx(v) for v in value]
    return value


def _wipe(driver: Driver) -> None:
    with driver.session() as session:
        session.run(cypher.load("admin/wipe_graph")).consume()
    apply_schema(driver)


KNOWN_FIELDS = """strength(at: $t, knownAt: $known) history(asOf: $t, knownAt: $known) {
    items { eventId kind at source target confirmed value } }"""


def _known_answers(api: Api, people: list[str], t: datetime, known_at: datetime | None
                   ) -> dict[str, Any]:
    """Strength and history at t, as recorded by `known_at` (None: everything projected)."""
    fields = KNOWN_FIELDS
    pairs = [(a, b) for i, a in enumerate(people) for b in people[i + 1:]]
    parts = [f'pair_{n}: relationship(a: "{a}", b: "{b}") {{ {fields} }}'
             for n, (a, b) in enumerate(pairs)]
    variables = {"t": t.isoformat(), "known": known_at.isoformat() if known_at else None}
    return api.ok("query($t: DateTime, $known: DateTime) {\n" + "\n".join(parts) + "\n}",
                  variables, api.token())


TRAIL = """query($id: ID!, $t: DateTime, $known: DateTime) {
  auditTrail(aggregateId: $id, asOf: $t, knownAt: $known, first: 200) {
    items { eventId at recordedAt attributes } } }"""


def _check_audit_trails(api: Api, app: Goodwill, t: datetime, known_at: datetime | None
                        ) -> None:
    """Each aggregate's trail as of t (and known at `known_at`) is its whole trail cut to
    the events that had happened by t (and been recorded by then), nothing else changed;
    before its first such event the aggregate is NOT_FOUND."""
    notifications = app.recorder.select_notifications(start=1, limit=100_000)
    for aggregate in sorted({str(n.originator_id) for n in notifications}):
        whole = api.ok(TRAIL, {"id": aggregate}, api.token())["auditTrail"]["items"]
        expected = [e for e in whole
                    if datetime.fromisoformat(e["at"]) <= t
                    and (known_at is None
                         or datetime.fromisoformat(e["recordedAt"]) <= known_at)]
        asked = {"id": aggregate, "t": t.isoformat(),
                 "known": known_at.isoformat() if known_at else None}
        if not expected:
            assert api.error_codes(TRAIL, asked, api.token()) == ["NOT_FOUND"], aggregate
            continue
        assert api.ok(TRAIL, asked, api.token())["auditTrail"]["items"] == expected, aggregate


def _recorded_times(app: Goodwill) -> list[datetime]:
    notifications = app.recorder.select_notifications(start=1, limit=100_000)
    return [app.mapper.to_domain_event(n).timestamp for n in notifications]


def check(reader: Api, driver: Driver, steps: list[tuple[Any, ...]], t: datetime,
          projector_for: Callable[[Goodwill], Projector], known: int | None = None) -> None:
    """The oracle in world time at t; with `known`, also in recorded time: as known when
    the `known`-th event (counted from the end) was recorded."""
    app = Goodwill.from_url("memory:")
    reader.services.domain = app
    people = [str(app.register_person(ADMIN, name=f"P{i}", tags=["all"],
                                      at=REGISTERED).aggregate_id) for i in range(PEOPLE)]
    record(app, people, steps)
    _wipe(driver)
    Projector(app, driver).catch_up()
    live = _answers(reader, people, t, live=True)
    _wipe(driver)
    projector_for(app).catch_up()
    then = _answers(reader, people, t, live=False)
    for key in then:
        assert live[key] == _approx(then[key]), key
    if known is None:
        _check_audit_trails(reader, app, t, None)
        return
    times = _recorded_times(app)
    known_at = times[max(0, len(times) - 1 - known)]
    _check_audit_trails(reader, app, t, known_at)
    _wipe(driver)
    Projector(app, driver).catch_up()
    live = _known_answers(reader, people, t, known_at)
    _wipe(driver)
    recorded_by(app, driver, known_at).catch_up()
    then = _known_answers(reader, people, t, None)
    for key in then:
        assert live[key] == _approx(then[key]), key


INSTANT = st.integers(-5, 370).map(lambda n: START + timedelta(days=n, hours=n % 5))
SLOW = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


def run_oracle(reader: Api, driver: Driver, examples: int) -> None:
    @settings(max_examples=examples, deadline=None, suppress_health_check=SLOW)
    @given(steps=st.lists(STEP, min_size=1, max_size=20), t=INSTANT,
           known=st.integers(0, 20))
    def one(steps: list[tuple[Any, ...]], t: datetime, known: int) -> None:
        check(reader, driver, steps, t, lambda app: happened_by(app, driver, t), known)

    one()


def test_every_as_of_read_equals_the_graph_of_the_events_by_then(
    reader: Api, graph: Driver
) -> None:
    run_oracle(reader, graph, CI_EXAMPLES)


@pytest.mark.fuzz
def test_long_time_travel_oracle(reader: Api, graph: Driver) -> None:
    run_oracle(reader, graph, int(os.environ.get("GOODWILL_FUZZ_EXAMPLES", "20000")))


@pytest.mark.parametrize("steps, day", [
    # a broker who opted out after t still brokered at t
    ([("meet", 0, 1, "admin", 0), ("meet", 1, 2, "admin", 0), ("broker", 1, False, 100)], 50),
    # and one who opted back in after t did not
    ([("meet", 0, 1, "admin", 0), ("meet", 1, 2, "admin", 0), ("broker", 1, False, 10),
      ("broker", 1, True, 100)], 50),
    # a claim confirmed after t, a help thanked after t, a referral closed after t: past
    # the cap on one side's word, the claims count at t as the cap allowed them by then
    ([("meet", 0, 1, "a", 0), ("confirm", 0, 100), ("help", 0, 1, "giver", 5),
      ("thank", 1, 120), ("refer", 0, 1, 6), ("close", 0, 2500.0, 130)], 50),
    # four one-sided meetings fill Ada's cap; Bob confirms the first after t, which frees
    # room for a fifth, back-dated before t: at t the fifth counts nothing
    ([*(("meet", 0, 1, "a", d) for d in (1, 2, 3, 4)), ("confirm", 0, 100),
      ("meet", 0, 1, "a", 10)], 50),
    # a direct introduction confirmed by one of the two before t and by the other after,
    # and one declined after t
    ([("meet", 0, 1, "admin", 0), ("meet", 0, 2, "admin", 0), ("meet", 0, 3, "admin", 0),
      ("introduce", 0, 1, 2, 10), ("answer", 0, True, "confirm", 20),
      ("answer", 0, False, "confirm", 100), ("introduce", 0, 1, 3, 12),
      ("answer", 1, False, "confirm", 15), ("answer", 1, True, "refuse", 90)], 50),
    # a classification back-dated before an earlier-recorded one, and an introduction
    ([("meet", 0, 1, "admin", 0), ("classify", 0, 1, "strategic", 40),
      ("classify", 0, 1, "personal", 20), ("introduce", 1, 0, 2, 30)], 45),
    ([("meet", 0, 1, "admin", 0), ("meet", 1, 2, "admin", 3), ("forget", 1, 100)], 50),
    # a meeting back-dated before the first one recorded, asked between the two
    ([("meet", 0, 1, "a", 1), ("meet", 0, 1, "a", 0)], 0),
    # a classification dated before the tie's first meeting makes no tie then
    ([("meet", 1, 0, "a", 208), ("classify", 1, 0, "personal", 0)], 0),
    # requests decided or made after t were still waiting at t
    ([("meet", 0, 1, "admin", 0), ("help", 0, 3, "receiver", 1), ("request", 0, 2, 1, 10),
      ("request", 3, 2, 1, 12), ("decide", 0, "accept", 100), ("decide", 1, "make", 100),
      ("decide", 0, "make", 120)], 50),
])
def test_the_oracle_on_known_stories(reader: Api, graph: Driver,
                                     steps: list[tuple[Any, ...]], day: int) -> None:
    t = START + timedelta(days=day)
    for known in range(len(steps)):  # in recorded time, before each step of the story
        check(reader, graph, steps, t, lambda app: happened_by(app, graph, t), known)


