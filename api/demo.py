"""The demo network that `make run` seeds: a small business community whose story shows what
Goodwill is for.

- The Northside Referral Circle, led by Ana, is a collaborative group: Ben brings his client
  Jonas to the circle and stays his concierge while Dev and Chloé serve him.
- Dev refers a prospect, Eva, to Ben; the referral is accepted and closes business.
- Chloé asks Ines to introduce her to Eva; Ines accepts and makes the introduction; Chloé then
  helps Eva, and Eva thanks her.
- Farid is a taker: he receives help from several people and never gives any back.
- Hugo is new and wants to meet Jonas Berg at Northwind Logistics: the warm path runs through
  people who have actually helped one another.

People have fixed ids (uuid5 of their handle) and every command carries an idempotency key,
so seeding twice records nothing new and README examples can name the people. Each carries
an e-mail address (and some a LinkedIn profile), so that imports recognise them.

Part of the network comes from files (`seed_demo_imports`, `goodwill demo seed
--with-imports`): Ana's LinkedIn `Connections.csv` and her Google calendar, in
`api/demo_data/ana/`, imported as she would import them. They match Hugo, Ben, Ines and
Farid (Ana's ties already) and bring four people new to the network; the calendar adds
meetings with Ines, Hugo and two of the newcomers. None of it touches Ben, Grace or Jonas,
so Hugo's warm path to Jonas stays Hugo → Ana → Ines → Jonas (only warmer).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.actors import Actor
from domain.app import Goodwill
from domain.service import Recorded

DEMO_NAMESPACE = uuid5(NAMESPACE_URL, "https://goodwill.example/demo")


def demo_person_id(handle: str) -> UUID:
    return uuid5(DEMO_NAMESPACE, handle)


@dataclass(frozen=True)
class DemoPerson:
    handle: str
    name: str
    headline: str
    organization: str | None
    tags: tuple[str, ...]
    email: str
    profile: str | None = None  # linkedin.com/in/…

    @property
    def id(self) -> UUID:
        return demo_person_id(self.handle)


PEOPLE = (
    DemoPerson("ana", "Ana Ruiz", "Community organiser", "Northside Collective",
               ("organiser", "events"), "ana@northsidecollective.example",
               "linkedin.com/in/ana-ruiz-northside"),
    DemoPerson("ben", "Ben Okafor", "Accountant for small firms", "Okafor & Co",
               ("accounting", "finance"), "ben.okafor@okaforco.example"),
    DemoPerson("chloe", "Chloé Martin", "Brand and product designer", "Studio Martin",
               ("design",), "chloe@studiomartin.example"),
    DemoPerson("dev", "Dev Patel", "Commercial lawyer", "Patel Legal", ("legal",),
               "dev@patellegal.example"),
    DemoPerson("eva", "Eva Schmidt", "CTO", "Brightwave", ("software", "cto"),
               "eva.schmidt@brightwave.example"),
    DemoPerson("farid", "Farid Haddad", "Founder, looking for investors", "Haddad Ventures",
               ("startup",), "farid@haddadventures.example"),
    DemoPerson("grace", "Grace Liu", "Relationship manager", "Harbour Bank",
               ("finance", "banking"), "grace.liu@harbourbank.example"),
    DemoPerson("hugo", "Hugo Silva", "Building contractor", "Silva Builds", ("construction",),
               "hugo@silvabuilds.example", "linkedin.com/in/hugo-silva-builds"),
    DemoPerson("ines", "Ines Costa", "Tech recruiter", "Costa Talent", ("recruiting", "software"),
               "ines@costatalent.example", "linkedin.com/in/ines-costa-talent"),
    DemoPerson("jonas", "Jonas Berg", "VP Operations", "Northwind Logistics",
               ("logistics", "operations"), "jonas.berg@northwind.example"),
)
DEMO_IMPORTER = "ana"
DEMO_DATA = resources.files("api") / "demo_data" / DEMO_IMPORTER
# (format, file) in the order they go in: the calendar matches people the LinkedIn file brings
DEMO_IMPORTS = (("linkedin", "Connections.csv"), ("ical", "calendar.ics"))


@dataclass
class DemoStory:
    """Records the story with stable idempotency keys; `now` anchors the back-dated timeline."""

    app: Goodwill
    now: datetime

    def days_ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)

    def record(self, key: str, command: Callable[..., Recorded], actor: Actor,
               **kwargs: object) -> Recorded:
        return command(actor, idempotency_key=f"demo:{key}", **kwargs)


def _as(handle: str) -> Actor:
    return Actor.person(demo_person_id(handle))


def seed_demo(app: Goodwill, now: datetime | None = None) -> int:
    """Record the demo network; returns how many commands were issued (repeats are no-ops)."""
    story = DemoStory(app, now or datetime.now(UTC))
    steps = [*_people(story), *_everyday_ties(story), *_taker(story), *_referral(story),
             *_introduction(story), *_circle(story)]
    for step in steps:
        step()
    return len(steps)


Step = Callable[[], object]


def _people(s: DemoStory) -> list[Step]:
    def register(p: DemoPerson) -> Step:
        return lambda: s.record(f"register:{p.handle}", s.app.register_person, Actor.admin(),
                                person_id=p.id, name=p.name, headline=p.headline,
                                organization=p.organization, tags=list(p.tags),
                                at=s.days_ago(540))

    def identify(p: DemoPerson) -> Step:
        # A step of its own (not part of the registration): a store seeded before the demo
        # people had identifiers gets them too, under a new key — unless they were
        # forgotten there since.
        def step() -> None:
            if not s.app.get_person(p.id).forgotten:
                s.record(f"identifiers:{p.handle}", s.app.set_identifiers, Actor.admin(),
                         person=p.id, emails=[p.email],
                         profiles=[p.profile] if p.profile else None, at=s.days_ago(540))

        return step

    return [*(register(p) for p in PEOPLE), *(identify(p) for p in PEOPLE)]


@dataclass(frozen=True)
class DemoImport:
    kind: str
    path: Path
    recorded: int  # registrations, ties, profile updates and meetings written
    people: int  # of them, registrations


def demo_import_files() -> list[tuple[str, Path]]:
    """The demo's export files, as paths (installed as package data)."""
    return [(kind, Path(str(DEMO_DATA / name))) for kind, name in DEMO_IMPORTS]


