"""GraphiQL in a real browser: headless Chromium opens /graphql, GraphiQL loads (its assets
are served by the app itself), introspects the schema, runs a query with the token from the
URL's headers, and renders the answer."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from urllib.parse import urlencode

import httpx
import pytest
from httpserver import Server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.neo4j,
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (make browser installs "
                       "Debian's chromium)"),
]


def dump_dom(url: str) -> str:
    """The page's DOM after its scripts ran (virtual time: no real waiting on timers)."""
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--window-size=1280,900", "--virtual-time-budget=20000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_graphiql_runs_a_query_in_chromium(server: Server) -> None:
    token = server.token()
    registered = httpx.post(
        f"{server.url}/graphql", headers={"Authorization": f"Bearer {token}"},
        json={"query": 'mutation { registerPerson(name: "Grace Hopper", '
                       'headline: "Rear admiral") { recorded { aggregateId } } }'},
    ).json()
    assert not registered.get("errors"), registered
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # bounded wait for the projection
        people = httpx.post(f"{server.url}/graphql", headers={"Authorization": f"Bearer {token}"},
                            json={"query": "{ people { items { name } } }"}).json()
        if people["data"]["people"]["items"]:
            break
        time.sleep(0.1)

    page = httpx.get(f"{server.url}/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql.min.js" in page.text
    query = "{ people(search: \"grace\") { items { name headline } } }"
    parameters = {"q": query, "run": "1",
                  "headers": json.dumps({"Authorization": f"Bearer {token}"})}
    dom = dump_dom(f"{server.url}/graphql?{urlencode(parameters)}")
    assert 'class="graphiql-container' in dom  # GraphiQL itself rendered
    result = dom[dom.index("result-window"):]
    assert "Grace Hopper" in result and "Rear admiral" in result
