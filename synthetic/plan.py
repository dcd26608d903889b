"""A synthetic business network and its history, as a pure, deterministic plan.

`plan(people=N, years=Y, seed=S)` draws, from nothing but the seed:

- communities of heavy-tailed sizes; inside each, ties by weighted (Chung–Lu style)
  attachment on a Pareto fitness, so degrees are heavy-tailed; a share of ties across
  communities; about 1 % brokers who span several communities;
- organisations (local to a community), tags (a community's industry first), collaborative
  groups with members, leadership rotation, clients brought and served;
- a timeline over Y years ending at `END`: people join (most at the start), ties appear
  (imported, met, or introduced by a common contact — triadic closure), and on each tie
  a heavy-tailed number of meetings, helps (mostly reciprocal; ~5 % takers never give),
  thanks and confirmations of one-sided claims, referrals with outcomes and values,
  classifications; introduction requests that are accepted, made or declined.

The plan is a list of `Step`s in time order (`at` back-dated, strictly increasing after
whatever a step depends on). It knows nothing of the event store: `synthetic.load` turns it
into events through the domain's commands. Steps are kept in compact columns (`array`)
because 100k people make several million of them.
"""

from __future__ import annotations

import random
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from typing import NamedTuple
from uuid import UUID

from synthetic import names

# The timeline ends here (in the past, so every plan is the same whenever it is loaded).
END = datetime(2025, 1, 1, tzinfo=UTC)
HOUR, DAY = 3600, 86400
YEAR = 365 * DAY


class Op(IntEnum):
    REGISTER = 1  # p1 person
    UPDATE_PROFILE = 2  # p1 person
    BROKERING = 3  # p1 person, val 1 accepts / 0 opts out
    FORGET = 4  # p1 person
    CONNECT = 5  # p1 tie (imported)
    MEET = 6  # p1 tie, p2 recorder (0 admin, 1 a, 2 b), p3 1 = first contact, ref claim
    HELP = 7  # p1 tie, p2 giver side (1 a, 2 b), p3 recorder (0 admin, 1 giver, 2 receiver),
    #           ref claim, val value in EUR (0 none)
    CONFIRM = 8  # p1 tie, ref claim, p2 confirming side (1 a, 2 b)
    THANK = 9  # p1 tie, ref claim (a help), p2 thanker side
    CLASSIFY = 10  # p1 tie, p2 kind index, p3 by side (0 admin, 1 a, 2 b)
    INTRO_DIRECT = 11  # p1 tie (a, b introduced), p2 broker, ref introduction
    INTRO_REQUEST = 12  # p1 requester, p2 target, p3 broker, ref introduction, val tie or -1
    INTRO_ACCEPT = 13  # ref introduction, val tie or -1
    INTRO_DECLINE = 14  # ref introduction, val -1
    INTRO_MAKE = 15  # ref introduction, p1 tie created
    REFER = 16  # p1 tie, p2 giver side, p3 prospect person or -1, ref referral
    REFERRAL_ACCEPT = 17  # p1 tie, ref referral
    REFERRAL_DECLINE = 18
    REFERRAL_CLOSE = 19  # val value in EUR
    REFERRAL_LOSE = 20
    GROUP_FORM = 21  # ref group, p1 founder
    GROUP_JOIN = 22  # ref group, p1 person
    GROUP_LEAVE = 23
    GROUP_ROTATE = 24  # ref group, p1 new leader
    CLIENT_BRING = 25  # ref group, p1 member, p2 client
    CLIENT_SERVE = 26  # ref group, p1 member, p2 client


# Events each step writes: an introduction that is made connects the two people (whom the
# plan guarantees did not know each other); a first meeting (p3 = 1) also writes Connected.
EVENTS_PER_STEP: dict[Op, int] = {op: 1 for op in Op}
EVENTS_PER_STEP[Op.INTRO_DIRECT] = 2
EVENTS_PER_STEP[Op.INTRO_MAKE] = 2


def events_of(step: Step) -> int:
    return EVENTS_PER_STEP[step.op] + (1 if step.op is Op.MEET and step.p3 == 1 else 0)

