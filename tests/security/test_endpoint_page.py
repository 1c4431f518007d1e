"""The query page of `kg serve` in headless Chromium, network off but for 127.0.0.1: a query
typed (here: given in the link) is run against /sparql and shown as a table; a hostile label
is shown as text and runs no script; the page asks no other address for anything.

Needs Debian's chromium (``make install``); a missing browser is a failure, as for graph.html.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import urllib.parse
from pathlib import Path

import pytest

from kg.serve import make_server

pytestmark = pytest.mark.browser

HOSTILE = '<img src=x onerror="document.title=1">'
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update", "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--virtual-time-budget=10000",
)  # fmt: skip


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail("headless Chromium not found: run `make install`")


def test_query_page_runs_a_query_and_shows_hostile_text_as_text(tmp_path: Path) -> None:
    graph = tmp_path / "graph.ttl"
    label = HOSTILE.replace('"', '\\"')
    graph.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f'<https://w3id.org/raidkg/resource/p1> rdfs:label "Abu 1", "{label}" .\n',
        "utf-8",
    )
    server = make_server(graph, port=0, workers=1, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        root = server.url.rsplit("/", 1)[0]
        query = "SELECT ?l WHERE { kgr:p1 rdfs:label ?l } ORDER BY ?l"
        netlog = tmp_path / "net.json"
        done = subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
             f"--log-net-log={netlog}", "--dump-dom",
             f"{root}/#query={urllib.parse.quote(query)}"],
            capture_output=True, text=True, timeout=120, check=False,
            env=dict(os.environ, TMPDIR=str(tmp_path)),  # chromium's temporary files too
        )  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert "<td>Abu 1</td>" in dom, dom[-2000:]
    assert "&lt;img src=x" in dom and "<img" not in dom  # text, not an element
    assert "2 rows" in dom
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = {  # requests the page itself made (the browser's own services are left out)
        e["params"]["url"]
        for e in log["events"]
        if e["type"] == start
        and e.get("params", {}).get("url")
        and e["params"].get("initiator") != "not an origin"
    }
    assert f"{root}/sparql" in urls
    assert all(u.startswith(root + "/") for u in urls if not u.startswith("data:")), urls
