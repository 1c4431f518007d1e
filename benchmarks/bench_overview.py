"""Benchmark: the big-graph overview page (kg.export.overview) in headless Chromium.

Either measures the ``graph.html`` of a build (``python benchmarks/bench_overview.py OUT/``,
e.g. the 100,000-article build of ``bench_scale.py``), or writes one for a synthetic graph of
the shape that build has (``--synthetic 171000``: entities, raids and relations in the
proportions of the 100,000-article graph, 101,876 / 69,405 / 76,935). Reports the size of the
page and of its data folder, the seconds until the layout is stable in Debian's chromium (the
page sets ``data-kg-stable``; real time from the request to open the page, browser start not
included, read over the DevTools protocol on loopback), and the seconds until the
neighbourhood of the most connected node, asked for by ``#focus=``, is drawn
(``data-kg-loaded``). Prints markdown rows.

Usage: python benchmarks/bench_overview.py OUT/ | --synthetic NODES
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

from kg.export.overview import data_folder, write_overview
from kg.model import Entity, EntityType, KnowledgeGraph, Raid, Relation, RelationType

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1400,900")
# How long to wait for the page, in real seconds.
WAIT_S = 120
# The 100,000-article graph of benchmarks/results.md: entities, raids, relations.
SHAPE = (101_876, 69_405, 76_935)


def synthetic_graph(nodes: int, seed: int = 11) -> KnowledgeGraph:
    """A graph of ``nodes`` entities and raids in the proportions of SHAPE, with names of
    realistic length and a skewed degree (a few groups and places in most raids)."""
    rng = random.Random(seed)
    n_ent = nodes * SHAPE[0] // (SHAPE[0] + SHAPE[1])
    n_raids = nodes - n_ent
    n_rel = n_ent * SHAPE[2] // SHAPE[0]
    kinds = [EntityType.PERSON] * 7 + [EntityType.ORGANIZATION] + [EntityType.PLACE] * 2
    entities = tuple(
        Entity(id=f"e{i:06d}", type=kinds[i % len(kinds)],
               label_ar=f"أبو عبد الله المهاجر الشامي {i}", label_en=f"Abu Abdullah {i}",
               aliases_ar=(f"عبد الله الشامي {i}",), docs=(f"d{i % 90_000}",))
        for i in range(n_ent)
    )
    by_type = {t: [e.id for e in entities if e.type is t] for t in EntityType}
    hubs = {t: ids[: max(1, len(ids) // 200)] for t, ids in by_type.items()}

    def pick(t: EntityType) -> str:
        return rng.choice(hubs[t] if rng.random() < 0.5 else by_type[t])

    raids = tuple(
        Raid(id=f"raid-{i:06d}", kind="Raid", label_ar=f"عملية مقتل أبو عبد الله {i} 2019-10",
             killed=(pick(EntityType.PERSON),), perpetrators=(pick(EntityType.ORGANIZATION),),
             locations=(pick(EntityType.PLACE),), docs=(f"d{i % 90_000}",))
        for i in range(n_raids)
    )
    relations = tuple(sorted({
        (pick(EntityType.PERSON), RelationType.MEMBER_OF, pick(EntityType.ORGANIZATION))
        for _ in range(n_rel)
    }))
    return KnowledgeGraph(entities=entities, raids=raids,
                          relations=tuple(Relation(s, p, o) for s, p, o in relations))


def chromium_seconds(url: str, attribute: str, profile: Path) -> float | None:
    """Real seconds from asking headless Chromium to open ``url`` until the page has set
    ``attribute`` on its body (polled every 100 ms over the DevTools protocol, on loopback);
    None when it has not within WAIT_S. Browser start-up is not counted."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        sys.exit("chromium not found: run `make install`")
    proc = subprocess.Popen(
        [browser, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
         "--remote-debugging-address=127.0.0.1", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env=dict(os.environ, TMPDIR=str(profile)))
    try:
        assert proc.stderr is not None
        port = None
        for line in proc.stderr:
            found = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            if found:
                port = found.group(1)
                break
        assert port, "chromium gave no DevTools port"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json") as answer:
            target = next(t for t in json.load(answer) if t["type"] == "page")
        ws = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=WAIT_S)
        calls = iter(range(1, 1_000_000))

        def call(method: str, **params: object) -> dict:
            n = next(calls)
            ws.send(json.dumps({"id": n, "method": method, "params": params}))
            while True:
                message = json.loads(ws.recv())
                if message.get("id") == n:
                    return message.get("result", {})

        started = time.perf_counter()
        call("Page.navigate", url=url)
        probe = f"document.body && document.body.getAttribute('{attribute}')"
        while time.perf_counter() - started < WAIT_S:
            value = call("Runtime.evaluate", expression=probe, returnByValue=True)
            if value.get("result", {}).get("value"):
                return time.perf_counter() - started
            time.sleep(0.1)
        return None
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the browser and its helper processes
        proc.wait()


def measure(page: Path, label: str) -> None:
    folder = data_folder(page)
    data_mb = sum(f.stat().st_size for f in folder.iterdir()) / 1e6 if folder.is_dir() else 0.0
    page_mb = page.stat().st_size / 1e6
    text = page.read_text(encoding="utf-8")
    first = re.search(r'"nodes":\{"(\d+)":\["([^"]+)"', text)
    focus = first.group(2) if first else ""
    with tempfile.TemporaryDirectory() as tmp:
        stable = chromium_seconds(page.as_uri(), "data-kg-stable", Path(tmp) / "a")
        loaded = chromium_seconds(page.as_uri() + "#focus=" + focus, "data-kg-loaded",
                                  Path(tmp) / "b")

    def secs(value: float | None) -> str:
        return "never" if value is None else f"{value:.1f}"

    print("| graph | page MB | data MB | total MB | navigation to stable layout, s | "
          "to a hub's neighbourhood (#focus), s |")
    print("|---|---:|---:|---:|---:|---:|")
    print(f"| {label} | {page_mb:.1f} | {data_mb:.1f} | {page_mb + data_mb:.1f} | "
          f"{secs(stable)} | {secs(loaded)} |")


def main(argv: list[str]) -> None:
    if len(argv) == 2 and argv[0] == "--synthetic":
        graph = synthetic_graph(int(argv[1]))
        with tempfile.TemporaryDirectory() as tmp:
            page = Path(tmp) / "graph.html"
            started = time.perf_counter()
            write_overview(graph, page)
            print(f"written in {time.perf_counter() - started:.1f} s")
            measure(page, f"synthetic, {int(argv[1]):,} nodes")
    elif len(argv) == 1:
        out = Path(argv[0])
        measure(out / "graph.html" if out.is_dir() else out, str(out))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:] or ["--synthetic", "20000"])
