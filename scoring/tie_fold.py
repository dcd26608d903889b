"""One tie as it stood at an instant t (and as the store had recorded it by `known_at`):
the projector's fold replayed over the tie's dated edges, keeping only what had happened by
t, in the order the store recorded it.

Why a replay: past the cap on one side's word (`docs/scoring.md`), what a claim counts
depends on the claims and confirmations recorded before it. A claim the graph counted when
it arrived may have had room a confirmation made only after t freed, or lost it to a claim
back-dated after t. So every as-of read re-runs the same rules (`projector/batch.py`) over
the deposits by t: claims count within the claimant's share of the cap, first recorded
first counted; a confirmation frees its claim's share and counts it in full; thanks for a
help the thanker recorded themself are their word alone while that help is open; a direct
introduction counts once one of the two introduced confirmed it, fully with both, nothing
once declined.

The rows come from the `*_as_of` / `asof_*` queries: per tie its `edges` (MET, HELPED,
THANKED, REFERRED), `intros` and connection, raw.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from scoring.strength import DEFAULT, ScoringSettings, epoch_mass, event_weight

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)  # the recorded time of a deposit without one

KIND_OF_EDGE = {"MET": "met", "HELPED": "helped", "REFERRED": "referred", "THANKED": "thanked"}


@dataclass(frozen=True)
class Deposit:
    """Epoch mass the tie holds from one event as of t, dated at the event."""

    at: datetime
    m: float
    giver: str | None = None  # the side whose giving it is (help, referrals)


@dataclass
class FoldedTie:
    deposits: list[Deposit] = field(default_factory=list)  # one per counted event
    open_m: float = 0.0  # the part of the total that is one side's word alone
    interactions: int = 0
    first: datetime | None = None  # earliest event (confirmations included)
    last_at: datetime | None = None  # latest interaction

    @property
    def m(self) -> float:
        return sum(d.m for d in self.deposits)

    def given_by(self, person: str) -> float:
        return sum(d.m for d in self.deposits if d.giver == person)

    def touch(self, at: datetime, interaction: bool) -> None:
        self.first = at if self.first is None or at < self.first else self.first
        if interaction:
            self.interactions += 1
            self.last_at = at if self.last_at is None or at > self.last_at else self.last_at


def known_by(recorded_at: datetime | None, known_at: datetime | None) -> bool:
    """Recorded by `known_at` (None: whatever the store holds; a deposit projected before
    recorded times were kept counts as known)."""
    return known_at is None or recorded_at is None or recorded_at <= known_at


def _when(recorded_at: datetime | None) -> datetime:
    return EARLIEST if recorded_at is None else recorded_at


@dataclass
class _Claim:
    edge: Mapping[str, Any]
    claimant: str | None  # None: confirmed from the start
    counted: float = 0.0  # base weight counted while open
    confirmed: bool = False


class _Fold:
    """Each claimant's share of the cap, and the claims seen so far."""

    def __init__(self, settings: ScoringSettings) -> None:
        self.settings = settings
        self.shares: dict[str, float] = {}
        self.claims: dict[str, _Claim] = {}

    def count_open(self, claimant: str, weight: float) -> float:
        left = max(0.0, self.settings.unconfirmed_cap - self.shares.get(claimant, 0.0))
        counted = min(weight, left)
        self.shares[claimant] = self.shares.get(claimant, 0.0) + counted
        return counted

    def release(self, claimant: str, weight: float) -> None:
        self.shares[claimant] = max(0.0, self.shares.get(claimant, 0.0) - weight)


def _one_sided(kind: str, settings: ScoringSettings) -> float:
    return event_weight(kind, False, settings)


