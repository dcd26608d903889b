"""The projection statements of `cypher/projection/`, applied to a graph held in memory.

The offline rebuild plans its batches with the projector's own code (`projector.batch`:
which rows each event makes, with every weight, cap and confirmation decided there) and
applies the rows here instead of in Neo4j. This module is the Python reading of what each
statement's Cypher does with its rows — `MERGE`/`MATCH`/`SET` semantics included (a row
whose people are missing changes nothing, a null removes a property) — so one change to a
statement needs its twin change here; the offline rebuild tests compare the two graphs by
their canonical hash to catch any drift.

Memory grows with the nodes and the mutable relationships (ties, referrals, memberships,
claims not yet confirmed), not with the events: event-level edges that can no longer
change are handed to `sink` as soon as they are final (THANKED, SERVED, confirmed HELPED),
confirmed MET edges to `spool` (a later erasure may still change their context, which
`erase_met` decides when they are written at the end). A merge of people (`_people_merged`)
changes what is in memory; where the edges handed on go is the fold's (`fold.fold`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from projector.batch import Claim, MadeIntroduction

Props = dict[str, Any]
# (relationship type, start key, end key, properties) of an edge that is final
Sink = Callable[[str, str, str, Props], None]
Spool = Callable[["Edge"], None]  # a MET edge kept on disk until the end (see erase_met)

ERASED = "[erased]"


def _dt(value: Any) -> datetime | None:
    return value if value is None or isinstance(value, datetime) else \
        datetime.fromisoformat(value)


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _before(x: Any, y: Any) -> bool:
    """Cypher's `x < y` in a CASE: false when either is null."""
    return x is not None and y is not None and x < y


def _reduce(start: float, deposits: list[float]) -> float:
    """Cypher's `reduce(s = start, x IN list | s + x)`: added one by one, in order."""
    for x in deposits:
        start = start + x
    return start


@dataclass
class Edge:
    type: str
    start: str
    end: str
    props: Props
    batch: int  # the batch that created it (erasures apply to edges existing by then)


