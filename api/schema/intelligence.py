"""Scoring reads: warm introduction paths, influencers, fading ties, portfolio and the
introduction requests waiting for a broker. Every read answers `asOf` an instant (default
now). The maths and Cypher live in `reads/` and `cypher/queries/`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypeVar

import strawberry

from api.context import Info
from api.errors import ApiError
from api.pagination import Page
from api.permissions import AnyToken
from api.schema.types import Person, _first, aware
from graph.reads import GraphReads
from reads import fading as fading_
from reads import influencers as influencers_
from reads import introductions as introductions_
from reads import paths as paths_
from reads import portfolio as portfolio_


async def _person(info: Info, person_id: str | None) -> Person | None:
    if person_id is None:
        return None
    return Person.of(await info.context.loaders.person.load(person_id))


def _who(info: Info, person: strawberry.ID | None, argument: str) -> str:
    """The person a read is about: given, or the caller's own person."""
    principal = info.context.viewer
    if person is not None:
        return str(person)
    if principal.person_id is None:
        raise ApiError("INVALID_INPUT", f"Name `{argument}`: this token acts for nobody.")
    return principal.person_id


def _own(info: Info, person: strawberry.ID | None, argument: str) -> str:
    """As `_who`, for reads of someone's own affairs: another person's are for analysts and
    admins only."""
    who = _who(info, person, argument)
    viewer = info.context.viewer
    if not viewer.is_reader_of_everything and who != viewer.person_id:
        raise ApiError("FORBIDDEN", f"A person reads `{argument}` only as themself; "
                       "analysts and admins may name anyone.")
    return who


def _reads(info: Info) -> GraphReads:
    """The request's reads: every round trip counted with the others of the request."""
    return info.context.reads


@strawberry.input(one_of=True, description="Whom to reach: one person, anyone at an "
                  "organization, or anyone carrying a tag.")
class IntroductionTarget:
    person: strawberry.ID | None = strawberry.UNSET
    organization: str | None = strawberry.UNSET
    tag: str | None = strawberry.UNSET


@strawberry.input(one_of=True, description="A group, an organization or a tag.")
class Scope:
    group: strawberry.ID | None = strawberry.UNSET
    organization: str | None = strawberry.UNSET
    tag: str | None = strawberry.UNSET


K = TypeVar("K", bound=str)
TARGET_KINDS: tuple[paths_.TargetKind, ...] = ("person", "organization", "tag")
SCOPE_KINDS: tuple[influencers_.ScopeKind, ...] = ("group", "organization", "tag")


def _chosen(value: Any, kinds: tuple[K, ...]) -> tuple[K, str]:
    for kind in kinds:
        chosen = getattr(value, kind)
        if chosen not in (None, strawberry.UNSET):
            return kind, str(chosen)
    raise ApiError("INVALID_INPUT", f"Give one of {', '.join(kinds)}.")


@strawberry.type(description="One hop of a warm path and the events behind it.")
class PathHop:
    hop: strawberry.Private[paths_.PathHop]

    @strawberry.field(name="from")
    async def from_(self, info: Info) -> Person | None:
        return await _person(info, self.hop.source)

    @strawberry.field
    async def to(self, info: Info) -> Person | None:
        return await _person(info, self.hop.target)

    @strawberry.field(description="Tie strength in [0, 1) at the instant asked.")
    def strength(self) -> float:
        return self.hop.strength

    @strawberry.field(description="In [r_min, 1]: giving both ways on the tie.")
    def reciprocity(self) -> float:
        return self.hop.reciprocity

    @strawberry.field(description="strength × reciprocity.")
    def warmth(self) -> float:
        return self.hop.warmth

    @strawberry.field(description="The events behind the hop, in a sentence.")
    def explanation(self) -> str:
        return self.hop.explanation