def seed_demo_imports(app: Goodwill) -> list[DemoImport]:
    """Import the demo's export files as Ana (`goodwill import linkedin|ical … --as` her id
    does the same); a second run writes nothing."""
    from api.import_contacts import plan_export, read_export
    from domain.contacts.apply import apply

    done = []
    for kind, path in demo_import_files():
        planned = plan_export(app, str(demo_person_id(DEMO_IMPORTER)), read_export(kind, path))
        applied = apply(app, planned, source=kind)
        done.append(DemoImport(kind, path, applied.people + applied.ties + applied.profiles
                               + applied.meetings, applied.people))
    return done


def _meet(s: DemoStory, key: str, a: str, b: str, days: float, context: str) -> Step:
    return lambda: s.record(key, s.app.record_meeting, _as(a), a=demo_person_id(a),
                            b=demo_person_id(b), context=context, at=s.days_ago(days))


def _help_and_thanks(s: DemoStory, key: str, giver: str, receiver: str, days: float,
                     kind: str, note: str, thanked: bool = True) -> list[Step]:
    """Help the giver records and the receiver confirms: by thanking, or (not thanked) by
    confirming it."""
    recorded: dict[str, Recorded] = {}

    def help_() -> None:
        recorded["help"] = s.record(key, s.app.record_help, _as(giver),
                                    giver=demo_person_id(giver),
                                    receiver=demo_person_id(receiver),
                                    kind=kind, note=note, at=s.days_ago(days))

    def thanks() -> None:
        s.record(f"{key}:thanks", s.app.thank, _as(receiver), thanked=demo_person_id(giver),
                 for_event=recorded["help"].event_id, at=s.days_ago(days - 1))

    def confirm() -> None:
        s.record(f"{key}:confirmed", s.app.confirm_event, _as(receiver),
                 a=demo_person_id(giver), b=demo_person_id(receiver),
                 event=recorded["help"].event_id, at=s.days_ago(days))

    return [help_, thanks if thanked else confirm]


def _classify(s: DemoStory, a: str, b: str, kind: str) -> Step:
    return lambda: s.record(f"classify:{a}-{b}", s.app.classify, _as(a), a=demo_person_id(a),
                            b=demo_person_id(b), kind=kind, at=s.days_ago(20))


def _everyday_ties(s: DemoStory) -> list[Step]:
    """Ana's circle: personal, functional and strategic ties, help flowing both ways."""
    return [
        _meet(s, "meet:ana-ben", "ana", "ben", 400, "Northside breakfast"),
        _meet(s, "meet:ana-ines", "ana", "ines", 380, "Tech meetup"),
        _meet(s, "meet:ana-hugo", "ana", "hugo", 120, "Neighbourhood association"),
        _meet(s, "meet:ines-jonas", "ines", "jonas", 90, "Logistics hiring fair"),
        _meet(s, "meet:grace-jonas", "grace", "jonas", 300, "Harbour Bank client dinner"),
        _meet(s, "meet:ben-grace", "ben", "grace", 200, "Small-business banking day"),
        *_help_and_thanks(s, "help:ana-hugo", "ana", "hugo", 100, "advice",
                          "Walked Hugo through bidding for council contracts"),
        *_help_and_thanks(s, "help:hugo-ana", "hugo", "ana", 60, "favour",
                          "Fixed the community hall's leaking roof"),
        *_help_and_thanks(s, "help:ines-ana", "ines", "ana", 200, "advice",
                          "Helped hire the circle's first coordinator"),
        *_help_and_thanks(s, "help:ana-ines", "ana", "ines", 150, "event",
                          "Gave Ines a speaking slot at Northside breakfast"),
        *_help_and_thanks(s, "help:ines-jonas", "ines", "jonas", 45, "hiring",
                          "Found Jonas two warehouse leads"),
        *_help_and_thanks(s, "help:ben-ana", "ben", "ana", 250, "accounting",
                          "Set up the circle's books"),
        _classify(s, "ana", "hugo", "personal"),
        _classify(s, "ana", "ines", "strategic"),
        _classify(s, "ana", "ben", "functional"),
        _classify(s, "ben", "grace", "strategic"),
    ]