@dataclass
class MemoryGraph:
    sink: Sink
    spool: Spool
    people: dict[str, Props] = field(default_factory=dict)
    works_at: dict[str, set[str]] = field(default_factory=dict)  # person → organizations
    groups: dict[str, Props] = field(default_factory=dict)
    members: dict[tuple[str, str], Props] = field(default_factory=dict)  # (person, group)
    # (member, client, group) → CONCIERGE_FOR edges: one, or two a merge brought together
    concierges: dict[tuple[str, str, str], list[Props]] = field(default_factory=dict)
    ties: dict[str, Edge] = field(default_factory=dict)  # KNOWS by id
    tie_pairs: dict[tuple[str, str], str] = field(default_factory=dict)  # (lower, higher) → id
    ties_of: dict[str, set[str]] = field(default_factory=dict)  # person → KNOWS ids
    open_claims: dict[str, Edge] = field(default_factory=dict)  # unconfirmed MET / HELPED
    referred: dict[str, Edge] = field(default_factory=dict)  # REFERRED by event id
    referral_edges: dict[str, list[str]] = field(default_factory=dict)  # referral → events
    referred_of: dict[str, list[str]] = field(default_factory=dict)  # person → events
    introductions: dict[str, Props] = field(default_factory=dict)
    brokers: dict[str, list[str]] = field(default_factory=dict)  # introduction → BY people
    introduced: dict[str, list[str]] = field(default_factory=dict)  # introduction → OF
    forgotten_in: dict[str, int] = field(default_factory=dict)  # person → last forget batch
    # duplicate → (survivor, the batch that merged it)
    merged: dict[str, tuple[str, int]] = field(default_factory=dict)
    batch: int = 0

    # -- lookups the projector makes in the graph ---------------------------------------------

    def made_introduction(self, iid: str) -> MadeIntroduction | None:
        """`lookup_introductions.cypher`."""
        i = self.introductions.get(iid)
        brokers = [b for b in self.brokers.get(iid, []) if b in self.people]
        if i is None or i.get("made_at") is None or not brokers:
            return None
        introduced = [p for p in self.introduced.get(iid, []) if p in self.people]
        a, b = sorted(introduced)
        m, open_weight = i.get("m"), i.get("open_weight")  # coalesce(…, 0.0)
        claimant = next((p for p in introduced if i.get("claimant") in self._merged_ids(p)),
                        i.get("claimant"))
        return MadeIntroduction(a, b, brokers[0], i["made_at"], i.get("confirmations") or 0,
                                0.0 if m is None else m, i.get("status") == "made",
                                claimant, 0.0 if open_weight is None else open_weight)

    def _merged_ids(self, pid: str) -> list[str]:
        return self.people[pid].get("merged_ids") or []

    def claim(self, eid: str) -> Claim | None:
        """`lookup_events.cypher` for a claim still in memory (an unconfirmed MET or HELPED,
        any REFERRED): what it counted, between its two people as they are now."""
        edge = self.open_claims.get(eid) or self.referred.get(eid)
        if edge is None:
            return None
        p = edge.props
        confirmed = True if p.get("confirmed") is None else p["confirmed"]
        by = p.get("recorded_by")
        by = next((end for end in (edge.start, edge.end) if by in self._merged_ids(end)), by)
        return Claim(edge.type, p["at"], p["base"], p["weight"], p["m"], confirmed,
                     p["relationship"], edge.start, edge.end, None if confirmed else by)

    def referral(self, referral: str) -> tuple[str, str] | None:
        """`lookup_referrals.cypher`: the giver and receiver of a referral's edges."""
        found = None
        for eid in self.referral_edges.get(referral, []):
            edge = self.referred.get(eid)
            if edge is not None:
                found = (edge.start, edge.end)
        return found

    def tie_between(self, a: str, b: str) -> tuple[str, str, str, float, float] | None:
        """`lookup_ties_between.cypher`: the KNOWS a → b (a < b), its id and shares."""
        rel = self.tie_pairs.get((a, b))
        if rel is None or self.ties[rel].start != a:
            return None
        p = self.ties[rel].props
        return (rel, a, b, p.get("open_a") or 0.0, p.get("open_b") or 0.0)

    def tie_shares(self, rel: str) -> tuple[str, str, float, float] | None:
        """`lookup_ties.cypher`: the tie's two people and their unconfirmed shares."""
        tie = self.ties.get(rel)
        if tie is None:
            return None
        p = tie.props
        return (tie.start, tie.end, p.get("open_a") or 0.0, p.get("open_b") or 0.0)

    # -- applying one statement's rows -----------------------------------------------------------

    def apply(self, stage: str, rows: list[Props]) -> None:
        handler = getattr(self, f"_{stage}")
        for row in rows:
            handler(row)

    def end_batch(self) -> None:
        self.batch += 1

    def finish(self) -> None:
        """Hand the claims never confirmed to `sink` (the spool's MET edges are the
        caller's to pass through `erase_met`)."""
        for edge in self.open_claims.values():
            props = self.erase_met(edge) if edge.type == "MET" else edge.props
            self.sink(edge.type, edge.start, edge.end, props)
        self.open_claims.clear()

    def erase_met(self, edge: Edge) -> Props:
        """people_forgotten.cypher on a MET edge: its context is erased once either of its
        two people is forgotten in a batch at or after the one that created it."""
        props = edge.props
        forgotten = self._forgotten_since(edge.start, edge.batch) or \
            self._forgotten_since(edge.end, edge.batch)
        context = props.get("context")
        if forgotten and context is not None and context != "":
            return {**props, "context": ERASED}
        return props

    def _forgotten_since(self, pid: str, batch: int) -> bool:
        """Whether an edge at `pid` since `batch` was at a person forgotten while it was
        there: at `pid` until a merge moved it to the survivor (people_merged runs after
        people_forgotten in its batch), and so on through merges of merges."""
        while True:
            forgotten = self.forgotten_in.get(pid, -1)
            merge = self.merged.get(pid)
            if merge is None:
                return forgotten >= batch
            survivor, merged_in = merge
            if batch <= forgotten <= merged_in:
                return True
            pid, batch = survivor, max(batch, merged_in + 1)

    # -- people ------------------------------------------------------------------------------

    def _people_registered(self, r: Props) -> None:
        p = self.people.setdefault(r["id"], {"id": r["id"]})
        p.update(name=r["name"], headline=r["headline"], tags=r["tags"],
                 organization=r["organization"], registered_at=_dt(r["at"]),
                 accepts_introductions=True, forgotten=False)
        for key in ("given", "received", "given_unconfirmed"):
            p[key] = p[key] if p.get(key) is not None else 0
        org = r["organization"]
        if org is not None and org != "":
            self.works_at.setdefault(r["id"], set()).add(org)

    def _people_updated(self, r: Props) -> None:
        p = self.people.get(r["id"])
        if p is None:
            return
        for key in ("name", "headline", "tags"):
            if r[key] is not None:
                p[key] = r[key]
        org = r["organization"]
        if org is None:
            return
        self.works_at.pop(r["id"], None)  # an organization nobody works at goes with it
        p["organization"] = None if org == "" else org
        if org != "":
            self.works_at[r["id"]] = {org}

    def _people_brokering(self, r: Props) -> None:
        p = self.people.get(r["id"])
        if p is None:
            return
        at = _dt(r["at"])
        assert at is not None
        latest = p.get("brokering_at") is None or at >= p["brokering_at"]
        p["accepts_changes"] = [*(p.get("accepts_changes") or []), r["accepts"]]
        p["accepts_changed_at"] = [*(p.get("accepts_changed_at") or []), at]
        if latest:
            p["accepts_introductions"] = r["accepts"]
            p["brokering_note"] = r["note"]
            p["brokering_at"] = at

    def _people_forgotten(self, r: Props) -> None:
        pid = r["id"]
        p = self.people.get(pid)
        if p is None:
            return
        p.update(name="Forgotten person", headline="", tags=[], organization=None,
                 brokering_note=None, forgotten=True, accepts_introductions=False)
        self.works_at.pop(pid, None)
        self.forgotten_in[pid] = self.batch  # MET contexts: erase_met
        for eid in self.referred_of.get(pid, []):
            e = self.referred[eid].props
            if e.get("reason") is not None and e["reason"] != "":
                e["reason"] = ERASED
        for (_, client, _), edges in self.concierges.items():
            for k in edges:
                if client == pid and k.get("needs") is not None and k["needs"] != "":
                    k["needs"] = ERASED
        for iid, i in self.introductions.items():
            brokered = pid in self.brokers.get(iid, [])
            if i.get("requester") == pid or i.get("target") == pid or brokered:
                if (i.get("message") or "") != "":
                    i["message"] = ERASED
                if (i.get("requester") == pid or brokered) and (i.get("reason") or "") != "":
                    i["reason"] = ERASED

    def _add(self, pid: str, key: str, delta: int) -> None:
        p = self.people[pid]
        p[key] = None if p.get(key) is None else p[key] + delta

    def _count_claim(self, x: str, y: str, confirmed: bool) -> None:
        """The giver's and the receiver's counts for a new HELPED or REFERRED edge."""
        self._add(x, "given", 1 if confirmed else 0)
        self._add(y, "received", 1 if confirmed else 0)
        p = self.people[x]
        p["given_unconfirmed"] = (p.get("given_unconfirmed") or 0) + (0 if confirmed else 1)

    def _count_confirmed(self, x: str, y: str) -> None:
        self._add(x, "given", 1)
        self._add(y, "received", 1)
        p = self.people[x]
        unconfirmed = p.get("given_unconfirmed")
        p["given_unconfirmed"] = (1 if unconfirmed is None else unconfirmed) - 1

    # -- groups ------------------------------------------------------------------------------

    def _join(self, person: str, group: str, role: str | None, at: datetime) -> None:
        m = self.members.setdefault((person, group), {})
        m["role"] = role
        m["since"] = m["since"] if m.get("since") is not None else at

    def _groups_formed(self, r: Props) -> None:
        at = _dt(r["at"])
        assert at is not None
        g = self.groups.setdefault(r["id"], {"id": r["id"]})
        g.update(name=r["name"], purpose=r["purpose"], formed_at=at)
        if r["founder"] in self.people:
            self._join(r["founder"], r["id"], "leader", at)

    def _groups_membership(self, r: Props) -> None:
        group, person = r["group"], r["person"]
        if group not in self.groups or person not in self.people:
            return
        at = _dt(r["at"])
        assert at is not None
        if r["op"] == "join":
            self._join(person, group, r["role"], at)
        elif r["op"] == "leave":
            self.members.pop((person, group), None)
        else:
            for (_, g), m in self.members.items():
                if g == group and m.get("role") == "leader":
                    m["role"] = "member"
            self._join(person, group, "leader", at)

    def _groups_clients(self, r: Props) -> None:
        if r["member"] not in self.people or r["client"] not in self.people:
            return
        key = (r["member"], r["client"], r["group"])
        edges = self.concierges.get(key)
        if edges is None:  # MERGE: sets every edge it matches
            edges = self.concierges[key] = [{"group": r["group"], "since": _dt(r["at"]),
                                             "event_id": r["event_id"]}]
        for k in edges:
            k["needs"] = r["needs"]

    def _groups_served(self, r: Props) -> None:
        if r["member"] not in self.people or r["client"] not in self.people:
            return
        self.sink("SERVED", r["member"], r["client"],
                  {"event_id": r["event_id"], "group": r["group"], "at": _dt(r["at"])})

    # -- ties --------------------------------------------------------------------------------

    def _ties(self, r: Props) -> None:
        since, last_at = _dt(r["since"]), _dt(r["last_at"])
        tie = self.ties.get(r["rel"])
        if tie is None:
            if not r["create"] or r["a"] not in self.people or r["b"] not in self.people:
                return
            adopted = self.tie_pairs.get(_pair(r["a"], r["b"]))
            if adopted is not None:  # a tie a merge moved here under the duplicate's id
                tie = self._drop_tie(adopted)
                tie.props["id"] = r["rel"]
            else:
                tie = Edge("KNOWS", r["a"], r["b"], {
                    "id": r["rel"], "since": since, "interactions": 0, "m": 0.0, "g_ab": 0.0,
                    "g_ba": 0.0, "m_open": 0.0, "open_a": 0.0, "open_b": 0.0}, self.batch)
            self._put_tie(tie)
        k = tie.props
        classified_at = _dt(r["classified_at"])
        latest = r["classified"] and (k.get("classified_at") is None or (
            classified_at is not None and classified_at >= k["classified_at"]))
        k["m"] = _reduce(k["m"], r["ms"])
        k["m_open"] = _reduce(k.get("m_open") or 0.0, r["m_open"])
        k["open_a"] = next(v for v in (r["open_a"], k.get("open_a"), 0.0) if v is not None)
        k["open_b"] = next(v for v in (r["open_b"], k.get("open_b"), 0.0) if v is not None)
        k["g_ab"] = _reduce(k["g_ab"], r["g_ab"])
        k["g_ba"] = _reduce(k["g_ba"], r["g_ba"])
        k["interactions"] = k["interactions"] + r["interactions"]
        if last_at is not None and (k.get("last_at") is None or last_at > k["last_at"]):
            k["last_at"] = last_at
        if since is not None and k.get("since") is not None and since < k["since"]:
            k["since"] = since
        if r["connected"]:
            if k.get("source") is None:
                k["source"] = r["source"]
            if k.get("connected_at") is None:
                k["connected_recorded_at"] = _dt(r["connected_recorded_at"])
                k["connected_claimant"] = r["connected_claimant"]
                k["connected_at"] = _dt(r["connected_at"])
            if k.get("introduced_by") is None:
                k["introduced_by"] = r["introduced_by"]
            k["m_connected"] = _reduce(k.get("m_connected") or 0.0, r["m_connected"])
        if r["classified"]:
            k["kinds"] = [*(k.get("kinds") or []), *r["kinds"]]
            k["kinds_at"] = [*(k.get("kinds_at") or []), *(_dt(x) for x in r["kinds_at"])]
        if latest:
            k["kind"], k["classified_by"] = r["kind"], r["classified_by"]
            k["classified_at"] = classified_at

    def _put_tie(self, tie: Edge) -> None:
        rel = tie.props["id"]
        self.ties[rel] = tie
        self.tie_pairs[_pair(tie.start, tie.end)] = rel
        for pid in (tie.start, tie.end):
            self.ties_of.setdefault(pid, set()).add(rel)

    def _drop_tie(self, rel: str) -> Edge:
        tie = self.ties.pop(rel)
        del self.tie_pairs[_pair(tie.start, tie.end)]
        for pid in (tie.start, tie.end):
            self.ties_of[pid].discard(rel)
        return tie

    # -- event-level edges -------------------------------------------------------------------

    @staticmethod
    def _claim_props(r: Props, **extra: Any) -> Props:
        at, confirmed = _dt(r["at"]), r["confirmed"]
        recorded_at = _dt(r["recorded_at"])
        return {"event_id": r["event_id"], "relationship": r["rel"], "at": at, **extra,
                "recorded_by": r["recorded_by"], "claimant": r["claimant"],
                "confirmed": confirmed, "confirmed_at": _dt(r["confirmed_at"]),
                "base": r["base"], "weight": r["weight"], "m": r["m"],
                "recorded_at": recorded_at,
                "confirmed_recorded_at": recorded_at if confirmed else None}

    def _keep(self, edge: Edge) -> None:
        """A new MET / HELPED edge: kept while a confirmation may still change it."""
        if not edge.props["confirmed"]:
            self.open_claims[edge.props["event_id"]] = edge
        elif edge.type == "MET":
            self.spool(edge)
        else:
            self.sink(edge.type, edge.start, edge.end, edge.props)

    def _edges_met(self, r: Props) -> None:
        tie = self.ties.get(r["rel"])
        if tie is None:
            return
        a, b = tie.start, tie.end
        x, y = (b, a) if r["recorded_by"] == b else (a, b)
        self._keep(Edge("MET", x, y, self._claim_props(r, context=r["context"]), self.batch))

    def _edges_helped(self, r: Props) -> None:
        x, y = r["source"], r["target"]
        if x not in self.people or y not in self.people:
            return
        props = self._claim_props(r, kind=r["kind"], value=r["value"])
        self._keep(Edge("HELPED", x, y, props, self.batch))
        self._count_claim(x, y, r["confirmed"])

    def _edges_thanked(self, r: Props) -> None:
        x, y = r["source"], r["target"]
        if x not in self.people or y not in self.people:
            return
        at, recorded_at, confirmed = _dt(r["at"]), _dt(r["recorded_at"]), r["confirmed"]
        self.sink("THANKED", x, y, {
            "event_id": r["event_id"], "relationship": r["rel"], "at": at,
            "for_event": r["for_event"], "recorded_by": r["recorded_by"],
            "confirmed": confirmed, "confirmed_at": at if confirmed else None,
            "base": r["weight"], "weight": r["weight"], "m": r["m"],
            "recorded_at": recorded_at,
            "confirmed_recorded_at": recorded_at if confirmed else None})

    @staticmethod
    def _confirm_props(e: Props, r: Props) -> None:
        e.update(confirmed=True, confirmed_at=_dt(r["at"]), weight=r["weight"], m=r["m"],
                 confirmed_recorded_at=_dt(r["recorded_at"]))

    def _edges_confirmed(self, r: Props) -> None:
        edge = self.open_claims.get(r["event_id"])
        if edge is None or edge.type != r["type"]:
            return
        del self.open_claims[r["event_id"]]
        self._confirm_props(edge.props, r)
        if edge.type == "HELPED":
            self._count_confirmed(edge.start, edge.end)
        self._keep(edge)

    # -- introductions -----------------------------------------------------------------------

    def _introductions(self, r: Props) -> None:
        at, status = _dt(r["at"]), r["status"]
        i = self.introductions.get(r["id"])
        if i is None:
            i = self.introductions[r["id"]] = {"id": r["id"], "at": at}
        made = status == "made"
        i["status"] = status
        if made:
            i["at"] = at
        if status == "requested":
            i["requested_at"] = at
        if status in ("accepted", "declined"):
            i["decided_at"] = at
        if made:
            i["made_at"] = at
            i["made_recorded_at"] = _dt(r["recorded_at"])
        for key in ("reason", "requester", "target", "path", "message"):
            if r[key] is not None:
                i[key] = r[key]
        if made:
            i.update(m=r["m"], confirmations=r["confirmations"], claimant=r["claimant"],
                     open_weight=r["open_weight"], made_confirmed_by=r["confirmed_by"])
        for role, people in ((self.brokers, r["broker"]), (self.introduced, r["of"])):
            linked = role.setdefault(r["id"], [])
            for pid in people:
                if pid in self.people and pid not in linked:
                    linked.append(pid)

    def _introductions_counted(self, r: Props) -> None:
        i = self.introductions.get(r["id"])
        if i is None:
            return
        at = _dt(r["at"])
        i.update(m=r["m"], confirmations=r["confirmations"], claimant=r["claimant"],
                 open_weight=r["open_weight"])
        if r["refused"]:
            i.update(status="declined", decided_at=at, declined_by=r["person"],
                     reason=r["reason"])
        i["answered_by"] = [*(i.get("answered_by") or []), r["person"]]
        i["answered_at"] = [*(i.get("answered_at") or []), at]
        i["answered_recorded_at"] = [*(i.get("answered_recorded_at") or []),
                                     _dt(r["recorded_at"])]
        i["answered_refused"] = [*(i.get("answered_refused") or []), r["refused"]]

    def _introductions_given(self, r: Props) -> None:
        if r["broker"] in self.people:
            self._add(r["broker"], "given", r["delta"])

    # -- referrals ---------------------------------------------------------------------------

    def _referrals_given(self, r: Props) -> None:
        x, y = r["source"], r["target"]
        if x not in self.people or y not in self.people:
            return
        eid = r["event_id"]
        self.referred[eid] = Edge("REFERRED", x, y, {
            "event_id": eid, "referral_id": r["referral_id"], "relationship": r["rel"],
            "at": _dt(r["at"]), "prospect": r["prospect"], "status": "given",
            "recorded_by": r["recorded_by"], "claimant": r["claimant"],
            "confirmed": r["confirmed"], "confirmed_at": _dt(r["confirmed_at"]),
            "base": r["base"], "weight": r["weight"], "m": r["m"],
            "recorded_at": _dt(r["recorded_at"])}, self.batch)
        self.referral_edges.setdefault(r["referral_id"], []).append(eid)
        for pid in {x, y}:
            self.referred_of.setdefault(pid, []).append(eid)
        self._count_claim(x, y, r["confirmed"])

    def _referrals_confirmed(self, r: Props) -> None:
        edge = self.referred.get(r["event_id"])
        if edge is None:
            return
        self._confirm_props(edge.props, r)
        self._count_confirmed(edge.start, edge.end)

    def _referrals_updated(self, r: Props) -> None:
        at, closed = _dt(r["at"]), r["status"] == "closed"
        for eid in self.referral_edges.get(r["referral_id"], []):
            e = self.referred[eid].props
            e["status"], e["updated_at"] = r["status"], at
            for key in ("reason", "value", "currency"):
                if r[key] is not None:
                    e[key] = r[key]
            if closed:
                e.update(closed_at=at, m_closed=r["m"],
                         closed_recorded_at=_dt(r["recorded_at"]))

    # -- merges ------------------------------------------------------------------------------

    def _people_merged(self, r: Props) -> None:
        """people_merged.cypher. Edges already handed to `sink` (or `spool`) are the
        caller's: they are written between the people their ends were merged into, and
        not at all when both ends became one person (`fold`)."""
        d, s = r["duplicate"], r["survivor"]
        if d not in self.people or s not in self.people:
            return
        self._drop_between(d, s)
        for rel in sorted(self.ties_of.get(d, set()),
                          key=lambda rel: self._other(self.ties[rel], d)):
            self._merge_tie(d, s, self._drop_tie(rel))
        self.ties_of.pop(d, None)
        for _, group in [key for key in self.members if key[0] == d]:
            m, own = self.members.pop((d, group)), self.members.get((s, group))
            if own is None:
                self.members[(s, group)] = dict(m)
                continue
            if m.get("role") == "leader":
                own["role"] = "leader"
            if _before(m.get("since"), own.get("since")):
                own["since"] = m["since"]
        self.works_at.pop(d, None)
        self._repoint(d, s)
        for i in self.introductions.values():
            if i.get("requester") == d:
                i["requester"] = s
            if i.get("target") == d:
                i["target"] = s
        survivor, duplicate = self.people[s], self.people.pop(d)
        for key in ("given", "received", "given_unconfirmed"):
            survivor[key] = (survivor.get(key) or 0) + (duplicate.get(key) or 0)
        survivor["merged_ids"] = [*(survivor.get("merged_ids") or []),
                                  *(duplicate.get("merged_ids") or []), d]
        self.merged[d] = (s, self.batch)

    @staticmethod
    def _other(edge: Edge, pid: str) -> str:
        return edge.end if edge.start == pid else edge.start

    def _drop_between(self, d: str, s: str) -> None:
        """What lay between the two goes: a person has no tie with themself."""
        pair = {d, s}
        between = self.tie_pairs.get(_pair(d, s))
        if between is not None:
            self._drop_tie(between)
        for eid in [eid for eid, e in self.open_claims.items() if {e.start, e.end} == pair]:
            del self.open_claims[eid]
        for eid in list(dict.fromkeys(self.referred_of.get(d, []))):
            e = self.referred[eid]
            if {e.start, e.end} == pair:
                del self.referred[eid]
                rid = e.props["referral_id"]
                self.referral_edges[rid] = [x for x in self.referral_edges[rid] if x != eid]
                for pid in pair:
                    self.referred_of[pid] = [x for x in self.referred_of.get(pid, []) if x != eid]
        for key in [key for key in self.concierges if {key[0], key[1]} == pair]:
            del self.concierges[key]

    def _merge_tie(self, d: str, s: str, k: Edge) -> None:
        """The duplicate's KNOWS with x added into the survivor's own tie with x, or moved
        to the survivor under its id when the survivor has none."""
        x, p, d_first = self._other(k, d), k.props, k.start == d
        g_out, g_in = (p["g_ab"], p["g_ba"]) if d_first else (p["g_ba"], p["g_ab"])
        open_a, open_b = p.get("open_a") or 0.0, p.get("open_b") or 0.0
        open_d, open_x = (open_a, open_b) if d_first else (open_b, open_a)
        own_rel = self.tie_pairs.get(_pair(s, x))
        if own_rel is None:
            if s < x:
                moved = Edge("KNOWS", s, x, {**p, "g_ab": g_out, "g_ba": g_in,
                                             "open_a": open_d, "open_b": open_x}, k.batch)
            else:
                moved = Edge("KNOWS", x, s, {**p, "g_ab": g_in, "g_ba": g_out,
                                             "open_a": open_x, "open_b": open_d}, k.batch)
            self._put_tie(moved)
            return
        own_tie = self.ties[own_rel]
        o, s_first = own_tie.props, own_tie.start == s
        k_connected = o.get("connected_at") is None or _before(p.get("connected_at"),
                                                                o["connected_at"])
        k_kind = p.get("classified_at") is not None and (
            o.get("classified_at") is None or p["classified_at"] > o["classified_at"])
        o["m"] = o["m"] + p["m"]
        o["m_open"] = (o.get("m_open") or 0.0) + (p.get("m_open") or 0.0)
        o["g_ab"] = o["g_ab"] + (g_out if s_first else g_in)
        o["g_ba"] = o["g_ba"] + (g_in if s_first else g_out)
        o["open_a"] = (o.get("open_a") or 0.0) + (open_d if s_first else open_x)
        o["open_b"] = (o.get("open_b") or 0.0) + (open_x if s_first else open_d)
        o["interactions"] = o["interactions"] + p["interactions"]
        if _before(p.get("since"), o.get("since")):
            o["since"] = p["since"]
        if p.get("last_at") is not None and (o.get("last_at") is None
                                             or p["last_at"] > o["last_at"]):
            o["last_at"] = p["last_at"]
        if o.get("m_connected") is not None or p.get("m_connected") is not None:
            o["m_connected"] = (o.get("m_connected") or 0.0) + (p.get("m_connected") or 0.0)
        if k_connected and p.get("connected_at") is not None:
            for key in ("source", "introduced_by", "connected_recorded_at",
                        "connected_claimant", "connected_at"):
                o[key] = p.get(key)
        for key in ("kinds", "kinds_at"):
            if o.get(key) is not None or p.get(key) is not None:
                o[key] = [*(o.get(key) or []), *(p.get(key) or [])]
        if k_kind:
            for key in ("kind", "classified_by", "classified_at"):
                o[key] = p.get(key)

    def _repoint(self, d: str, s: str) -> None:
        """Every other relationship of the duplicate now starts or ends at the survivor."""
        for edge in self.open_claims.values():
            if d not in (edge.start, edge.end):
                continue
            if edge.type == "MET":  # its context as erasures at the duplicate left it
                edge.props = self.erase_met(edge)
                edge.batch = self.batch + 1  # at the survivor from the next batch on
            edge.start = s if edge.start == d else edge.start
            edge.end = s if edge.end == d else edge.end
        for eid in self.referred_of.pop(d, []):
            edge = self.referred[eid]
            edge.start = s if edge.start == d else edge.start
            edge.end = s if edge.end == d else edge.end
            self.referred_of.setdefault(s, []).append(eid)
        for key in [key for key in self.concierges if d in (key[0], key[1])]:
            member, client, group = key
            moved = (s if member == d else member, s if client == d else client, group)
            self.concierges.setdefault(moved, []).extend(self.concierges.pop(key))
        for role in (self.brokers, self.introduced):
            for people in role.values():
                people[:] = [s if pid == d else pid for pid in people]
