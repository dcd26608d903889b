"""A small deterministic workload for the projection: random but valid commands through the
domain application, covering every event kind. Used by the projection benchmark and by the
projection tests (which feed it hypothesis-drawn choices instead of a seeded generator).

Each step is `(op, x, y, z)`: `op` picks a command, the integers pick the people, claims,
introductions… it acts on. Commands the domain refuses (a DomainError) are skipped: the
workload wants volume and variety, the domain decides what is valid.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.actors import Actor
from domain.errors import DomainError

ADMIN = Actor.admin()
TAGS = ("fintech", "design", "legal", "sales", "ai", "health")
ORGS = ("Acme", "Globex", "Initech", "Umbrella", None)
KINDS = ("personal", "functional", "strategic")


@dataclass
class Workload:
    app: Any
    start: datetime = field(default_factory=lambda: datetime(2024, 1, 1, tzinfo=UTC))
    step_size: timedelta = timedelta(minutes=37)
    people: list[str] = field(default_factory=list)
    forgotten: set[str] = field(default_factory=set)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    claims: list[tuple[str, str, str, str]] = field(default_factory=list)  # a, b, event, by
    helps: list[tuple[str, str, str]] = field(default_factory=list)  # giver, receiver, event
    introductions: list[tuple[str, str]] = field(default_factory=list)  # id, broker
    referrals: list[tuple[str, str]] = field(default_factory=list)  # id, receiver
    groups: list[str] = field(default_factory=list)
    steps: int = 0
    accepted: int = 0

    # -- driving -----------------------------------------------------------------------

    def run(self, steps: Iterable[tuple[int, int, int, int]]) -> int:
        for step in steps:
            self.step(*step)
        return self.accepted

    def random(self, count: int, seed: int = 7) -> int:
        rng = random.Random(seed)
        return self.run((rng.randrange(1000), rng.randrange(1 << 30), rng.randrange(1 << 30),
                         rng.randrange(1 << 30)) for _ in range(count))

    def step(self, op: int, x: int, y: int, z: int) -> bool:
        self.steps += 1
        at = min(self.start + self.step_size * self.steps, datetime.now(tz=UTC))
        command = self._choose(op)
        try:
            command(self, at, x, y, z)
        except (DomainError, IndexError, ZeroDivisionError):
            return False  # refused by the domain, or nothing to act on yet
        self.accepted += 1
        return True

    def _choose(self, op: int) -> Callable[[Workload, datetime, int, int, int], None]:
        if len(self.people) < 4:
            return Workload.register
        table = OPS
        return table[op % len(table)]

    # -- picking -----------------------------------------------------------------------

    def _person(self, n: int) -> str:
        return self.people[n % len(self.people)]

    def _two(self, x: int, y: int) -> tuple[str, str]:
        a = self._person(x)
        b = self.people[(x + 1 + y % (len(self.people) - 1)) % len(self.people)]
        return a, b

    # -- commands ----------------------------------------------------------------------

    def register(self, at: datetime, x: int, y: int, z: int) -> None:
        recorded = self.app.register_person(
            ADMIN, name=f"Person {len(self.people)}", headline=f"headline {x % 97}",
            organization=ORGS[y % len(ORGS)], tags=[TAGS[z % len(TAGS)]], at=at,
        )
        self.people.append(str(recorded.aggregate_id))

    def update(self, at: datetime, x: int, y: int, z: int) -> None:
        self.app.update_profile(ADMIN, person=self._person(x), headline=f"now {y % 89}",
                                organization=ORGS[z % len(ORGS)] if z % 3 else None, at=at)

    def brokering(self, at: datetime, x: int, y: int, z: int) -> None:
        self.app.set_brokering_preference(ADMIN, person=self._person(x),
                                          accepts_introduction_requests=bool(y % 4), at=at)

    def forget(self, at: datetime, x: int, y: int, z: int) -> None:
        if y % 8:  # rare: erasure ends a person's part in the network
            return self.meet(at, x, y, z)
        person = self._person(x)
        self.app.forget_person(ADMIN, person=person, at=at)
        self.forgotten.add(person)
        return None

    def connect(self, at: datetime, x: int, y: int, z: int) -> None:
        a, b = self._two(x, y)
        self.app.connect(ADMIN, a=a, b=b, source="imported" if z % 2 else "met", at=at)
        self.pairs.append((a, b))

    def meet(self, at: datetime, x: int, y: int, z: int) -> None:
        a, b = self._two(x, y)
        actor = ADMIN if z % 3 == 0 else Actor.person(a)
        recorded = self.app.record_meeting(actor, a=a, b=b, context="coffee", at=at)
        self.pairs.append((a, b))
        if actor is not ADMIN:
            self.claims.append((a, b, str(recorded.event_id), a))

    def help(self, at: datetime, x: int, y: int, z: int) -> None:
        giver, receiver = self._two(x, y)
        actor = Actor.person(giver) if z % 2 else Actor.person(receiver)
        recorded = self.app.record_help(actor, giver=giver, receiver=receiver, kind="advice",
                                        value=float(z % 500) if z % 5 == 0 else None, at=at)
        self.pairs.append((giver, receiver))
        self.helps.append((giver, receiver, str(recorded.event_id)))
        if z % 2:
            self.claims.append((giver, receiver, str(recorded.event_id), giver))

    def confirm(self, at: datetime, x: int, y: int, z: int) -> None:
        a, b, event, by = self.claims[x % len(self.claims)]
        other = b if by == a else a
        self.app.confirm_event(Actor.person(other), a=a, b=b, event=event, at=at)

    def thank(self, at: datetime, x: int, y: int, z: int) -> None:
        giver, receiver, event = self.helps[x % len(self.helps)]
        self.app.thank(Actor.person(receiver), thanked=giver, for_event=event, at=at)

    def classify(self, at: datetime, x: int, y: int, z: int) -> None:
        a, b = self.pairs[x % len(self.pairs)]
        self.app.classify(Actor.person(a), a=a, b=b, kind=KINDS[y % 3], at=at)

    def request_intro(self, at: datetime, x: int, y: int, z: int) -> None:
        requester, target = self._two(x, y)
        broker = self._person(z)
        recorded = self.app.request_introduction(
            Actor.person(requester), target=target, broker=broker, message="hello",
            path=[requester, broker, target], at=at,
        )
        self.introductions.append((str(recorded.aggregate_id), broker))

    def decide_intro(self, at: datetime, x: int, y: int, z: int) -> None:
        intro, broker = self.introductions[x % len(self.introductions)]
        actor = Actor.person(broker)
        if y % 3 == 0:
            self.app.accept_introduction(actor, introduction=intro, at=at)
        elif y % 3 == 1:
            self.app.make_introduction(actor, introduction=intro, context="lunch", at=at)
        else:
            self.app.decline_introduction(actor, introduction=intro, reason="busy", at=at)

    def introduce(self, at: datetime, x: int, y: int, z: int) -> None:
        a, b = self._two(x, y)
        broker = self._person(z)
        # by an admin: counts at once (a broker's own would wait for the two to confirm it)
        self.app.make_introduction(Actor.admin(), broker=broker, a=a, b=b, context="intro",
                                   at=at)
        self.pairs.append((a, b))

    def refer(self, at: datetime, x: int, y: int, z: int) -> None:
        giver, receiver = self._two(x, y)
        recorded = self.app.give_referral(Actor.person(giver), receiver=receiver,
                                          prospect_name="Prospect Ltd", at=at)
        self.referrals.append((str(recorded.aggregate_id), receiver))
        self.pairs.append((giver, receiver))

    def referral_outcome(self, at: datetime, x: int, y: int, z: int) -> None:
        referral, receiver = self.referrals[x % len(self.referrals)]
        actor = Actor.person(receiver)
        choice = y % 4
        if choice == 0:
            self.app.accept_referral(actor, referral=referral, at=at)
        elif choice == 1:
            self.app.close_referral(actor, referral=referral, value=float(100 + z % 9000),
                                    currency="EUR", at=at)
        elif choice == 2:
            self.app.decline_referral(actor, referral=referral, reason="no fit", at=at)
        else:
            self.app.lose_referral(actor, referral=referral, reason="lost", at=at)

    def form_group(self, at: datetime, x: int, y: int, z: int) -> None:
        recorded = self.app.form_group(ADMIN, name=f"Group {len(self.groups)}",
                                       purpose="referrals", founder=self._person(x), at=at)
        self.groups.append(str(recorded.aggregate_id))

    def membership(self, at: datetime, x: int, y: int, z: int) -> None:
        group = self.groups[z % len(self.groups)]
        person = self._person(x)
        choice = y % 4
        if choice in (0, 1):
            self.app.join_group(ADMIN, group=group, person=person, at=at)
        elif choice == 2:
            self.app.leave_group(ADMIN, group=group, person=person, at=at)
        else:
            self.app.rotate_leadership(ADMIN, group=group, leader=person, at=at)

    def clients(self, at: datetime, x: int, y: int, z: int) -> None:
        group = self.groups[z % len(self.groups)]
        member, client = self._two(x, y)
        if y % 2:
            self.app.bring_client(ADMIN, group=group, member=member, client=client,
                                  needs="accounting", at=at)
        else:
            self.app.serve_client(ADMIN, group=group, member=member, client=client,
                                  note="done", at=at)


# Weighted by repetition: relationship events dominate, as in a real network.
OPS: tuple[Callable[[Workload, datetime, int, int, int], None], ...] = (
    Workload.register, Workload.register, Workload.update, Workload.brokering,
    Workload.forget, Workload.connect, Workload.connect,
    Workload.meet, Workload.meet, Workload.meet, Workload.help, Workload.help, Workload.help,
    Workload.confirm, Workload.thank, Workload.classify, Workload.request_intro,
    Workload.decide_intro, Workload.introduce, Workload.refer, Workload.referral_outcome,
    Workload.form_group, Workload.membership, Workload.membership, Workload.clients,
)
