"""The web app in a real browser (Playwright driving Debian's Chromium) on the demo network,
one server and one seed for the module; the tests run in order and tell one story:

Hugo signs in with a link and sees his network; he finds the warm path to Jonas Berg
(Hugo → Ana → Ines → Jonas) with its explanations and asks Ana; Ana, signed in beside him,
sees the request arrive live, accepts and makes it; Hugo hears of it and sees the new tie;
Hugo records a help for Ines and Ines thanks it; the time control set before the
introduction hides the new tie. axe-core checks every view; screenshots go to
var/screenshots/.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from httpserver import Server
from neo4j import Driver

from api.auth import Role
from api.demo import demo_person_id
from graph.rebuild_marker import MARKER_TTL_S, RebuildMarker

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "screenshots"
LIVE_S = 2.0
TITLES = {"network": "My network", "find": "Find a warm introduction",
          "inbox": "Broker inbox", "ledger": "My ledger", "group": "A group",
          "record": "Record what happened"}
VIEWS = tuple(TITLES)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.neo4j,
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (make browser installs "
                       "Debian's chromium)"),
]

HUGO, ANA, INES = (str(demo_person_id(h)) for h in ("hugo", "ana", "ines"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield launched
        launched.close()


class People:
    """One browser context (its own session storage) per person, opened once."""

    def __init__(self, browser: Any, server: Server) -> None:
        self.browser, self.server = browser, server
        self.pages: dict[str, Any] = {}
        self.console: dict[str, list[str]] = {}

    def page(self, person: str) -> Any:
        if person not in self.pages:
            context = self.browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.set_default_timeout(15_000)
            said = self.console[person] = []
            page.on("console", lambda message: said.append(f"{message.type}: {message.text}"))
            token = self.server.token(Role.PERSON, person)
            page.goto(f"{self.server.url}/#token={token}")
            page.get_by_text("Signed in as").wait_for()
            self.pages[person] = page
        return self.pages[person]

    def describe(self) -> str:
        """Each open page: its address, its main part's text and its console."""
        described = []
        for person, page in self.pages.items():
            try:
                shown = page.locator("main").inner_text(timeout=2_000)
            except playwright_api.Error as error:
                shown = f"(not readable: {error.message})"
            described.append(f"{person} at {page.url}:\n{shown}\n"
                             f"console: {self.console.get(person)}")
        return "\n\n".join(described)


@pytest.fixture(scope="module")
def people(browser: Any, demo_server: Server) -> Iterator[People]:
    opened = People(browser, demo_server)
    yield opened
    for page in opened.pages.values():
        page.context.close()


def open_view(page: Any, view: str) -> None:
    page.evaluate(f"location.hash = '#/{view}'")
    page.locator("main h1", has_text=TITLES[view]).wait_for()
    page.wait_for_load_state("networkidle")


def serious_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def live_subscriptions(server: Server) -> float:
    text = httpx.get(f"{server.url}/metrics").text
    line = next(x for x in text.splitlines() if x.startswith("goodwill_live_subscriptions "))
    return float(line.split(" ")[1])


def choose_person(page: Any, field: str, name: str) -> None:
    """Type a name into a search-as-you-type field and wait for the API's suggestion."""
    page.fill(f"#{field}", name)
    page.locator(f"#{field}-options option[value='{name}']").wait_for(state="attached")


def test_sign_in_by_link_keeps_the_token_out_of_the_url(people: People) -> None:
    hugo = people.page(HUGO)
    assert "token" not in hugo.url and hugo.url.endswith("#/network")
    assert hugo.evaluate("sessionStorage.getItem('goodwill.token')").startswith("gw1.")
    assert hugo.locator("#who").inner_text() == "Signed in as Hugo Silva"


def test_sign_in_by_pasting_then_sign_out(browser: Any, demo_server: Server) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(demo_server.url)
        assert serious_violations(page) == []
        screenshot(page, "sign-in")
        page.fill("#token", demo_server.token(Role.PERSON, INES))
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # the Sign in button, by keyboard
        page.get_by_text("Signed in as Ines Costa").wait_for()
        page.click("#sign-out")
        page.locator("#token").wait_for()
        assert page.evaluate("sessionStorage.getItem('goodwill.token')") is None
    finally:
        context.close()