def fold_tie(edges: Iterable[Mapping[str, Any]], intros: Iterable[Mapping[str, Any]],
             connection: Mapping[str, Any] | None, t: datetime,
             known_at: datetime | None = None, settings: ScoringSettings = DEFAULT
             ) -> FoldedTie:
    """The tie at t from its raw deposits (see the module's docstring)."""
    fold = _Fold(settings)
    moves: list[tuple[datetime, int, str, Any]] = []  # (recorded, order, what, subject)

    def happened(at: datetime | None, recorded_at: datetime | None) -> bool:
        return at is not None and at <= t and known_by(recorded_at, known_at)

    if connection is not None and happened(connection["at"], connection["recorded_at"]):
        moves.append((_when(connection["recorded_at"]), 0, "connect", connection))
    for edge in edges:
        if not happened(edge["at"], edge["recorded_at"]):
            continue
        moves.append((_when(edge["recorded_at"]), 1, "event", edge))
        if edge["type"] != "THANKED" and edge["claimant"] is not None \
                and happened(edge["confirmed_at"], edge["confirmed_recorded_at"]):
            moves.append((_when(edge["confirmed_recorded_at"]), 2, "confirm", edge))
        if edge["type"] == "REFERRED" and happened(edge["closed_at"], edge["closed_recorded_at"]):
            moves.append((_when(edge["closed_recorded_at"]), 2, "close", edge))
    for intro in intros:
        if not happened(intro["made_at"], intro["made_recorded_at"]):
            continue
        moves.append((_when(intro["made_recorded_at"]), 1, "made", intro))
        answers = zip(intro["answered_by"] or [], intro["answered_at"] or [],
                      intro["answered_recorded_at"] or [], intro["answered_refused"] or [],
                      strict=True)
        for person, at, recorded_at, refused in answers:
            if happened(at, recorded_at):
                moves.append((_when(recorded_at), 2, "answer", (intro, person, at, refused)))
    moves.sort(key=lambda move: (move[0], move[1]))

    tie = FoldedTie()
    intro_states: dict[str, _Intro] = {}
    for _, _, what, subject in moves:
        if what == "connect":
            _connect(fold, tie, subject)
        elif what == "event":
            _event(fold, tie, subject)
        elif what == "confirm":
            _confirm(fold, tie, subject["event_id"], subject["confirmed_at"])
        elif what == "close":
            _close(fold, tie, subject)
        elif what == "made":
            intro_states[subject["id"]] = _Intro.made(fold, tie, subject)
        else:
            intro, person, at, refused = subject
            intro_states[intro["id"]].answer(fold, tie, person, at, refused)
    for claim in fold.claims.values():
        edge = claim.edge
        kind = KIND_OF_EDGE[edge["type"]]
        weight = event_weight(kind, True, settings) if claim.confirmed else claim.counted
        m = epoch_mass(weight, edge["at"], settings)
        if not claim.confirmed and claim.claimant is not None:
            tie.open_m += m
        giver = edge["source"] if edge["type"] in ("HELPED", "REFERRED") else None
        tie.deposits.append(Deposit(edge["at"], m, giver))
    for state in intro_states.values():
        state.deposit(tie, settings)
    return tie


def _connect(fold: _Fold, tie: FoldedTie, connection: Mapping[str, Any]) -> None:
    kind = "imported" if connection["source"] == "imported" else "connected"
    weight = event_weight(kind, True, fold.settings)
    tie.touch(connection["at"], interaction=False)
    if not weight:
        return
    claimant = connection["claimant"]
    one_sided = claimant is not None
    if one_sided:
        weight = fold.count_open(claimant, _one_sided(kind, fold.settings))
    m = epoch_mass(weight, connection["at"], fold.settings)
    tie.deposits.append(Deposit(connection["at"], m))
    tie.open_m += m if one_sided else 0.0
    tie.touch(connection["at"], interaction=True)


def _event(fold: _Fold, tie: FoldedTie, edge: Mapping[str, Any]) -> None:
    """A MET, HELPED, REFERRED or THANKED edge arrives."""
    tie.touch(edge["at"], interaction=True)
    if edge["type"] == "THANKED":
        _thanks(fold, tie, edge)
        return
    claimant = edge["claimant"]
    claim = _Claim(edge, claimant, confirmed=claimant is None)
    if claimant is not None:
        claim.counted = fold.count_open(
            claimant, _one_sided(KIND_OF_EDGE[edge["type"]], fold.settings))
    fold.claims[edge["event_id"]] = claim