@strawberry.type(description="A warm introduction path, warmest first.")
class WarmPath:
    path: strawberry.Private[paths_.WarmPath]

    @strawberry.field(description="Product of the hops' warmth, in [0, 1).")
    def warmth(self) -> float:
        return self.path.warmth

    @strawberry.field(description="Ids from me to the target; pass as `path` to "
                      "requestIntroduction.")
    def path_ids(self) -> list[strawberry.ID]:
        return [strawberry.ID(p) for p in self.path.people]

    @strawberry.field
    async def people(self, info: Info) -> list[Person | None]:
        # one load for the whole path: awaiting each person in turn costs a round trip each
        rows = await info.context.loaders.person.load_many(list(self.path.people))
        return [Person.of(row) for row in rows]

    @strawberry.field(description="Whom to ask: the first person after me.")
    async def broker(self, info: Info) -> Person | None:
        return await _person(info, self.path.broker)

    @strawberry.field
    def hops(self) -> list[PathHop]:
        return [PathHop(hop=h) for h in self.path.hops]


@strawberry.type(description="Scores the influence job computed, with the giving balance.")
class Influencer:
    item: strawberry.Private[influencers_.Influencer]

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        return await _person(info, self.item.id)

    @strawberry.field(description="Trust-weighted PageRank (sums to 1 over everyone).")
    def influence(self) -> float:
        return self.item.scores.influence

    @strawberry.field(description="Normalised betweenness: how much this person bridges.")
    def brokerage(self) -> float:
        return self.item.scores.brokerage

    @strawberry.field
    def given(self) -> int:
        return self.item.scores.given

    @strawberry.field
    def received(self) -> int:
        return self.item.scores.received

    @strawberry.field(description="given − received.")
    def balance(self) -> int:
        return self.item.scores.balance

    @strawberry.field(description="Value of closed referrals given.")
    def given_value(self) -> float:
        return self.item.scores.given_value

    @strawberry.field
    def received_value(self) -> float:
        return self.item.scores.received_value

    @strawberry.field(description="When these scores were computed.")
    def analysed_at(self) -> datetime | None:
        return self.item.analysed_at


@strawberry.type(description="A tie that was strong and is going cold.")
class FadingTie:
    item: strawberry.Private[fading_.FadingTie]

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        return await _person(info, self.item.tie.id)

    @strawberry.field
    def strength(self) -> float:
        return self.item.tie.strength

    @strawberry.field
    def peak(self) -> float:
        return self.item.tie.peak

    @strawberry.field
    def peak_at(self) -> datetime | None:
        return self.item.tie.peak_at

    @strawberry.field(description="peak − strength.")
    def drop(self) -> float:
        return self.item.drop

    @strawberry.field(description="The last meeting, help, thanks or referral.")
    def last_at(self) -> datetime | None:
        return self.item.tie.last_at

    @strawberry.field
    def kind(self) -> str | None:
        return self.item.tie.kind


@strawberry.type(description="A tie of the portfolio.")
class PortfolioTie:
    tie: strawberry.Private[fading_.TieHistory]

    @strawberry.field
    async def person(self, info: Info) -> Person | None:
        return await _person(info, self.tie.id)

    @strawberry.field
    def strength(self) -> float:
        return self.tie.strength


@strawberry.type(description="One kind of relationship in a portfolio.")
class PortfolioShare:
    kind: str
    ties: int
    strength: float
    share: float


@strawberry.type(description="The personal / functional / strategic mix of a person's ties.")
class Portfolio:
    at: datetime
    mix: list[PortfolioShare]
    strongest_strategic: list[PortfolioTie]


@strawberry.type(description="An introduction request waiting for the broker.")
class PendingIntroduction:
    item: strawberry.Private[introductions_.PendingIntroduction]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.item.id)

    @strawberry.field
    def at(self) -> datetime | None:
        return self.item.at

    @strawberry.field
    async def requester(self, info: Info) -> Person | None:
        return await _person(info, self.item.requester)

    @strawberry.field
    async def target(self, info: Info) -> Person | None:
        return await _person(info, self.item.target)

    @strawberry.field(description="The warm path the requester chose.")
    def path(self) -> list[strawberry.ID]:
        return [strawberry.ID(p) for p in self.item.path]

    @strawberry.field(description="What the requester gave (help, referrals, introductions).")
    def requester_given(self) -> int:
        return self.item.given

    @strawberry.field
    def requester_received(self) -> int:
        return self.item.received

    @strawberry.field(description="given − received: a giver or a taker?")
    def requester_balance(self) -> int:
        return self.item.balance

    @strawberry.field
    def requester_given_value(self) -> float:
        return self.item.given_value


