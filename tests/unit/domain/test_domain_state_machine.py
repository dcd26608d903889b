"""Random command sequences against a simple reference model: after every step the
aggregates must agree with the model, and every refused command must be refused with the
error code the model predicts (and write nothing)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
)

from domain.actors import Actor
from domain.app import Goodwill
from domain.errors import DomainError

ADMIN = Actor.admin()


@dataclass
class ExpectedTie:
    meetings: int = 0
    helps: int = 0
    thanks: int = 0
    unconfirmed: dict[str, str] = field(default_factory=dict)  # event -> claimant
    gifts: dict[str, str] = field(default_factory=dict)  # Helped event -> giver
    thanked: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Claim:
    pair: frozenset[str]
    event: str
    claimant: str


class GoodwillMachine(RuleBasedStateMachine):
    people = Bundle("people")
    claims = Bundle("claims")
    referrals = Bundle("referrals")
    introductions = Bundle("introductions")

    def __init__(self) -> None:
        super().__init__()
        self.app = Goodwill.from_url("memory:")
        self.forgotten: dict[str, bool] = {}
        self.ties: dict[frozenset[str], ExpectedTie] = {}
        self.referral_status: dict[str, tuple[str, str]] = {}  # id -> (status, receiver)
        self.intro_status: dict[str, tuple[str, str, str, str]] = {}  # status, req, broker, target

    # -- helpers -----------------------------------------------------------------------

    def attempt(self, expected: str | None, command, *args, **kwargs):
        """Run a command; it must fail with `expected` (writing nothing) or succeed."""
        position = self.app.max_notification_id()
        if expected is None:
            return command(*args, **kwargs)
        with pytest.raises(DomainError) as error:
            command(*args, **kwargs)
        assert error.value.code == expected, error.value.message
        assert self.app.max_notification_id() == position
        return None

    def forgotten_among(self, *people: str) -> bool:
        return any(self.forgotten[p] for p in people)

    def tie_rules(self, actor: str | None, a: str, b: str) -> str | None:
        if a == b:
            return "SELF_RELATIONSHIP"
        if actor is not None and actor not in (a, b):
            return "NOT_A_PARTICIPANT"
        if self.forgotten_among(a, b):
            return "PERSON_FORGOTTEN"
        return None

    # -- rules -------------------------------------------------------------------------

    @initialize(target=people)
    def three_people(self):
        return multiple(*(self.register(name) for name in ("Ada", "Bob", "Cy")))

    @rule(target=people, name=st.sampled_from(["Ada", "Bob", "Cy", "Dee"]))
    def register(self, name: str) -> str:
        person = str(self.app.register_person(ADMIN, name=name).aggregate_id)
        self.forgotten[person] = False
        return person

    @rule(person=people)
    def forget(self, person: str) -> None:
        expected = "PERSON_FORGOTTEN" if self.forgotten[person] else None
        self.attempt(expected, self.app.forget_person, Actor.person(person))
        self.forgotten[person] = True

    @rule(target=claims, a=people, b=people, actor=st.sampled_from(["a", "b", "admin", "x"]),
          outsider=people)
    def meet(self, a: str, b: str, actor: str, outsider: str):
        who = {"a": a, "b": b, "admin": None, "x": outsider}[actor]
        expected = self.tie_rules(who, a, b)
        recorded = self.attempt(expected, self.app.record_meeting,
                                ADMIN if who is None else Actor.person(who), a=a, b=b)
        if recorded is None:
            return multiple()
        tie = self.ties.setdefault(frozenset((a, b)), ExpectedTie())
        tie.meetings += 1
        event = str(recorded.event_id)
        if who is not None:
            tie.unconfirmed[event] = who
        return Claim(frozenset((a, b)), event, who or "admin")

    @rule(target=claims, giver=people, receiver=people,
          by=st.sampled_from(["giver", "receiver", "admin"]))
    def help(self, giver: str, receiver: str, by: str):
        who = {"giver": giver, "receiver": receiver, "admin": None}[by]
        expected = self.tie_rules(who, giver, receiver)
        recorded = self.attempt(expected, self.app.record_help,
                                ADMIN if who is None else Actor.person(who),
                                giver=giver, receiver=receiver)
        if recorded is None:
            return multiple()
        tie = self.ties.setdefault(frozenset((giver, receiver)), ExpectedTie())
        tie.helps += 1
        event = str(recorded.event_id)
        tie.gifts[event] = giver
        if who is not None:  # either side's record is their claim
            tie.unconfirmed[event] = who
        return Claim(frozenset((giver, receiver)), event, who or "admin")

    @rule(claim=claims, by_claimant=st.booleans())
    def confirm(self, claim: Claim, by_claimant: bool) -> None:
        a, b = sorted(claim.pair)
        other = b if claim.claimant == a else a
        who = claim.claimant if by_claimant and claim.claimant != "admin" else other
        tie = self.ties[claim.pair]
        expected = self.tie_rules(who, a, b)
        if expected is None:
            if claim.event not in tie.unconfirmed:
                expected = "INVALID_TRANSITION"
            elif tie.unconfirmed[claim.event] == who:
                expected = "FORBIDDEN"
        self.attempt(expected, self.app.confirm_event, Actor.person(who), a=a, b=b,
                     event=claim.event)
        if expected is None:
            del tie.unconfirmed[claim.event]

    @rule(claim=claims, thanker=people, thanked=people)
    def thank(self, claim: Claim, thanker: str, thanked: str) -> None:
        pair = frozenset((thanker, thanked))
        expected = self.tie_rules(thanker, thanker, thanked)
        if expected is None and pair not in self.ties:
            expected = "UNKNOWN_AGGREGATE"
        if expected is None and claim.pair != pair:
            expected = "UNKNOWN_EVENT"
        tie = self.ties.get(pair)
        if expected is None and tie is not None and tie.gifts.get(claim.event) != thanked:
            expected = "UNCONFIRMABLE_THANKS"
        if expected is None and tie is not None and claim.event in tie.thanked:
            expected = "INVALID_TRANSITION"
        self.attempt(expected, self.app.thank, Actor.person(thanker), thanked=thanked,
                     for_event=claim.event)
        if expected is None and tie is not None:
            tie.thanks += 1
            tie.thanked.add(claim.event)
            if tie.unconfirmed.get(claim.event) != thanker:  # not their own record
                tie.unconfirmed.pop(claim.event, None)

    @rule(target=referrals, giver=people, receiver=people)
    def give_referral(self, giver: str, receiver: str):
        expected = "SELF_RELATIONSHIP" if giver == receiver else (
            "PERSON_FORGOTTEN" if self.forgotten_among(giver, receiver) else None)
        recorded = self.attempt(expected, self.app.give_referral, Actor.person(giver),
                                receiver=receiver, prospect_name="Acme")
        if recorded is None:
            return multiple()
        ref = str(recorded.aggregate_id)
        self.referral_status[ref] = ("given", receiver)
        return ref

    @rule(ref=referrals, action=st.sampled_from(["accept", "decline", "close", "lose"]))
    def move_referral(self, ref: str, action: str) -> None:
        status, receiver = self.referral_status[ref]
        allowed = {"accept": ("given", "accepted"), "decline": ("given", "declined"),
                   "close": ("accepted", "closed"), "lose": ("accepted", "lost")}
        before, after = allowed[action]
        expected = ("PERSON_FORGOTTEN" if self.forgotten[receiver]
                    else None if status == before else "INVALID_TRANSITION")
        command = getattr(self.app, f"{action}_referral")
        extra = {"value": 100, "currency": "EUR"} if action == "close" else {}
        self.attempt(expected, command, Actor.person(receiver), referral=ref, **extra)
        if expected is None:
            self.referral_status[ref] = (after, receiver)

    @rule(target=introductions, requester=people, broker=people, target_person=people)
    def request(self, requester: str, broker: str, target_person: str):
        if len({requester, broker, target_person}) < 3:
            expected = "SELF_RELATIONSHIP"
        elif self.forgotten_among(requester, target_person, broker):
            expected = "PERSON_FORGOTTEN"
        else:
            expected = None
        recorded = self.attempt(expected, self.app.request_introduction,
                                Actor.person(requester), target=target_person, broker=broker)
        if recorded is None:
            return multiple()
        intro = str(recorded.aggregate_id)
        self.intro_status[intro] = ("requested", requester, broker, target_person)
        return intro

    @rule(intro=introductions, action=st.sampled_from(["accept", "decline", "make"]))
    def move_introduction(self, intro: str, action: str) -> None:
        status, requester, broker, target = self.intro_status[intro]
        allowed = {"accept": ("requested",), "decline": ("requested",),
                   "make": ("requested", "accepted")}
        after = {"accept": "accepted", "decline": "declined", "make": "made"}[action]
        if self.forgotten[broker]:
            expected = "PERSON_FORGOTTEN"
        elif status not in allowed[action]:
            expected = "INVALID_TRANSITION"
        elif action == "make" and self.forgotten_among(requester, target):
            expected = "PERSON_FORGOTTEN"
        else:
            expected = None
        command = getattr(self.app, f"{action}_introduction")
        self.attempt(expected, command, Actor.person(broker), introduction=intro)
        if expected is None:
            self.intro_status[intro] = (after, requester, broker, target)
            if action == "make":
                self.ties.setdefault(frozenset((requester, target)), ExpectedTie())

    # -- the model and the aggregates agree ----------------------------------------------

    @invariant()
    def ties_agree(self) -> None:
        for pair, expected in self.ties.items():
            a, b = sorted(pair)
            tie = self.app.get_relationship(a, b)
            assert (tie.meetings, tie.helps, tie.thanks) == (
                expected.meetings, expected.helps, expected.thanks)
            assert tie.unconfirmed == expected.unconfirmed
            assert set(tie.thanked) == expected.thanked

    @invariant()
    def lifecycles_agree(self) -> None:
        for ref, (status, _) in self.referral_status.items():
            assert self.app.get_referral(ref).status == status
        for intro, (status, *_) in self.intro_status.items():
            assert self.app.get_introduction(intro).status == status

    @invariant()
    def people_agree(self) -> None:
        for person, forgotten in self.forgotten.items():
            state = self.app.get_person(person)
            assert state.forgotten is forgotten
            assert (state.name == "") is forgotten


GoodwillMachine.TestCase.settings = settings(
    max_examples=100, stateful_step_count=40, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_goodwill_state_machine = GoodwillMachine.TestCase
