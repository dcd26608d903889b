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
`erase_met` decides when they are written at the end).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from projector.batch import MadeIntroduction

Props = dict[str, Any]
# (relationship type, start key, end key, properties) of an edge that is final
Sink = Callable[[str, str, str, Props], None]
Spool = Callable[["Edge"], None]  # a MET edge kept on disk until the end (see erase_met)

ERASED = "[erased]"


def _dt(value: Any) -> datetime | None:
    return value if value is None or isinstance(value, datetime) else \
        datetime.fromisoformat(value)


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
    concierges: dict[tuple[str, str, str], Props] = field(default_factory=dict)
    ties: dict[str, Edge] = field(default_factory=dict)  # KNOWS by id
    open_claims: dict[str, Edge] = field(default_factory=dict)  # unconfirmed MET / HELPED
    referred: dict[str, Edge] = field(default_factory=dict)  # REFERRED by event id
    referral_edges: dict[str, list[str]] = field(default_factory=dict)  # referral → events
    referred_of: dict[str, list[str]] = field(default_factory=dict)  # person → events
    introductions: dict[str, Props] = field(default_factory=dict)
    brokers: dict[str, list[str]] = field(default_factory=dict)  # introduction → BY people
    introduced: dict[str, list[str]] = field(default_factory=dict)  # introduction → OF
    forgotten_in: dict[str, int] = field(default_factory=dict)  # person → last forget batch
    batch: int = 0

    # -- lookups the projector makes in the graph ---------------------------------------------

    def made_introduction(self, iid: str) -> MadeIntroduction | None:
        """`lookup_introductions.cypher`."""
        i = self.introductions.get(iid)
        brokers = [b for b in self.brokers.get(iid, []) if b in self.people]
        if i is None or i.get("made_at") is None or not brokers:
            return None
        a, b = sorted(p for p in self.introduced.get(iid, []) if p in self.people)
        m, open_weight = i.get("m"), i.get("open_weight")  # coalesce(…, 0.0)
        return MadeIntroduction(a, b, brokers[0], i["made_at"], i.get("confirmations") or 0,
                                0.0 if m is None else m, i.get("status") == "made",
                                i.get("claimant"), 0.0 if open_weight is None else open_weight)

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
        forgotten = max(self.forgotten_in.get(edge.start, -1), self.forgotten_in.get(edge.end, -1))
        context = props.get("context")
        if forgotten >= edge.batch and context is not None and context != "":
            return {**props, "context": ERASED}
        return props

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
        for (_, client, _), k in self.concierges.items():
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
        k = self.concierges.get(key)
        if k is None:
            k = self.concierges[key] = {"group": r["group"], "since": _dt(r["at"]),
                                        "event_id": r["event_id"]}
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
            tie = self.ties[r["rel"]] = Edge("KNOWS", r["a"], r["b"], {
                "id": r["rel"], "since": since, "interactions": 0, "m": 0.0, "g_ab": 0.0,
                "g_ba": 0.0, "m_open": 0.0, "open_a": 0.0, "open_b": 0.0}, self.batch)
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