TIE_OPS = frozenset({Op.CONNECT, Op.MEET, Op.HELP, Op.CONFIRM, Op.THANK, Op.CLASSIFY,
                     Op.INTRO_DIRECT, Op.INTRO_MAKE, Op.REFER, Op.REFERRAL_ACCEPT,
                     Op.REFERRAL_DECLINE, Op.REFERRAL_CLOSE, Op.REFERRAL_LOSE})
KINDS = ("personal", "functional", "strategic")


class Step(NamedTuple):
    t: int  # seconds since the plan's start
    op: Op
    p1: int
    p2: int
    p3: int
    ref: int
    val: int


@dataclass(frozen=True)
class Settings:
    people: int
    years: float = 3.0
    seed: int = 1
    mean_degree: float = 20.0
    community_median: int = 150
    cross_share: float = 0.08  # ties across communities (besides brokers')
    broker_share: float = 0.01
    taker_share: float = 0.05
    introduced_share: float = 0.15  # ties that come from an introduction
    mean_interactions: float = 1.6  # per tie, before the strong-tie multiplier

    def as_dict(self) -> dict[str, float | int]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class Network:
    """Who is who: people, communities, ties (with how each began)."""

    ids: list[str]
    names: list[str]
    headlines: list[str]
    orgs: list[str | None]
    tags: list[list[str]]
    community: array  # person → community
    join_t: array  # person → seconds since start
    brokers: list[int]
    takers: list[int]
    opted_out: list[int]
    forgotten: list[int]
    tie_a: array = field(default_factory=lambda: array("i"))
    tie_b: array = field(default_factory=lambda: array("i"))
    tie_t: array = field(default_factory=lambda: array("q"))  # when the tie began
    tie_src: array = field(default_factory=lambda: array("b"))  # 0 imported 1 met 2 introduced
    tie_by: array = field(default_factory=lambda: array("i"))  # introducer or -1
    groups: list[str] = field(default_factory=list)  # group names
    communities: int = 0

    @property
    def size(self) -> int:
        return len(self.ids)

    def tie_count(self) -> int:
        return len(self.tie_a)


