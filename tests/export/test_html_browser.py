"""graph.html in headless Chromium with the network off: it draws, stabilises, raises no JS
error, makes no external request, and hostile names run no script.

Needs Debian's chromium (``make install`` runs scripts/install-system-deps.sh). A missing
browser is a failure, not a skip: these tests are the only check that the page really works.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from kg.export.html import write_html
from kg.model import KnowledgeGraph

pytestmark = pytest.mark.browser

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # the network is off for the page
    "--window-size=1200,800", "--virtual-time-budget=15000",
)


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail("headless Chromium not found: run `make install` "
                "(scripts/install-system-deps.sh installs Debian's chromium)")


@dataclass
class Probe:
    dom: str
    console: list[str]
    external: list[str]


def probe(page: Path | str, tmp: Path) -> Probe:
    """Load ``page`` (a file, or a URL such as ``file:///…/graph.html#focus=…``); return the DOM
    after scripts ran, console lines, page-made requests."""
    netlog = tmp / "net.json"
    result = subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={tmp / 'profile'}", "--enable-logging=stderr",
         "--v=0", f"--log-net-log={netlog}", "--dump-dom",
         page if isinstance(page, str) else page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
        env=dict(os.environ, TMPDIR=str(tmp)),  # chromium's own temporary files go here too
    )
    assert result.returncode == 0, result.stderr[-2000:]
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    return Probe(result.stdout, console, external_requests(netlog))


def external_requests(netlog: Path) -> list[str]:
    """URLs of network requests the page itself started (browser services are ignored)."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in log["events"]:
        params = event.get("params", {})
        url = params.get("url", "")
        if event["type"] == start and url and params.get("initiator") != "not an origin":
            if not url.startswith(("file:", "data:", "blob:")):
                urls.append(url)
    return urls


def screenshot(page: Path, tmp: Path) -> Image.Image:
    out = tmp / "shot.png"
    subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={tmp / 'profile-shot'}",
         f"--screenshot={out}", page.as_uri()],
        capture_output=True, timeout=120, check=True, env=dict(os.environ, TMPDIR=str(tmp)),
    )
    return Image.open(out).convert("RGB")


def errors(console: list[str]) -> list[str]:
    return [line for line in console
            if "Uncaught" in line or "Refused" in line or "Error" in line]


# Trap for the hostile test: any injected script setting window.__pwned (or calling alert)
# marks the document; then every tooltip element is attached to the page, so markup inside
# names and sentences would be parsed and run here if it were not escaped.
TRAP = """<script>
(function () {
  function mark(v) { document.documentElement.setAttribute("data-pwned", String(v)); }
  Object.defineProperty(window, "__pwned", {set: mark, get: function () { return 0; }});
  window.alert = mark;
  window.addEventListener("error", function (e) {
    document.documentElement.setAttribute("data-js-error", String(e.message));
  });
}());
</script>"""
SHOW_TIPS = """<script>
window.addEventListener("load", function () {
  var box = document.createElement("div");
  box.id = "kg-all-tips";
  window.kgNetwork.body.data.nodes.get().forEach(function (n) { box.appendChild(n.title); });
  window.kgNetwork.body.data.edges.get().forEach(function (e) { box.appendChild(e.title); });
  document.body.appendChild(box);
});
</script>"""


def test_graph_draws_offline_without_errors(small_graph: KnowledgeGraph, tmp_path: Path) -> None:
    page = tmp_path / "graph.html"
    write_html(small_graph, page)
    result = probe(page, tmp_path)
    assert not errors(result.console), result.console
    assert result.external == []
    assert 'data-kg-stable="1"' in result.dom, "physics never stabilised (or the script died)"
    image = screenshot(page, tmp_path)
    network = image.crop((0, 60, image.width, image.height))  # below the toolbar
    colours = network.getcolors(maxcolors=1 << 20) or []
    drawn = sum(count for count, rgb in colours if rgb != (255, 255, 255))
    assert drawn > 5000, f"only {drawn} non-white pixels: nothing drawn"
    # node colours of three types are on the canvas: Person, Organization, Place
    present = {rgb for _, rgb in colours}
    for rgb in ((0x42, 0x85, 0xF4), (0xDB, 0x44, 0x37), (0x0F, 0x9D, 0x58)):
        assert rgb in present, f"no pixel of node colour {rgb}"


def test_hostile_names_run_no_script(hostile_graph: KnowledgeGraph, tmp_path: Path) -> None:
    page = tmp_path / "graph.html"
    write_html(hostile_graph, page)
    html = page.read_text(encoding="utf-8")
    html = html.replace("<head>", "<head>" + TRAP, 1).replace("</body>", SHOW_TIPS + "</body>")
    page.write_text(html, encoding="utf-8")
    result = probe(page, tmp_path)
    assert 'data-kg-stable="1"' in result.dom
    assert 'data-pwned="' not in result.dom, "a script from the data ran"
    assert 'data-js-error="' not in result.dom, result.dom[:300]
    assert 'id="kg-all-tips"' in result.dom
    # the hostile strings are there, as text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in result.dom
    assert '"&gt;&lt;img src=x onerror="window.__pwned=2"&gt;' in result.dom
    assert "<img src=" not in result.dom
    assert result.external == []


def test_probe_detects_errors_and_requests(tmp_path: Path) -> None:
    """The checks above can fail: a page with an external image and a JS error is caught."""
    page = tmp_path / "bad.html"
    page.write_text('<html><body><img src="https://example.invalid/x.png">'
                    "<script>undefinedFunction();</script></body></html>", encoding="utf-8")
    result = probe(page, tmp_path)
    assert errors(result.console)
    assert result.external == ["https://example.invalid/x.png"]


def test_seeds_labels_do_not_overlap_at_the_first_fit(tmp_path: Path) -> None:
    """The seeds graph as built: once the layout settles, no two labels overlap (the page
    counts the overlaps it could not remove), and dates are isolated left-to-right."""
    from kg.api import build

    seeds = Path(__file__).resolve().parents[2] / "seeds"
    build([seeds], tmp_path / "out", extractors=("kb", "pattern"), jobs=1)
    page = tmp_path / "out" / "graph.html"
    result = probe(page, tmp_path)
    assert 'data-kg-stable="1"' in result.dom
    assert 'data-kg-overlaps="0"' in result.dom, "labels still overlap after decluttering"
    assert not errors(result.console)
    assert "\u20662019-10\u2069" in page.read_text(encoding="utf-8")
