"""Benchmark: the HTML view of a synthetic graph of N nodes (default 5,000) in headless Chromium.

Builds a deterministic (seeded) KnowledgeGraph of persons, organisations, places and raids with
about two edges per node, writes graph.html, loads it in Debian's chromium with the network off
and reports the page size, the seconds until physics stabilised and stopped (the page sets
``data-kg-stable``), and whether it did. Prints one markdown row.

Usage: python benchmarks/bench_html.py [N]
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg.export.html import generate_html
from kg.model import Entity, EntityType, KnowledgeGraph, Raid, Relation, RelationType

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1400,900")


def synthetic_graph(n: int, seed: int = 7) -> KnowledgeGraph:
    """About n nodes: 60% persons, 10% organisations, 15% places, 15% raids."""
    rng = random.Random(seed)
    kinds = ([EntityType.PERSON] * 12 + [EntityType.ORGANIZATION] * 2 + [EntityType.PLACE] * 3)
    n_raids = n * 15 // 100
    entities = tuple(
        Entity(id=f"e{i:05d}", type=kinds[i % len(kinds)], label_ar=f"أبو محمد {i}",
               label_en=f"Name {i}", aliases_ar=(f"الاسم {i}",), docs=(f"d{i % 500}",))
        for i in range(n - n_raids)
    )
    by_type = {t: [e.id for e in entities if e.type is t] for t in EntityType}
    raids = tuple(
        Raid(id=f"r{i:05d}", kind="Raid", label_ar=f"عملية {i}",
             killed=(rng.choice(by_type[EntityType.PERSON]),),
             perpetrators=(rng.choice(by_type[EntityType.ORGANIZATION]),),
             locations=(rng.choice(by_type[EntityType.PLACE]),), docs=(f"d{i % 500}",))
        for i in range(n_raids)
    )
    relations = tuple(sorted({
        (rng.choice(by_type[EntityType.PERSON]), RelationType.MEMBER_OF,
         rng.choice(by_type[EntityType.ORGANIZATION]))
        for _ in range(n // 2)
    }))
    return KnowledgeGraph(entities=entities, raids=raids,
                          relations=tuple(Relation(s, p, o) for s, p, o in relations))


def main(n: int) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        sys.exit("chromium not found: run `make install`")
    graph = synthetic_graph(n)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "graph.html"
        # the full page, whatever the size (write_html draws an overview above 3,000 nodes:
        # benchmarks/bench_overview.py measures that)
        page.write_text(generate_html(graph), encoding="utf-8")
        started = time.perf_counter()
        result = subprocess.run(
            [browser, *FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}",
             "--virtual-time-budget=120000", "--dump-dom", page.as_uri()],
            capture_output=True, text=True, timeout=600, check=False,
        )
        seconds = time.perf_counter() - started
        stable = 'data-kg-stable="1"' in result.stdout
        size = page.stat().st_size
    edges = sum(len(r.killed) + len(r.perpetrators) + len(r.locations) for r in graph.raids)
    edges += len(graph.relations)
    print("| nodes | edges | page MB | seconds to stable (incl. browser start) | stable |")
    print("|---:|---:|---:|---:|---|")
    print(f"| {n:,} | {edges:,} | {size / 1e6:.1f} | {seconds:.1f} | {stable} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