def _confirm(fold: _Fold, tie: FoldedTie, event_id: str, at: datetime) -> None:
    claim = fold.claims.get(event_id)
    if claim is None or claim.confirmed:
        return
    if claim.claimant is not None:
        fold.release(claim.claimant, claim.counted)
    claim.confirmed = True
    tie.touch(at, interaction=False)


def _thanks(fold: _Fold, tie: FoldedTie, edge: Mapping[str, Any]) -> None:
    """Thanks for a help still open on the thanker's own word are that word alone; any
    other thanks count in full and confirm the help."""
    thanker = edge["source"]
    helped = fold.claims.get(edge["for_event"])
    own = helped is not None and not helped.confirmed and helped.claimant == thanker
    weight = event_weight("thanked", True, fold.settings)
    if own:
        weight = fold.count_open(thanker, _one_sided("thanked", fold.settings))
    m = epoch_mass(weight, edge["at"], fold.settings)
    tie.deposits.append(Deposit(edge["at"], m))
    tie.open_m += m if own else 0.0
    if not own:
        _confirm(fold, tie, edge["for_event"], edge["at"])


def _close(fold: _Fold, tie: FoldedTie, edge: Mapping[str, Any]) -> None:
    m = epoch_mass(event_weight("referral_closed", True, fold.settings), edge["closed_at"],
                   fold.settings)
    tie.deposits.append(Deposit(edge["closed_at"], m, edge["source"]))
    tie.touch(edge["closed_at"], interaction=True)


@dataclass
class _Intro:
    """A made introduction between the tie's two people, as its answers by t left it."""

    made_at: datetime
    confirmations: int
    claimant: str | None
    live: bool = True
    counted: float = 0.0  # base weight in the claimant's share while one-sided
    weight: float = 0.0  # base weight it adds to the tie

    @classmethod
    def made(cls, fold: _Fold, tie: FoldedTie, intro: Mapping[str, Any]) -> _Intro:
        confirmed_by = list(intro["confirmed_by"] or [])
        state = cls(intro["made_at"], 0, confirmed_by[0] if len(confirmed_by) == 1 else None)
        state.count(fold, tie, len(confirmed_by), True, intro["made_at"])
        return state

    def answer(self, fold: _Fold, tie: FoldedTie, person: str, at: datetime,
               refused: bool) -> None:
        if not self.live:
            return
        if not refused and self.confirmations == 0:
            self.claimant = person
        self.count(fold, tie, self.confirmations + (0 if refused else 1), not refused, at)

    def count(self, fold: _Fold, tie: FoldedTie, confirmations: int, live: bool,
              at: datetime) -> None:
        if self.claimant is not None and self.counted:
            fold.release(self.claimant, self.counted)
        self.counted = 0.0
        before = self.weight
        if not live or confirmations == 0:
            self.weight = 0.0
        elif confirmations == 1 and self.claimant is not None:
            self.counted = self.weight = fold.count_open(
                self.claimant, _one_sided("introduced", fold.settings))
        else:
            self.weight = event_weight("introduced", True, fold.settings)
        if self.weight != before:
            tie.touch(at, interaction=False)
        self.confirmations, self.live = confirmations, live

    def deposit(self, tie: FoldedTie, settings: ScoringSettings) -> None:
        if self.weight:
            m = epoch_mass(self.weight, self.made_at, settings)
            tie.deposits.append(Deposit(self.made_at, m))
            tie.open_m += m if self.counted else 0.0


def fold_row(row: Mapping[str, Any], t: datetime, known_at: datetime | None = None,
             settings: ScoringSettings = DEFAULT) -> FoldedTie:
    """`fold_tie` over one row of the raw queries (`edges`, `intros`, `connection`)."""
    return fold_tie(row["edges"], row["intros"], row["connection"], t, known_at, settings)