class Plan:
    """The network and its timeline in time order. Iterate for `Step`s."""

    def __init__(self, settings: Settings, network: Network, columns: _Columns,
                 order: array, claims: int) -> None:
        self.settings = settings
        self.network = network
        self._c = columns
        self.order = order  # step indices in time order
        self.start = END - timedelta(seconds=int(settings.years * YEAR))
        self.used_claims = bytearray(claims)  # one-sided records a step may name later
        self.first_meetings = 0
        self._mark_claims()

    def __len__(self) -> int:
        return len(self.order)

    def __iter__(self) -> Iterator[Step]:
        c = self._c
        for i in self.order:
            yield Step(c.t[i], Op(c.op[i]), c.p1[i], c.p2[i], c.p3[i], c.ref[i], c.val[i])

    def at(self, t: int) -> datetime:
        return self.start + timedelta(seconds=t)

    def op_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for code in self._c.op:
            name = Op(code).name
            counts[name] = counts.get(name, 0) + 1
        return dict(sorted(counts.items()))

    def expected_events(self) -> int:
        """How many events loading the plan writes (idempotency records aside)."""
        return self.first_meetings + sum(EVENTS_PER_STEP[Op[name]] * n
                                         for name, n in self.op_counts().items())

    def _mark_claims(self) -> None:
        """Mark the claims a later step names (the loader keeps only their event ids) and
        count the first meetings (they also write Connected)."""
        c = self._c
        for i in self.order:
            if c.op[i] in (Op.CONFIRM, Op.THANK):
                self.used_claims[c.ref[i]] = 1
            elif c.op[i] == Op.MEET and c.p3[i] == 1:
                self.first_meetings += 1

    def summary(self) -> dict[str, object]:
        net = self.network
        degrees = array("i", [0]) * net.size
        for a, b in zip(net.tie_a, net.tie_b, strict=True):
            degrees[a] += 1
            degrees[b] += 1
        ranked = sorted(degrees)
        return {
            "people": net.size,
            "communities": net.communities,
            "ties": net.tie_count(),
            "ties_introduced": sum(1 for s in net.tie_src if s == 2),
            "brokers": len(net.brokers),
            "takers": len(net.takers),
            "groups": len(net.groups),
            "degree_mean": round(2 * net.tie_count() / max(1, net.size), 2),
            "degree_median": ranked[len(ranked) // 2] if ranked else 0,
            "degree_p99": ranked[int(len(ranked) * 0.99)] if ranked else 0,
            "degree_max": ranked[-1] if ranked else 0,
            "steps": len(self),
            "events": self.expected_events(),
            "start": self.start.isoformat(),
            "end": END.isoformat(),
        }


@dataclass
class _Columns:
    t: array = field(default_factory=lambda: array("q"))
    op: array = field(default_factory=lambda: array("b"))
    p1: array = field(default_factory=lambda: array("i"))
    p2: array = field(default_factory=lambda: array("i"))
    p3: array = field(default_factory=lambda: array("i"))
    ref: array = field(default_factory=lambda: array("i"))
    val: array = field(default_factory=lambda: array("q"))

    def add(self, t: int, op: Op, p1: int = -1, p2: int = -1, p3: int = -1, ref: int = -1,
            val: int = 0) -> None:
        self.t.append(t)
        self.op.append(op)
        self.p1.append(p1)
        self.p2.append(p2)
        self.p3.append(p3)
        self.ref.append(ref)
        self.val.append(val)

    def time_order(self) -> array:
        # Sort on (t, insertion index) packed in one int: follow-ups always come later
        # in time than what they depend on, and equal times keep insertion order.
        keys = sorted((t << 26) | i for i, t in enumerate(self.t))
        mask = (1 << 26) - 1
        return array("i", (k & mask for k in keys))


def plan(people: int, years: float = 3.0, seed: int = 1, **overrides: float) -> Plan:
    settings = Settings(people=people, years=years, seed=seed, **overrides)  # type: ignore[arg-type]
    return _Builder(settings).build()


class _Builder:
    def __init__(self, settings: Settings) -> None:
        if settings.people < 10:
            raise ValueError("a network needs at least 10 people")
        self.s = settings
        self.rng = random.Random(settings.seed)
        self.span = int(settings.years * YEAR)
        self.c = _Columns()
        self.claims = 0
        self.intros = 0
        self.referrals = 0
        self.forgotten: set[int] = set()

    # -- the network -------------------------------------------------------------------

    def build(self) -> Plan:
        net = self._people()
        self._ties(net)
        self._introductions(net)
        self._timeline(net)
        return Plan(self.s, net, self.c, self.c.time_order(), self.claims)

    def _people(self) -> Network:
        rng, n = self.rng, self.s.people
        sizes: list[int] = []
        while sum(sizes) < n:
            sizes.append(max(20, min(2000, int(rng.lognormvariate(0, 0.7)
                                               * self.s.community_median))))
        sizes[-1] -= sum(sizes) - n
        if sizes[-1] < 10 and len(sizes) > 1:
            last = sizes.pop()  # (popped first: `sizes[-2] += sizes.pop()` misindexes)
            sizes[-1] += last
        community = array("i")
        for c, size in enumerate(sizes):
            community.extend([c] * size)
        industry = [rng.randrange(len(names.INDUSTRIES)) for _ in sizes]
        orgs_of = [[f"{rng.choice(names.ORG_WORDS)} {rng.choice(names.ORG_SUFFIX)} {c}-{k}"
                    for k in range(max(1, size // 25))] for c, size in enumerate(sizes)]
        ids, people_names, headlines, orgs, tags = [], [], [], [], []
        join_t = array("q")
        for i in range(n):
            c = community[i]
            ids.append(str(UUID(int=rng.getrandbits(128), version=4)))
            people_names.append(f"{rng.choice(names.FIRST)} {rng.choice(names.LAST)} {i}")
            own = names.INDUSTRIES[industry[c]] if rng.random() < 0.7 else \
                rng.choice(names.INDUSTRIES)
            headlines.append(f"{rng.choice(names.ROLES)} in {own}")
            local = orgs_of[c]
            # Heavy-tailed employers: the first organisations of a community are the big ones.
            orgs.append(local[min(len(local) - 1, int(rng.paretovariate(1.2)) - 1)]
                        if rng.random() < 0.8 else None)
            extra = rng.sample(names.INDUSTRIES, rng.randrange(0, 3))
            tags.append(list(dict.fromkeys([own, *extra])))
            founding = rng.random() < 0.7
            join_t.append(rng.randrange(0, 7 * DAY) if founding
                          else rng.randrange(0, int(self.span * 0.6)))
        order = list(range(n))
        rng.shuffle(order)
        n_brokers = max(3, int(n * self.s.broker_share))
        n_takers = max(2, int(n * self.s.taker_share))
        brokers = sorted(order[:n_brokers])
        takers = sorted(order[n_brokers:n_brokers + n_takers])
        rest = order[n_brokers + n_takers:]
        opted_out = sorted(rest[: max(1, n // 33)])
        forgotten = sorted(rest[len(opted_out): len(opted_out) + max(1, n // 1000)])
        for b in brokers:  # brokers are there from the start
            join_t[b] = rng.randrange(0, DAY)
        return Network(ids, people_names, headlines, orgs, tags, community, join_t, brokers,
                       takers, opted_out, forgotten, communities=len(sizes))

    def _ties(self, net: Network) -> None:
        rng, n = self.rng, net.size
        fitness = [min(60.0, rng.paretovariate(2.0)) for _ in range(n)]
        members: dict[int, list[int]] = {}
        for i in range(n):
            members.setdefault(net.community[i], []).append(i)
        seen: set[int] = set()
        target = int(n * self.s.mean_degree / 2)
        cross = int(target * self.s.cross_share)
        for group in members.values():
            size = len(group)
            want = min(int((target - cross) * size / n), size * (size - 1) // 4)
            cum = _cumulative([fitness[i] for i in group])
            self._sample_pairs(net, seen, group, cum, group, cum, want)
        # Brokers: a foot in several other communities.
        communities = list(members)
        for b in net.brokers:
            for c in rng.sample(communities, min(len(communities), rng.randrange(3, 9))):
                group = members[c]
                k = min(len(group), rng.randrange(10, 30))
                for j in rng.sample(group, k):
                    self._add_tie(net, seen, b, j)
        # Weak ties across communities.
        everyone = list(range(n))
        cum = _cumulative(fitness)
        self._sample_pairs(net, seen, everyone, cum, everyone, cum, cross,
                           skip_same_community=True)

    def _sample_pairs(self, net: Network, seen: set[int], left: list[int], lcum: list[float],
                      right: list[int], rcum: list[float], want: int,
                      skip_same_community: bool = False) -> None:
        rng = self.rng
        added, attempts = 0, 0
        while added < want and attempts < 8:
            batch = max(16, int((want - added) * 1.3))
            xs = rng.choices(left, cum_weights=lcum, k=batch)
            ys = rng.choices(right, cum_weights=rcum, k=batch)
            for x, y in zip(xs, ys, strict=True):
                if added >= want:
                    break
                if skip_same_community and net.community[x] == net.community[y]:
                    continue
                added += self._add_tie(net, seen, x, y)
            attempts += 1

    def _add_tie(self, net: Network, seen: set[int], x: int, y: int, src: int = -1,
                 by: int = -1, t: int = -1) -> int:
        if x == y:
            return 0
        key = min(x, y) * net.size + max(x, y)
        if key in seen:
            return 0
        seen.add(key)
        rng = self.rng
        if src < 0:
            begin = max(net.join_t[x], net.join_t[y])
            if rng.random() < 0.35:
                src, t = 0, begin + rng.randrange(HOUR, 3 * DAY)  # imported with the contacts
            else:
                src, t = 1, rng.randrange(begin + HOUR, max(begin + 2 * HOUR,
                                                            self.span - 30 * DAY))
        net.tie_a.append(x)
        net.tie_b.append(y)
        net.tie_t.append(t)
        net.tie_src.append(src)
        net.tie_by.append(by)
        return 1

    def _introductions(self, net: Network) -> None:
        """Triadic closure: x knows u and b, introduces u to b after both ties exist."""
        rng = self.rng
        base = net.tie_count()
        adjacency: list[list[int]] = [[] for _ in range(net.size)]
        for k in range(base):
            adjacency[net.tie_a[k]].append(k)
            adjacency[net.tie_b[k]].append(k)
        seen = {min(a, b) * net.size + max(a, b) for a, b in zip(net.tie_a, net.tie_b,
                                                                   strict=True)}
        takers = set(net.takers)
        want = int(base * self.s.introduced_share)
        made, attempts = 0, 0
        while made < want and attempts < want * 4:
            attempts += 1
            k = rng.randrange(base)
            u, x = (net.tie_a[k], net.tie_b[k]) if rng.random() < 0.5 else \
                (net.tie_b[k], net.tie_a[k])
            if x in takers or len(adjacency[x]) < 2:
                continue
            k2 = adjacency[x][rng.randrange(len(adjacency[x]))]
            b = net.tie_b[k2] if net.tie_a[k2] == x else net.tie_a[k2]
            if b in (u, x):
                continue
            t = max(net.tie_t[k], net.tie_t[k2]) + rng.randrange(DAY, 90 * DAY)
            if t > self.span - 7 * DAY:
                continue
            made += self._add_tie(net, seen, u, b, src=2, by=x, t=t)

    # -- the timeline ------------------------------------------------------------------

    def _timeline(self, net: Network) -> None:
        rng, c = self.rng, self.c
        self.forgotten = set(net.forgotten)
        end = self.span
        for i in range(net.size):
            c.add(net.join_t[i], Op.REGISTER, i)
            if rng.random() < 0.1:
                c.add(rng.randrange(net.join_t[i] + HOUR, end), Op.UPDATE_PROFILE, i)
        opted_out = set(net.opted_out)
        for i in net.opted_out:
            c.add(net.join_t[i] + HOUR, Op.BROKERING, i, val=0)
        for i in rng.sample(range(net.size), max(1, net.size // 50)):
            if i not in opted_out:
                c.add(net.join_t[i] + 2 * HOUR, Op.BROKERING, i, val=1)
        takers = set(net.takers)
        giving = [rng.betavariate(2, 2) for _ in range(net.size)]  # propensity to give
        for k in range(net.tie_count()):
            self._tie_history(net, k, takers, opted_out, giving)
        self._declined_requests(net, takers, opted_out)
        self._groups(net, takers)
        for i in net.forgotten:
            c.add(end + HOUR, Op.FORGET, i)

    def _tie_history(self, net: Network, k: int, takers: set[int], opted_out: set[int],
                     giving: list[float]) -> None:
        rng, c, end = self.rng, self.c, self.span
        a, b, t0, src = net.tie_a[k], net.tie_b[k], net.tie_t[k], net.tie_src[k]
        first_meeting = False
        if src == 0:
            c.add(t0, Op.CONNECT, k)
        elif src == 1:
            first_meeting = True
        else:
            self._introduction(net, k, t0, opted_out)
        strong = rng.random() < 0.25
        n = int(rng.paretovariate(1.5)) - 1 + (int(rng.paretovariate(1.5)) if strong else 0)
        n = min(400, int(n * self.s.mean_interactions / 1.6 + 0.5))
        if first_meeting:
            self._meet(k, t0, first=True)
        for _ in range(n):
            t = rng.randrange(t0 + HOUR, max(t0 + 2 * HOUR, end))
            roll = rng.random()
            a_takes, b_takes = a in takers, b in takers
            if roll < 0.45 or (roll < 0.9 and a_takes and b_takes):  # takers never give
                self._meet(k, t)
            elif roll < 0.8:
                if a_takes:
                    side = 2
                elif b_takes:
                    side = 1
                else:
                    side = 1 if rng.random() < giving[a] / (giving[a] + giving[b]) else 2
                self._help(k, t, side)
            elif roll < 0.9:
                side = 2 if a_takes else 1 if b_takes else rng.choice((1, 2))
                self._refer(net, k, t, side, a if side == 1 else b, b if side == 1 else a)
            else:
                kind = rng.choices((0, 1, 2), weights=(25, 50, 25))[0]
                c.add(t, Op.CLASSIFY, k, kind, rng.choice((0, 1, 2)))

    def _meet(self, k: int, t: int, first: bool = False) -> None:
        rng, c = self.rng, self.c
        recorder = 0 if rng.random() < 0.5 else rng.choice((1, 2))
        claim = -1
        if recorder:
            claim = self._claim()
            if rng.random() < 0.6 and (tc := t + rng.randrange(HOUR, 10 * DAY)) < self.span:
                c.add(tc, Op.CONFIRM, k, 3 - recorder, ref=claim)
        c.add(t, Op.MEET, k, recorder, 1 if first else 0, ref=claim)

    def _help(self, k: int, t: int, giver: int) -> None:
        rng, c = self.rng, self.c
        roll = rng.random()
        recorder = 2 if roll < 0.4 else 1 if roll < 0.8 else 0
        value = int(rng.lognormvariate(5.3, 1.0)) if rng.random() < 0.2 else 0
        claim = self._claim()
        c.add(t, Op.HELP, k, giver, recorder, ref=claim, val=value)
        follow = rng.random()
        tf = t + rng.randrange(HOUR, 10 * DAY)
        if tf >= self.span:
            return
        receiver = 3 - giver
        if (recorder == 1 and follow < 0.55) or (recorder != 1 and follow < 0.3):
            c.add(tf, Op.THANK, k, receiver, ref=claim)
        elif recorder == 1 and follow < 0.75:
            c.add(tf, Op.CONFIRM, k, receiver, ref=claim)

    def _claim(self) -> int:
        self.claims += 1
        return self.claims - 1

    def _refer(self, net: Network, k: int, t: int, side: int, giver: int, receiver: int
               ) -> None:
        rng, c = self.rng, self.c
        ref = self.referrals
        self.referrals += 1
        prospect = -1
        if rng.random() < 0.3:
            p = rng.randrange(net.size)
            if p not in (giver, receiver) and net.join_t[p] < t and p not in self.forgotten:
                prospect = p
        c.add(t, Op.REFER, k, side, prospect, ref=ref)
        roll = rng.random()
        t1 = t + rng.randrange(DAY, 20 * DAY)
        if t1 >= self.span or roll < 0.2:
            return
        if roll < 0.35:
            c.add(t1, Op.REFERRAL_DECLINE, k, ref=ref)
            return
        c.add(t1, Op.REFERRAL_ACCEPT, k, ref=ref)
        t2 = t1 + rng.randrange(10 * DAY, 120 * DAY)
        outcome = rng.random()
        if t2 >= self.span or outcome < 0.2:
            return
        if outcome < 0.75:
            c.add(t2, Op.REFERRAL_CLOSE, k, ref=ref,
                  val=max(100, int(rng.lognormvariate(8.5, 1.1))))
        else:
            c.add(t2, Op.REFERRAL_LOSE, k, ref=ref)

    def _introduction(self, net: Network, k: int, t: int, opted_out: set[int]) -> None:
        rng, c = self.rng, self.c
        broker = net.tie_by[k]
        intro = self.intros
        self.intros += 1
        a, b = net.tie_a[k], net.tie_b[k]
        latest_join = max(net.join_t[a], net.join_t[b], net.join_t[broker])
        t_req = t - rng.randrange(HOUR, 14 * DAY)
        if broker in opted_out or rng.random() < 0.5 or t_req <= latest_join:
            c.add(t, Op.INTRO_DIRECT, k, broker, ref=intro)
            return
        c.add(t_req, Op.INTRO_REQUEST, a, b, broker, ref=intro, val=k)
        if rng.random() < 0.6:
            c.add(rng.randrange(t_req + 1, t), Op.INTRO_ACCEPT, ref=intro, val=k)
        c.add(t, Op.INTRO_MAKE, k, ref=intro)

    def _declined_requests(self, net: Network, takers: set[int], opted_out: set[int]) -> None:
        """Some requests are declined: no tie comes of them."""
        rng, c = self.rng, self.c
        ties = net.tie_count()
        for _ in range(max(1, ties // 100)):
            k = rng.randrange(ties)
            broker, u = net.tie_a[k], net.tie_b[k]
            if broker in takers or broker in opted_out:
                continue
            target = rng.randrange(net.size)
            if target in (broker, u):
                continue
            t = max(net.tie_t[k], net.join_t[target]) + rng.randrange(HOUR, 60 * DAY)
            if t + DAY >= self.span:
                continue
            intro = self.intros
            self.intros += 1
            c.add(t, Op.INTRO_REQUEST, u, target, broker, ref=intro, val=-1)
            c.add(t + rng.randrange(HOUR, DAY), Op.INTRO_DECLINE, ref=intro, val=-1)

    def _groups(self, net: Network, takers: set[int]) -> None:
        """Collaborative groups, simulated in time order so every step is valid when it
        happens (members join before acting, the leader hands over before leaving)."""
        rng, end = self.rng, self.span
        by_community: dict[int, list[int]] = {}
        for i in range(net.size):
            by_community.setdefault(net.community[i], []).append(i)
        communities = sorted(by_community)
        for g in range(max(2, net.size // 150)):
            pool = by_community[communities[g % len(communities)]]
            candidates = [p for p in rng.sample(pool, min(len(pool), 40)) if p not in takers]
            if len(candidates) < 4:
                continue
            founder, *others = candidates[: rng.randrange(8, 36)]
            net.groups.append(f"{rng.choice(names.GROUP_WORDS)} "
                              f"{rng.choice(names.GROUP_WORDS)} {g}")
            t0 = max(net.join_t[founder] + HOUR, rng.randrange(0, int(end * 0.2)))
            proposals: list[tuple[int, int, int, int]] = [(t0, 0, founder, -1)]
            for p in others:
                proposals.append((max(t0, net.join_t[p]) + rng.randrange(HOUR, 180 * DAY),
                                  1, p, -1))
                if rng.random() < 0.1:
                    proposals.append((rng.randrange(t0 + 200 * DAY, end + 200 * DAY), 2, p, -1))
            for year in range(1, int(end / YEAR) + 1):
                proposals.append((t0 + year * YEAR, 3, -1, -1))
            for _ in range(max(1, len(others) // 3)):
                client = rng.randrange(net.size)
                t = rng.randrange(t0 + 30 * DAY, end + 30 * DAY)
                proposals.append((t, 4, -1, client))
                for _ in range(rng.randrange(0, 4)):
                    proposals.append((t + rng.randrange(DAY, 90 * DAY), 5, -1, client))
            self._simulate_group(net, g, sorted(proposals))

    def _simulate_group(self, net: Network, g: int, proposals: list[tuple[int, int, int, int]]
                        ) -> None:
        rng, c = self.rng, self.c
        members: list[int] = []
        leader = -1
        concierge: dict[int, int] = {}
        for t, kind, person, client in proposals:
            if t >= self.span:
                continue
            if kind == 0:
                c.add(t, Op.GROUP_FORM, person, ref=g)
                members, leader = [person], person
            elif kind == 1 and person not in members:
                c.add(t, Op.GROUP_JOIN, person, ref=g)
                members.append(person)
            elif kind == 2 and person in members and person != leader:
                c.add(t, Op.GROUP_LEAVE, person, ref=g)
                members.remove(person)
            elif kind == 3 and len(members) > 1:
                leader = rng.choice([m for m in members if m != leader])
                c.add(t, Op.GROUP_ROTATE, leader, ref=g)
            elif kind == 4 and client not in concierge and client not in members \
                    and net.join_t[client] < t:
                member = rng.choice(members)
                if client not in self.forgotten:
                    c.add(t, Op.CLIENT_BRING, member, client, ref=g)
                    concierge[client] = member
            elif kind == 5 and client in concierge:
                servers = [m for m in members if m not in (concierge[client], client)]
                if servers:
                    c.add(t, Op.CLIENT_SERVE, rng.choice(servers), client, ref=g)


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out