def test_his_network_shows_his_ties(people: People) -> None:
    hugo = people.page(HUGO)
    open_view(hugo, "network")
    hugo.locator("#ties li", has_text="Ana Ruiz").wait_for()
    hugo.get_by_role("button", name="Ana Ruiz").click()
    card = hugo.locator("#card")
    card.get_by_text("Community organiser").wait_for()
    assert "You know each other since" in card.inner_text()


def test_a_view_read_while_the_graph_is_rebuilt_appears_once_it_is_back(
        people: People, neo4j_driver: Driver) -> None:
    """A read answered REBUILDING (or GRAPH_UNAVAILABLE) says "retry shortly": the app asks
    again, after 1 s and then 2 s, and the view appears without an error once the graph is
    back."""
    hugo = people.page(HUGO)
    open_view(hugo, "record")
    hugo.evaluate("""() => {
      window.answers = [];
      const fetchOfThePage = window.fetch;
      window.fetch = async (...request) => {
        const response = await fetchOfThePage(...request);
        response.clone().text().then((text) => window.answers.push(text));
        return response;
      };
    }""")
    with RebuildMarker(neo4j_driver, settle_s=0.0).held():
        time.sleep(2 * MARKER_TTL_S)  # the server's next look at the marker sees it
        hugo.evaluate("location.hash = '#/network'")
        hugo.wait_for_function("window.answers.some((text) => text.includes('REBUILDING'))")
    hugo.locator("#ties li", has_text="Ana Ruiz").wait_for()
    assert hugo.locator("main [role=alert]").count() == 0


def test_the_warm_path_to_jonas_and_asking_ana_reaches_her_live(
        people: People, demo_server: Server) -> None:
    hugo = people.page(HUGO)
    before = live_subscriptions(demo_server)
    ana = people.page(ANA)
    open_view(ana, "inbox")
    ana.get_by_text("No requests waiting for you.").wait_for()
    deadline = time.monotonic() + 10  # Ana's page and inbox subscribe once drawn
    while live_subscriptions(demo_server) < before + 3 and time.monotonic() < deadline:
        time.sleep(0.05)

    open_view(hugo, "find")
    choose_person(hugo, "target-person", "Jonas Berg")
    hugo.get_by_role("button", name="Find warm paths").click()
    best = hugo.locator("article").first
    best.get_by_role("heading", name="Hugo Silva → Ana Ruiz → Ines Costa → Jonas Berg").wait_for()
    assert "Ines Costa helped Jonas Berg" in best.inner_text()
    screenshot(hugo, "find")
    best.get_by_role("button", name="Ask Ana Ruiz for this introduction").click()
    best.get_by_label("Your message to Ana Ruiz").fill("Could you introduce me to Jonas?")
    sent = time.monotonic()
    best.get_by_role("button", name="Send the request").click()
    best.get_by_text("Request sent to Ana Ruiz.").wait_for()

    request = ana.locator("#requests article", has_text="Hugo Silva")
    request.wait_for(timeout=LIVE_S * 1000 + 1000)
    assert time.monotonic() - sent < LIVE_S
    assert "wants to meet Jonas Berg" in request.inner_text()
    screenshot(ana, "inbox")
    request.get_by_role("button", name="Accept").click()
    request.get_by_text("Accepted.").wait_for()
    request.get_by_role("button", name="Make the introduction").click()
    request.get_by_text("Introduction made.").wait_for()


def test_hugo_hears_it_was_made_and_sees_the_new_tie(people: People) -> None:
    hugo = people.page(HUGO)
    hugo.locator("#notices", has_text="Ana Ruiz made your introduction request.").wait_for()
    open_view(hugo, "network")
    hugo.locator("#ties li", has_text="Jonas Berg").wait_for()
    screenshot(hugo, "network")
    hugo.get_by_label("Show the second degree").check()
    hugo.locator("#ties li", has_text="Jonas Berg").wait_for()
    hugo.wait_for_load_state("networkidle")
    screenshot(hugo, "network-second-degree")


def test_hugo_records_a_help_and_ines_thanks_it(people: People) -> None:
    hugo = people.page(HUGO)
    open_view(hugo, "record")
    form = hugo.locator("form", has=hugo.get_by_role("heading", name="A help you gave"))
    choose_person(hugo, "help-to", "Ines Costa")
    form.get_by_label("What it was").fill("Found a site for the hiring fair")
    form.get_by_role("button", name="Record the help").click()
    form.get_by_text("Help to Ines Costa recorded").wait_for()
    screenshot(hugo, "record")

    ines = people.page(INES)
    open_view(ines, "ledger")
    ines.get_by_text("Hugo Silva helped you").wait_for()
    ines.get_by_role("button", name="Thank Hugo Silva").click()
    ines.locator("#received-help").get_by_text("Thanked.").wait_for()
    screenshot(ines, "ledger")
    hugo.locator("#notices", has_text="Ines Costa thanked you.").wait_for()


