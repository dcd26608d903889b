"""Writing a plan into the real event store, through the domain.

`BulkLoader` is the fast path: it calls the aggregates' own methods (`Person.register`,
`Relationship.record_help`, `Introduction.make`, …), so every rule an aggregate checks
holds, and checks what the application service checks across aggregates (people exist and
are active, a broker takes requests, an introduction connects only strangers) against the
aggregates it holds. It then saves many aggregates in one `app.save(...)` — one
transaction per chunk instead of one per command. The domain has no bulk entry point of
its own; this is the same decide-then-save loop as `domain.service`, minus the per-command
reload and retry (nobody else writes to a store while it is being loaded).

`CommandLoader` is the ordinary path: one `Goodwill` command per step, as the API makes
them. The append benchmark times it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from bench import names
from bench.generator import TIE_OPS, Op, Plan, Step, events_of
from domain.actors import Actor
from domain.base import Stamp, resolve_at
from domain.errors import BrokerUnavailable, InvalidInput
from domain.group import Group
from domain.ids import relationship_id
from domain.introduction import Introduction
from domain.person import Person
from domain.referral import Referral
from domain.relationship import KINDS, Relationship

BENCH_NAMESPACE = UUID("3f0b6c1e-5a27-5d4e-9b8a-6c2e1f0a9d33")
Progress = Callable[[int, int], None]  # (steps done, steps in total)


def derived_id(seed: int, kind: str, index: int) -> UUID:
    """Introductions, referrals and groups get ids from the seed too, so a plan loads into
    the same ids every time."""
    return uuid5(BENCH_NAMESPACE, f"{seed}:{kind}:{index}")


def _text(kind: tuple[str, ...], n: int) -> str:
    return kind[n % len(kind)]


@dataclass
class LoadResult:
    steps: int
    events: int
    seconds: float

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


class BulkLoader:
    def __init__(self, app: Any, plan: Plan, chunk_events: int = 5000) -> None:
        self.app = app
        self.plan = plan
        self.net = plan.network
        self.seed = plan.settings.seed
        self.chunk_events = chunk_events
        self.now = datetime.now(tz=UTC)
        self.people: list[Person | None] = [None] * self.net.size
        self.ties: dict[int, Relationship] = {}
        self.claims: dict[int, Any] = {}  # claim index → its Met/Helped event, until used
        self.intros: dict[int, Introduction] = {}
        self.referrals: dict[int, Referral] = {}
        self.groups: dict[int, Group] = {}
        self.dirty: dict[UUID, Aggregate] = {}
        self.pending = 0
        self.used_claims = plan.used_claims
        self.index = {person: i for i, person in enumerate(self.net.ids)}

    # -- driving -----------------------------------------------------------------------

    def run(self, progress: Progress | None = None, every: int = 20_000) -> LoadResult:
        import time

        started = time.perf_counter()
        finished: list[int] = []
        events = 0
        last = self.plan.tie_last
        for position, step in enumerate(self.plan):
            self.apply(step)
            written = events_of(step)
            events += written
            self.pending += written
            if step.op in TIE_OPS and last[step.p1] == position:
                finished.append(step.p1)
            if self.pending >= self.chunk_events:
                self.flush()
                for tie in finished:  # nothing more happens on these ties: let them go
                    self.ties.pop(tie, None)
                finished.clear()
            if progress is not None and position % every == 0:
                progress(position, len(self.plan))
        self.flush()
        if progress is not None:
            progress(len(self.plan), len(self.plan))
        return LoadResult(len(self.plan), events, time.perf_counter() - started)

    def flush(self) -> None:
        if self.dirty:
            self.app.save(*self.dirty.values())
            self.dirty.clear()
        self.pending = 0

    def _touch(self, *aggregates: Aggregate) -> None:
        for aggregate in aggregates:
            self.dirty[aggregate.id] = aggregate

    # -- one step ----------------------------------------------------------------------

    def stamp(self, t: int, by: str) -> Stamp:
        return Stamp(at=resolve_at(self.plan.at(t), self.now), recorded_by=by,
                     idempotency_key=None)

    def person(self, index: int) -> Person:
        person = self.people[index]
        if person is None:
            raise InvalidInput(f"person {index} acts before registering")
        person.ensure_active()
        return person

    def pair(self, k: int) -> tuple[str, str]:
        return self.net.ids[self.net.tie_a[k]], self.net.ids[self.net.tie_b[k]]

    def side(self, k: int, side: int) -> str:
        a, b = self.pair(k)
        return a if side == 1 else b

    def tie(self, k: int) -> Relationship:
        tie = self.ties.get(k)
        if tie is None:  # let go earlier, or never held: read it back through the domain
            a, b = self.pair(k)
            tie = self.app.repository.get(relationship_id(a, b))
            self.ties[k] = tie
        self.person(self.net.tie_a[k])
        self.person(self.net.tie_b[k])
        return tie

    def new_tie(self, k: int, source: str, stamp: Stamp, **extra: Any) -> Relationship:
        self.person(self.net.tie_a[k])
        self.person(self.net.tie_b[k])
        a, b = self.pair(k)
        tie = Relationship.connect(a, b, source=source, context="", stamp=stamp, **extra)
        self.ties[k] = tie
        return tie

    def apply(self, step: Step) -> None:
        HANDLERS[step.op](self, step)

    def register(self, s: Step) -> None:
        i = s.p1
        person = Person.register(
            UUID(self.net.ids[i]), name=self.net.names[i], headline=self.net.headlines[i],
            organization=self.net.orgs[i], tags=self.net.tags[i],
            stamp=self.stamp(s.t, "admin"),
        )
        self.people[i] = person
        self._touch(person)

    def update_profile(self, s: Step) -> None:
        person = self.person(s.p1)
        person.update_profile(name=None, headline=f"{person.headline} · {s.t % 97}",
                              organization=None, tags=None,
                              stamp=self.stamp(s.t, self.net.ids[s.p1]))
        self._touch(person)

    def brokering(self, s: Step) -> None:
        person = self.person(s.p1)
        person.set_brokering_preference(
            accepts_introduction_requests=bool(s.val),
            note="" if s.val else "Too busy for introductions this year.",
            stamp=self.stamp(s.t, self.net.ids[s.p1]))
        self._touch(person)

    def forget(self, s: Step) -> None:
        person = self.person(s.p1)
        person.forget(stamp=self.stamp(s.t, self.net.ids[s.p1]))
        self._touch(person)

    def connect(self, s: Step) -> None:
        self._touch(self.new_tie(s.p1, "imported", self.stamp(s.t, "admin")))

    def meet(self, s: Step) -> None:
        by = "admin" if s.p2 == 0 else self.side(s.p1, s.p2)
        stamp = self.stamp(s.t, by)
        tie = self.new_tie(s.p1, "met", stamp) if s.p3 == 1 else self.tie(s.p1)
        tie.record_meeting(context=_text(names.CONTEXTS, s.t), privileged=s.p2 == 0,
                           stamp=stamp)
        self._remember(s.ref, tie)
        self._touch(tie)

    def help(self, s: Step) -> None:
        tie = self.tie(s.p1)
        giver, receiver = self.side(s.p1, s.p2), self.side(s.p1, 3 - s.p2)
        by = "admin" if s.p3 == 0 else giver if s.p3 == 1 else receiver
        tie.record_help(giver=giver, receiver=receiver, kind=_text(names.HELP_KINDS, s.t),
                        note="", value=float(s.val) if s.val else None,
                        privileged=s.p3 == 0, stamp=self.stamp(s.t, by))
        self._remember(s.ref, tie)
        self._touch(tie)

    def _remember(self, claim: int, tie: Relationship) -> None:
        if claim >= 0 and self.used_claims[claim]:
            self.claims[claim] = tie.pending_events[-1]

    def confirm(self, s: Step) -> None:
        tie = self.tie(s.p1)
        claim = self.claims.pop(s.ref)
        tie.confirm(claim, event=str(claim.event_id), privileged=False,
                    stamp=self.stamp(s.t, self.side(s.p1, s.p2)))
        self._touch(tie)

    def thank(self, s: Step) -> None:
        tie = self.tie(s.p1)
        helped = self.claims.pop(s.ref)
        thanker = self.side(s.p1, s.p2)
        tie.thank(helped, thanker=thanker, thanked=self.side(s.p1, 3 - s.p2),
                  for_event=str(helped.event_id), privileged=False,
                  stamp=self.stamp(s.t, thanker))
        self._touch(tie)

    def classify(self, s: Step) -> None:
        tie = self.tie(s.p1)
        by = "admin" if s.p3 == 0 else self.side(s.p1, s.p3)
        tie.classify(kind=KINDS[s.p2], by=by, privileged=s.p3 == 0, stamp=self.stamp(s.t, by))
        self._touch(tie)

    def _introduced(self, k: int, intro: Introduction, stamp: Stamp) -> None:
        if k in self.ties:  # they know each other already: no new connection
            self._touch(intro)
            return
        tie = self.new_tie(k, "introduced", stamp, introduced_by=intro.broker,
                           introduction_id=str(intro.id))
        self._touch(intro, tie)

    def intro_direct(self, s: Step) -> None:
        broker = self.net.ids[s.p2]
        self.person(s.p2)
        a, b = self.pair(s.p1)
        stamp = self.stamp(s.t, broker)
        intro = Introduction.make_directly(derived_id(self.seed, "introduction", s.ref),
                                           broker=broker, a=a, b=b,
                                           context=_text(names.CONTEXTS, s.t), stamp=stamp)
        self._introduced(s.p1, intro, stamp)

    def intro_request(self, s: Step) -> None:
        requester, target, broker = (self.net.ids[p] for p in (s.p1, s.p2, s.p3))
        self.person(s.p1)
        self.person(s.p2)
        if not self.person(s.p3).accepts_introduction_requests:
            raise BrokerUnavailable("This person does not take introduction requests.")
        intro = Introduction.request(
            derived_id(self.seed, "introduction", s.ref), requester=requester, target=target,
            broker=broker, message="Could you introduce us?",
            path=[requester, broker, target], stamp=self.stamp(s.t, requester))
        self.intros[s.ref] = intro
        self._touch(intro)

    def intro_accept(self, s: Step) -> None:
        intro = self.intros[s.ref]
        intro.accept(stamp=self.stamp(s.t, intro.broker))
        self._touch(intro)

    def intro_decline(self, s: Step) -> None:
        intro = self.intros.pop(s.ref)
        intro.decline(reason="Not the right moment.", stamp=self.stamp(s.t, intro.broker))
        self._touch(intro)

    def intro_make(self, s: Step) -> None:
        intro = self.intros.pop(s.ref)
        stamp = self.stamp(s.t, intro.broker)
        intro.make(context=_text(names.CONTEXTS, s.t), stamp=stamp)
        self._introduced(s.p1, intro, stamp)

    def refer(self, s: Step) -> None:
        self.tie(s.p1)  # both people active
        giver, receiver = self.side(s.p1, s.p2), self.side(s.p1, 3 - s.p2)
        prospect = None
        if s.p3 >= 0:
            self.person(s.p3)
            prospect = self.net.ids[s.p3]
        referral = Referral.give(
            derived_id(self.seed, "referral", s.ref), giver=giver, receiver=receiver,
            prospect=prospect, prospect_name=f"Prospect {s.ref}", note="",
            stamp=self.stamp(s.t, giver))
        self.referrals[s.ref] = referral
        self._touch(referral)

    def _referral(self, s: Step, done: bool) -> tuple[Referral, Stamp]:
        referral = self.referrals.pop(s.ref) if done else self.referrals[s.ref]
        self.person(self.index[referral.receiver])
        return referral, self.stamp(s.t, referral.receiver)

    def referral_accept(self, s: Step) -> None:
        referral, stamp = self._referral(s, done=False)
        referral.accept(stamp=stamp)
        self._touch(referral)

    def referral_decline(self, s: Step) -> None:
        referral, stamp = self._referral(s, done=True)
        referral.decline(reason="Not our kind of work.", stamp=stamp)
        self._touch(referral)

    def referral_close(self, s: Step) -> None:
        referral, stamp = self._referral(s, done=True)
        referral.close(value=float(s.val), currency="EUR", stamp=stamp)
        self._touch(referral)

    def referral_lose(self, s: Step) -> None:
        referral, stamp = self._referral(s, done=True)
        referral.lose(reason="Went with a competitor.", stamp=stamp)
        self._touch(referral)

    def group_form(self, s: Step) -> None:
        self.person(s.p1)
        founder = self.net.ids[s.p1]
        group = Group.form(derived_id(self.seed, "group", s.ref), name=self.net.groups[s.ref],
                           purpose="Referrals and mutual help", founder=founder,
                           stamp=self.stamp(s.t, founder))
        self.groups[s.ref] = group
        self._touch(group)

    def group_join(self, s: Step) -> None:
        self.person(s.p1)
        group = self.groups[s.ref]
        group.join(person=self.net.ids[s.p1], role="member",
                   stamp=self.stamp(s.t, self.net.ids[s.p1]))
        self._touch(group)

    def group_leave(self, s: Step) -> None:
        group = self.groups[s.ref]
        group.leave(person=self.net.ids[s.p1], stamp=self.stamp(s.t, self.net.ids[s.p1]))
        self._touch(group)

    def group_rotate(self, s: Step) -> None:
        self.person(s.p1)
        group = self.groups[s.ref]
        group.rotate_leadership(leader=self.net.ids[s.p1],
                                stamp=self.stamp(s.t, group.leader or "admin"))
        self._touch(group)

    def client_bring(self, s: Step) -> None:
        self.person(s.p1)
        self.person(s.p2)
        group = self.groups[s.ref]
        member = self.net.ids[s.p1]
        group.bring_client(member=member, client=self.net.ids[s.p2],
                           needs="bookkeeping and a website", stamp=self.stamp(s.t, member))
        self._touch(group)

    def client_serve(self, s: Step) -> None:
        self.person(s.p1)
        self.person(s.p2)
        group = self.groups[s.ref]
        member = self.net.ids[s.p1]
        group.serve_client(member=member, client=self.net.ids[s.p2], note="delivered",
                           stamp=self.stamp(s.t, member))
        self._touch(group)


HANDLERS: dict[Op, Callable[[BulkLoader, Step], None]] = {
    Op.REGISTER: BulkLoader.register, Op.UPDATE_PROFILE: BulkLoader.update_profile,
    Op.BROKERING: BulkLoader.brokering, Op.FORGET: BulkLoader.forget,
    Op.CONNECT: BulkLoader.connect, Op.MEET: BulkLoader.meet, Op.HELP: BulkLoader.help,
    Op.CONFIRM: BulkLoader.confirm, Op.THANK: BulkLoader.thank,
    Op.CLASSIFY: BulkLoader.classify, Op.INTRO_DIRECT: BulkLoader.intro_direct,
    Op.INTRO_REQUEST: BulkLoader.intro_request, Op.INTRO_ACCEPT: BulkLoader.intro_accept,
    Op.INTRO_DECLINE: BulkLoader.intro_decline, Op.INTRO_MAKE: BulkLoader.intro_make,
    Op.REFER: BulkLoader.refer, Op.REFERRAL_ACCEPT: BulkLoader.referral_accept,
    Op.REFERRAL_DECLINE: BulkLoader.referral_decline,
    Op.REFERRAL_CLOSE: BulkLoader.referral_close, Op.REFERRAL_LOSE: BulkLoader.referral_lose,
    Op.GROUP_FORM: BulkLoader.group_form, Op.GROUP_JOIN: BulkLoader.group_join,
    Op.GROUP_LEAVE: BulkLoader.group_leave, Op.GROUP_ROTATE: BulkLoader.group_rotate,
    Op.CLIENT_BRING: BulkLoader.client_bring, Op.CLIENT_SERVE: BulkLoader.client_serve,
}


# -- the ordinary command path -----------------------------------------------------------


class CommandLoader:
    """One `Goodwill` command per step, acting as the person the step is about."""

    def __init__(self, app: Any, plan: Plan) -> None:
        self.app = app
        self.plan = plan
        self.net = plan.network
        self.events: dict[int, str] = {}  # claim → event id
        self.intros: dict[int, str] = {}
        self.referrals: dict[int, str] = {}
        self.groups: dict[int, str] = {}

    def run(self, steps: Iterable[Step]) -> int:
        done = 0
        for step in steps:
            self.apply(step)
            done += 1
        return done

    def _pair(self, k: int) -> tuple[str, str]:
        return self.net.ids[self.net.tie_a[k]], self.net.ids[self.net.tie_b[k]]

    def _side(self, k: int, side: int) -> str:
        return self._pair(k)[0 if side == 1 else 1]

    def apply(self, s: Step) -> None:
        app, ids, op = self.app, self.net.ids, s.op
        at = self.plan.at(s.t)
        admin = Actor.admin()
        if op is Op.REGISTER:
            i = s.p1
            app.register_person(admin, name=self.net.names[i], headline=self.net.headlines[i],
                                organization=self.net.orgs[i], tags=self.net.tags[i],
                                person_id=ids[i], at=at)
        elif op is Op.UPDATE_PROFILE:
            app.update_profile(Actor.person(ids[s.p1]), headline=f"now {s.t % 97}", at=at)
        elif op is Op.BROKERING:
            app.set_brokering_preference(Actor.person(ids[s.p1]),
                                         accepts_introduction_requests=bool(s.val), at=at)
        elif op is Op.FORGET:
            app.forget_person(Actor.person(ids[s.p1]), at=at)
        elif op is Op.CONNECT:
            a, b = self._pair(s.p1)
            app.connect(admin, a=a, b=b, source="imported", at=at)
        elif op is Op.MEET:
            a, b = self._pair(s.p1)
            actor = admin if s.p2 == 0 else Actor.person(self._side(s.p1, s.p2))
            recorded = app.record_meeting(actor, a=a, b=b, context="coffee", at=at)
            if s.ref >= 0:
                self.events[s.ref] = str(recorded.event_id)
        elif op is Op.HELP:
            giver, receiver = self._side(s.p1, s.p2), self._side(s.p1, 3 - s.p2)
            actor = admin if s.p3 == 0 else Actor.person(giver if s.p3 == 1 else receiver)
            recorded = app.record_help(actor, giver=giver, receiver=receiver, kind="advice",
                                       value=float(s.val) if s.val else None, at=at)
            self.events[s.ref] = str(recorded.event_id)
        elif op is Op.CONFIRM:
            a, b = self._pair(s.p1)
            app.confirm_event(Actor.person(self._side(s.p1, s.p2)), a=a, b=b,
                              event=self.events.pop(s.ref), at=at)
        elif op is Op.THANK:
            app.thank(Actor.person(self._side(s.p1, s.p2)),
                      thanked=self._side(s.p1, 3 - s.p2), for_event=self.events.pop(s.ref),
                      at=at)
        elif op is Op.CLASSIFY:
            a, b = self._pair(s.p1)
            actor = admin if s.p3 == 0 else Actor.person(self._side(s.p1, s.p3))
            app.classify(actor, a=a, b=b, kind=KINDS[s.p2], at=at)
        elif op is Op.INTRO_DIRECT:
            a, b = self._pair(s.p1)
            app.make_introduction(Actor.person(ids[s.p2]), a=a, b=b, context="lunch", at=at)
        elif op is Op.INTRO_REQUEST:
            requester, target, broker = ids[s.p1], ids[s.p2], ids[s.p3]
            recorded = app.request_introduction(
                Actor.person(requester), target=target, broker=broker, message="hello",
                path=[requester, broker, target], at=at)
            self.intros[s.ref] = str(recorded.aggregate_id)
        elif op in (Op.INTRO_ACCEPT, Op.INTRO_DECLINE, Op.INTRO_MAKE):
            intro = self.intros[s.ref]
            broker = Actor.person(app.get_introduction(intro).broker)
            if op is Op.INTRO_ACCEPT:
                app.accept_introduction(broker, introduction=intro, at=at)
            elif op is Op.INTRO_DECLINE:
                app.decline_introduction(broker, introduction=intro, reason="busy", at=at)
            else:
                app.make_introduction(broker, introduction=intro, context="lunch", at=at)
        elif op is Op.REFER:
            giver, receiver = self._side(s.p1, s.p2), self._side(s.p1, 3 - s.p2)
            recorded = app.give_referral(Actor.person(giver), receiver=receiver,
                                         prospect=ids[s.p3] if s.p3 >= 0 else None,
                                         prospect_name=f"Prospect {s.ref}", at=at)
            self.referrals[s.ref] = str(recorded.aggregate_id)
        elif op in (Op.REFERRAL_ACCEPT, Op.REFERRAL_DECLINE, Op.REFERRAL_CLOSE,
                    Op.REFERRAL_LOSE):
            referral = self.referrals[s.ref]
            receiver = Actor.person(app.get_referral(referral).receiver)
            if op is Op.REFERRAL_ACCEPT:
                app.accept_referral(receiver, referral=referral, at=at)
            elif op is Op.REFERRAL_DECLINE:
                app.decline_referral(receiver, referral=referral, reason="no fit", at=at)
            elif op is Op.REFERRAL_CLOSE:
                app.close_referral(receiver, referral=referral, value=float(s.val),
                                   currency="EUR", at=at)
            else:
                app.lose_referral(receiver, referral=referral, reason="lost", at=at)
        elif op is Op.GROUP_FORM:
            recorded = app.form_group(Actor.person(ids[s.p1]), name=self.net.groups[s.ref],
                                      purpose="referrals", at=at)
            self.groups[s.ref] = str(recorded.aggregate_id)
        elif op is Op.GROUP_JOIN:
            app.join_group(Actor.person(ids[s.p1]), group=self.groups[s.ref], at=at)
        elif op is Op.GROUP_LEAVE:
            app.leave_group(Actor.person(ids[s.p1]), group=self.groups[s.ref], at=at)
        elif op is Op.GROUP_ROTATE:
            app.rotate_leadership(admin, group=self.groups[s.ref], leader=ids[s.p1], at=at)
        elif op is Op.CLIENT_BRING:
            app.bring_client(Actor.person(ids[s.p1]), group=self.groups[s.ref],
                             client=ids[s.p2], needs="accounting", at=at)
        elif op is Op.CLIENT_SERVE:
            app.serve_client(Actor.person(ids[s.p1]), group=self.groups[s.ref],
                             client=ids[s.p2], note="done", at=at)


def register_people(app: Any, plan: Plan) -> int:
    """Only the plan's registrations, through the bulk path (set-up for timing commands)."""
    loader = BulkLoader(app, plan)
    count = 0
    for step in plan:
        if step.op is Op.REGISTER:
            loader.apply(step)
            count += 1
            if count % loader.chunk_events == 0:
                loader.flush()
    loader.flush()
    return count