def _limit(value: int, most: int = 50) -> int:
    if not 1 <= value <= most:
        raise ApiError("INVALID_INPUT", f"`limit` must be between 1 and {most}.")
    return value


@strawberry.type
class Query:
    @strawberry.field(description="The warmest introduction paths from `from` (default me) "
                      "to a person, organization or tag, each hop explained; from someone "
                      "else only for analysts and admins.",
                      permission_classes=[AnyToken])
    async def warm_introductions(
        self,
        info: Info,
        to: IntroductionTarget,
        from_: Annotated[strawberry.ID | None, strawberry.argument(name="from")] = None,
        max_hops: int = 3,
        first: int | None = 5,
        after: str | None = None,
        as_of: datetime | None = None,
    ) -> Page[WarmPath]:
        source = _own(info, from_, "from")
        kind, value = _chosen(to, TARGET_KINDS)
        if not 1 <= max_hops <= paths_.MAX_HOPS:
            raise ApiError("INVALID_INPUT", f"`maxHops` must be between 1 and "
                           f"{paths_.MAX_HOPS}.")
        page = _first(info, first, after)
        answer = await paths_.warm_introductions(
            _reads(info), source, value, kind, max_hops, page.skip + page.limit,
            aware(as_of))
        return page.slice([WarmPath(path=p) for p in answer.paths])

    @strawberry.field(description="The most influential people within a group, organization "
                      "or tag: trust-weighted PageRank, brokerage, giving balance.",
                      permission_classes=[AnyToken])
    async def influencers(self, info: Info, within: Scope, first: int | None = 10,
                          after: str | None = None, as_of: datetime | None = None
                          ) -> Page[Influencer]:
        kind, value = _chosen(within, SCOPE_KINDS)
        page = _first(info, first, after)
        found = await influencers_.influencers(_reads(info), kind, value,
                                             page.skip + page.limit, aware(as_of))
        return page.slice([Influencer(item=i) for i in found])

    @strawberry.field(description="Strong ties going cold, the largest loss first: whom to "
                      "call this week.",
                      permission_classes=[AnyToken])
    async def fading_ties(self, info: Info, person: strawberry.ID | None = None,
                          first: int | None = 10, after: str | None = None,
                          as_of: datetime | None = None) -> Page[FadingTie]:
        who = _who(info, person, "person")
        page = _first(info, first, after)
        found = await fading_.fading_ties(_reads(info), who, page.skip + page.limit,
                                          aware(as_of))
        return page.slice([FadingTie(item=f) for f in found])

    @strawberry.field(description="The personal / functional / strategic mix of a person's "
                      "ties and the strongest strategic ones.",
                      permission_classes=[AnyToken])
    async def portfolio(self, info: Info, person: strawberry.ID | None = None, top: int = 5,
                        as_of: datetime | None = None) -> Portfolio:
        who = _who(info, person, "person")
        answer = await portfolio_.portfolio(_reads(info), who, _limit(top), aware(as_of))
        return Portfolio(
            at=answer.at,
            mix=[PortfolioShare(kind=s.kind, ties=s.ties, strength=s.strength, share=s.share)
                 for s in answer.mix],
            strongest_strategic=[PortfolioTie(tie=t) for t in answer.strongest_strategic],
        )

    @strawberry.field(description="Introduction requests waiting for a broker (default me), "
                      "with each requester's giving balance, as they stood at `asOf`; a "
                      "person reads only their own, analysts and admins anyone's.",
                      permission_classes=[AnyToken])
    async def pending_introductions(self, info: Info, broker: strawberry.ID | None = None,
                                    first: int | None = None, after: str | None = None,
                                    as_of: datetime | None = None
                                    ) -> Page[PendingIntroduction]:
        who = _own(info, broker, "broker")
        page = _first(info, first, after)
        found = await introductions_.pending_introductions(_reads(info), who, aware(as_of))
        return page.slice([PendingIntroduction(item=p) for p in found])