def test_the_time_control_before_the_introduction_hides_the_new_tie(people: People) -> None:
    hugo = people.page(HUGO)
    open_view(hugo, "network")
    hugo.locator("#ties li", has_text="Jonas Berg").wait_for()
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    hugo.fill("#as-of", yesterday)
    hugo.locator("main", has_text="As it stood on").wait_for()
    hugo.locator("#ties li", has_text="Ana Ruiz").wait_for()
    assert hugo.locator("#ties li", has_text="Jonas Berg").count() == 0
    hugo.click("#now")
    hugo.locator("#ties li", has_text="Jonas Berg").wait_for()


def test_group_view_shows_members_leader_and_clients(people: People) -> None:
    ana = people.page(ANA)
    open_view(ana, "group")
    ana.get_by_text("Ana Ruiz (leader)").wait_for()
    # the demo: Ben brought Jonas and stays his concierge while Dev and Chloé serve him
    client = ana.locator("#clients li", has_text="Jonas Berg")
    client.wait_for()
    assert "concierge Ben Okafor" in client.inner_text()
    assert "served 2 times" in client.inner_text()
    ana.get_by_role("heading", name="Givers and takers").wait_for()
    screenshot(ana, "group")


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_has_no_serious_accessibility_violation(people: People, view: str) -> None:
    hugo = people.page(HUGO)
    open_view(hugo, view)
    assert serious_violations(hugo) == []


def test_every_view_reads_at_200_percent_zoom_without_sideways_scrolling(
        browser: Any, demo_server: Server) -> None:
    # 200 % zoom of a 1280 px window: a 640 CSS px viewport at twice the pixel density
    context = browser.new_context(viewport={"width": 640, "height": 450},
                                  device_scale_factor=2)
    try:
        page = context.new_page()
        page.goto(f"{demo_server.url}/#token={demo_server.token(Role.PERSON, HUGO)}")
        page.get_by_text("Signed in as").wait_for()
        for view in VIEWS:
            open_view(page, view)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{view} scrolls sideways by {overflow}px"
    finally:
        context.close()


def test_the_views_are_reached_by_keyboard(people: People) -> None:
    hugo = people.page(HUGO)
    open_view(hugo, "network")
    hugo.locator("nav a", has_text="My ledger").focus()
    hugo.keyboard.press("Enter")
    hugo.locator("main h1", has_text="My ledger").wait_for()
    assert hugo.locator("nav a[aria-current='page']").inner_text() == "My ledger"


def test_a_network_of_any_size_is_drawn_a_page_at_a_time(people: People,
                                                        demo_server: Server) -> None:
    """The ego network stays bounded however many ties a person has (the view asks for 25
    at a time, with 5 of each for the second degree), so it keeps answering on a large
    network; "More ties" brings the next page."""
    admin = {"Authorization": f"Bearer {demo_server.token()}"}

    def ask(query: str, **variables: Any) -> dict[str, Any]:
        body = httpx.post(f"{demo_server.url}/graphql", headers=admin, timeout=30,
                          json={"query": query, "variables": variables}).json()
        assert not body.get("errors"), body["errors"]
        return body["data"]

    register = 'mutation($n: String!) { registerPerson(name: $n) { recorded { aggregateId } } }'
    hub = ask(register, n="Hub Member")["registerPerson"]["recorded"]["aggregateId"]
    for i in range(60):
        other = ask(register, n=f"Spoke {i:02}")["registerPerson"]["recorded"]["aggregateId"]
        ask("""mutation($a: ID!, $b: ID!) { recordMeeting(a: $a, b: $b) {
                 recorded { eventId } } }""", a=hub, b=other)
    page = people.page(hub)
    open_view(page, "network")
    ties = page.locator("#ties li")
    more = page.get_by_role("button", name="More ties")
    more.wait_for()
    assert ties.count() == 25
    more.click()
    page.wait_for_function("document.querySelectorAll('#ties li').length === 50")
    more.click()
    page.wait_for_function("document.querySelectorAll('#ties li').length === 60")
    assert more.is_hidden()
