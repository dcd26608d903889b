"""Writing a plan into the event store through the domain's own commands.

`Loader` turns each step into the `Goodwill` command a user would make (`register_person`,
`record_help`, `make_introduction`, …), acting as the person the step is about, so the
domain checks every rule, within an aggregate and across aggregates, as it does for the API.
`load()` runs a whole plan through `Goodwill.batch()`, about `BATCH_EVENTS` events per batch
(one transaction each); the domain keeps the aggregates a batch wrote for the next one, so a
load does not read back what it has just written. The append benchmark times the same
`Loader` one command per transaction, and in batches.

Introductions, referrals and groups get their ids from the domain as they are created: the
plan (and every person's id) is the same for a seed, those ids are not.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from domain.actors import Actor
from synthetic import names
from synthetic.plan import KINDS, Op, Plan, Step, events_of

BATCH_EVENTS = 5000  # events per batch, one transaction each
Progress = Callable[[int, int], None]  # (steps done, steps in total)
ADMIN = Actor.admin()

if TYPE_CHECKING:  # the application is passed in, never built here
    from domain.app import Goodwill


@dataclass
class LoadResult:
    steps: int
    events: int
    seconds: float
    cpu_seconds: float = 0.0  # this process's CPU time: steadier than wall time on a busy box

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


def _text(words: tuple[str, ...], n: int) -> str:
    return words[n % len(words)]


class Loader:
    """One `Goodwill` command per step. Remembers what later steps name: the event ids of
    claims that are confirmed or thanked later, open introductions (with their broker),
    open referrals (with their receiver) and groups."""

    def __init__(self, app: Goodwill, plan: Plan) -> None:
        self.app = app
        self.plan = plan
        self.net = plan.network
        self.used_claims = plan.used_claims
        self.actors = [Actor.person(person) for person in self.net.ids]
        self.claims: dict[int, str] = {}  # claim → its event id, until confirmed or thanked
        self.intros: dict[int, tuple[str, int]] = {}  # → (introduction id, broker)
        self.referrals: dict[int, tuple[str, int]] = {}  # → (referral id, receiver)
        self.groups: dict[int, str] = {}
        self.handlers: dict[Op, Callable[[Step], None]] = {
            op: getattr(self, op.name.lower()) for op in Op}

    def run(self, steps: Iterable[Step]) -> int:
        done = 0
        for step in steps:
            self.handlers[step.op](step)
            done += 1
        return done

    def apply(self, step: Step) -> None:
        self.handlers[step.op](step)

    # -- who is who ------------------------------------------------------------------

    def pair(self, k: int) -> tuple[str, str]:
        return self.net.ids[self.net.tie_a[k]], self.net.ids[self.net.tie_b[k]]

    def side(self, k: int, side: int) -> int:
        """The person (index) on side 1 (a) or 2 (b) of tie k."""
        return self.net.tie_a[k] if side == 1 else self.net.tie_b[k]

    def _claimed(self, s: Step, recorded: Any) -> None:
        if s.ref >= 0 and self.used_claims[s.ref]:
            self.claims[s.ref] = str(recorded.event_id)

    # -- people ----------------------------------------------------------------------

    def register(self, s: Step) -> None:
        i, net = s.p1, self.net
        self.app.register_person(ADMIN, name=net.names[i], headline=net.headlines[i],
                                 organization=net.orgs[i], tags=net.tags[i],
                                 person_id=net.ids[i], at=self.plan.at(s.t))

    def update_profile(self, s: Step) -> None:
        self.app.update_profile(self.actors[s.p1],
                                headline=f"{self.net.headlines[s.p1]} · {s.t % 97}",
                                at=self.plan.at(s.t))

    def brokering(self, s: Step) -> None:
        self.app.set_brokering_preference(
            self.actors[s.p1], accepts_introduction_requests=bool(s.val),
            note="" if s.val else "Too busy for introductions this year.",
            at=self.plan.at(s.t))

    def forget(self, s: Step) -> None:
        self.app.forget_person(self.actors[s.p1], at=self.plan.at(s.t))

    # -- relationships ---------------------------------------------------------------

    def connect(self, s: Step) -> None:
        a, b = self.pair(s.p1)
        self.app.connect(ADMIN, a=a, b=b, source="imported", at=self.plan.at(s.t))

    def meet(self, s: Step) -> None:
        a, b = self.pair(s.p1)
        actor = ADMIN if s.p2 == 0 else self.actors[self.side(s.p1, s.p2)]
        recorded = self.app.record_meeting(actor, a=a, b=b, context=_text(names.CONTEXTS, s.t),
                                           at=self.plan.at(s.t))
        self._claimed(s, recorded)

    def help(self, s: Step) -> None:
        giver, receiver = self.side(s.p1, s.p2), self.side(s.p1, 3 - s.p2)
        actor = ADMIN if s.p3 == 0 else self.actors[giver if s.p3 == 1 else receiver]
        recorded = self.app.record_help(
            actor, giver=self.net.ids[giver], receiver=self.net.ids[receiver],
            kind=_text(names.HELP_KINDS, s.t), value=float(s.val) if s.val else None,
            at=self.plan.at(s.t))
        self._claimed(s, recorded)

    def confirm(self, s: Step) -> None:
        a, b = self.pair(s.p1)
        self.app.confirm_event(self.actors[self.side(s.p1, s.p2)], a=a, b=b,
                               event=self.claims.pop(s.ref), at=self.plan.at(s.t))

    def thank(self, s: Step) -> None:
        self.app.thank(self.actors[self.side(s.p1, s.p2)],
                       thanked=self.net.ids[self.side(s.p1, 3 - s.p2)],
                       for_event=self.claims.pop(s.ref), at=self.plan.at(s.t))

    def classify(self, s: Step) -> None:
        a, b = self.pair(s.p1)
        actor = ADMIN if s.p3 == 0 else self.actors[self.side(s.p1, s.p3)]
        self.app.classify(actor, a=a, b=b, kind=KINDS[s.p2], at=self.plan.at(s.t))

    # -- introductions ---------------------------------------------------------------

    def intro_direct(self, s: Step) -> None:
        # Recorded by an admin: a generated introduction is one both people introduced
        # confirmed (made as the broker it would count only once they answer).
        a, b = self.pair(s.p1)
        self.app.make_introduction(ADMIN, broker=self.net.ids[s.p2], a=a, b=b,
                                   context=_text(names.CONTEXTS, s.t), at=self.plan.at(s.t))

    def intro_request(self, s: Step) -> None:
        requester, target, broker = (self.net.ids[p] for p in (s.p1, s.p2, s.p3))
        recorded = self.app.request_introduction(
            self.actors[s.p1], target=target, broker=broker, message="Could you introduce us?",
            path=[requester, broker, target], at=self.plan.at(s.t))
        self.intros[s.ref] = (str(recorded.aggregate_id), s.p3)

    def intro_accept(self, s: Step) -> None:
        intro, broker = self.intros[s.ref]
        self.app.accept_introduction(self.actors[broker], introduction=intro,
                                     at=self.plan.at(s.t))

    def intro_decline(self, s: Step) -> None:
        intro, broker = self.intros.pop(s.ref)
        self.app.decline_introduction(self.actors[broker], introduction=intro,
                                      reason="Not the right moment.", at=self.plan.at(s.t))

    def intro_make(self, s: Step) -> None:
        intro, broker = self.intros.pop(s.ref)
        self.app.make_introduction(self.actors[broker], introduction=intro,
                                   context=_text(names.CONTEXTS, s.t), at=self.plan.at(s.t))

    # -- referrals -------------------------------------------------------------------

    def refer(self, s: Step) -> None:
        giver, receiver = self.side(s.p1, s.p2), self.side(s.p1, 3 - s.p2)
        recorded = self.app.give_referral(
            self.actors[giver], receiver=self.net.ids[receiver],
            prospect=self.net.ids[s.p3] if s.p3 >= 0 else None,
            prospect_name=f"Prospect {s.ref}", at=self.plan.at(s.t))
        self.referrals[s.ref] = (str(recorded.aggregate_id), receiver)

    def referral_accept(self, s: Step) -> None:
        referral, receiver = self.referrals[s.ref]
        self.app.accept_referral(self.actors[receiver], referral=referral,
                                 at=self.plan.at(s.t))

    def referral_decline(self, s: Step) -> None:
        referral, receiver = self.referrals.pop(s.ref)
        self.app.decline_referral(self.actors[receiver], referral=referral,
                                  reason="Not our kind of work.", at=self.plan.at(s.t))

    def referral_close(self, s: Step) -> None:
        referral, receiver = self.referrals.pop(s.ref)
        self.app.close_referral(self.actors[receiver], referral=referral, value=float(s.val),
                                currency="EUR", at=self.plan.at(s.t))

    def referral_lose(self, s: Step) -> None:
        referral, receiver = self.referrals.pop(s.ref)
        self.app.lose_referral(self.actors[receiver], referral=referral,
                               reason="Went with a competitor.", at=self.plan.at(s.t))

    # -- groups ----------------------------------------------------------------------

    def group_form(self, s: Step) -> None:
        recorded = self.app.form_group(self.actors[s.p1], name=self.net.groups[s.ref],
                                       purpose="Referrals and mutual help",
                                       at=self.plan.at(s.t))
        self.groups[s.ref] = str(recorded.aggregate_id)

    def group_join(self, s: Step) -> None:
        self.app.join_group(self.actors[s.p1], group=self.groups[s.ref], at=self.plan.at(s.t))

    def group_leave(self, s: Step) -> None:
        self.app.leave_group(self.actors[s.p1], group=self.groups[s.ref], at=self.plan.at(s.t))

    def group_rotate(self, s: Step) -> None:
        self.app.rotate_leadership(ADMIN, group=self.groups[s.ref],
                                   leader=self.net.ids[s.p1], at=self.plan.at(s.t))

    def client_bring(self, s: Step) -> None:
        self.app.bring_client(self.actors[s.p1], group=self.groups[s.ref],
                              client=self.net.ids[s.p2], needs="bookkeeping and a website",
                              at=self.plan.at(s.t))

    def client_serve(self, s: Step) -> None:
        self.app.serve_client(self.actors[s.p1], group=self.groups[s.ref],
                              client=self.net.ids[s.p2], note="delivered",
                              at=self.plan.at(s.t))


def load(app: Goodwill, plan: Plan, *, batch_events: int = BATCH_EVENTS,
         progress: Progress | None = None, every: int = 20_000) -> LoadResult:
    """The whole plan, in batches of about `batch_events` events."""
    loader = Loader(app, plan)
    started, cpu_started = time.perf_counter(), time.process_time()
    events = done = 0
    steps = iter(plan)
    total = len(plan)
    while done < total:
        chunk: list[Step] = []
        pending = 0
        for step in steps:
            chunk.append(step)
            pending += events_of(step)
            if pending >= batch_events:
                break
        with app.batch():
            loader.run(chunk)
        events += pending
        before, done = done, done + len(chunk)
        if progress is not None and (done // every > before // every or done == total):
            progress(done, total)
    return LoadResult(total, events, time.perf_counter() - started,
                      time.process_time() - cpu_started)


def register_people(app: Goodwill, plan: Plan) -> int:
    """Only the plan's registrations, in batches (set-up for timing the other commands)."""
    loader = Loader(app, plan)
    people = [step for step in plan if step.op is Op.REGISTER]
    for start in range(0, len(people), BATCH_EVENTS):
        with app.batch():
            loader.run(people[start:start + BATCH_EVENTS])
    return len(people)