def _taker(s: DemoStory) -> list[Step]:
    """Farid receives help from three people and gives nothing back."""
    return [
        _meet(s, "meet:farid-ana", "farid", "ana", 200, "Startup night"),
        *_help_and_thanks(s, "help:ana-farid", "ana", "farid", 190, "advice",
                          "Reviewed Farid's pitch deck", thanked=False),
        *_help_and_thanks(s, "help:ben-farid", "ben", "farid", 150, "accounting",
                          "Cleaned up Farid's cap table", thanked=False),
        *_help_and_thanks(s, "help:dev-farid", "dev", "farid", 80, "legal",
                          "Reviewed an investor term sheet for free", thanked=False),
    ]


def _referral(s: DemoStory) -> list[Step]:
    state: dict[str, Recorded] = {}

    def give() -> None:
        state["referral"] = s.record(
            "referral:dev-ben", s.app.give_referral, _as("dev"), giver=demo_person_id("dev"),
            receiver=demo_person_id("ben"), prospect=demo_person_id("eva"),
            prospect_name="Eva Schmidt", note="Brightwave needs an accountant for its Series A",
            at=s.days_ago(170))

    def accept() -> None:
        s.record("referral:dev-ben:accepted", s.app.accept_referral, _as("ben"),
                 referral=state["referral"].aggregate_id, at=s.days_ago(168))

    def close() -> None:
        s.record("referral:dev-ben:closed", s.app.close_referral, _as("ben"),
                 referral=state["referral"].aggregate_id, value=12000.0, currency="EUR",
                 at=s.days_ago(130))

    return [
        _meet(s, "meet:dev-ben", "dev", "ben", 330, "Northside Referral Circle"),
        give, accept, close,
    ]


def _introduction(s: DemoStory) -> list[Step]:
    state: dict[str, Recorded] = {}
    ids = {h: demo_person_id(h) for h in ("chloe", "ines", "eva")}

    def request() -> None:
        state["intro"] = s.record(
            "intro:chloe-eva", s.app.request_introduction, _as("chloe"),
            requester=ids["chloe"], target=ids["eva"], broker=ids["ines"],
            message="I'd love to show Eva our design system work.",
            path=[str(ids["chloe"]), str(ids["ines"]), str(ids["eva"])], at=s.days_ago(110))

    def accept() -> None:
        s.record("intro:chloe-eva:accepted", s.app.accept_introduction, _as("ines"),
                 introduction=state["intro"].aggregate_id, at=s.days_ago(109))

    def make() -> None:
        s.record("intro:chloe-eva:made", s.app.make_introduction, _as("ines"),
                 introduction=state["intro"].aggregate_id, context="Coffee at Brightwave",
                 at=s.days_ago(105))

    return [
        _meet(s, "meet:chloe-ines", "chloe", "ines", 260, "Design and hiring panel"),
        _meet(s, "meet:ines-eva", "ines", "eva", 240, "Brightwave hiring sprint"),
        *_help_and_thanks(s, "help:ines-eva", "ines", "eva", 230, "hiring",
                          "Placed Brightwave's first designer"),
        request, accept, make,
        *_help_and_thanks(s, "help:chloe-eva", "chloe", "eva", 70, "design",
                          "Reviewed Brightwave's onboarding flow"),
    ]


def _circle(s: DemoStory) -> list[Step]:
    state: dict[str, Recorded] = {}
    ids = {h: demo_person_id(h) for h in ("ana", "ben", "chloe", "dev", "jonas")}

    def form() -> None:
        state["group"] = s.record(
            "group:circle", s.app.form_group, _as("ana"), name="Northside Referral Circle",
            purpose="Local firms that refer clients to one another and serve them together",
            founder=ids["ana"], at=s.days_ago(365))

    def join(handle: str) -> Step:
        return lambda: s.record(f"group:circle:join:{handle}", s.app.join_group, _as(handle),
                                group=state["group"].aggregate_id, person=ids[handle],
                                role="member", at=s.days_ago(350))

    def bring() -> None:
        s.record("group:circle:bring:jonas", s.app.bring_client, _as("ben"),
                 group=state["group"].aggregate_id, member=ids["ben"], client=ids["jonas"],
                 needs="Accounts, contracts and a new brand for Northwind's depot",
                 at=s.days_ago(60))

    def serve(handle: str, note: str) -> Step:
        return lambda: s.record(f"group:circle:serve:{handle}", s.app.serve_client,
                                _as(handle), group=state["group"].aggregate_id,
                                member=ids[handle], client=ids["jonas"], note=note,
                                at=s.days_ago(30))

    return [
        _meet(s, "meet:ben-jonas", "ben", "jonas", 75, "Northwind year-end review"),
        form, join("ben"), join("chloe"), join("dev"), bring,
        serve("dev", "Drafted the depot lease"), serve("chloe", "Rebranded the depot fleet"),
    ]
