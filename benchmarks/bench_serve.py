"""Benchmark: latency of every named query through `kg serve`, over HTTP (issue 8).

Starts ``kg serve GRAPH --port 0 [--memory | --disk]`` in a child process, then POSTs each
named query (``kg/data/queries``, with the same sample parameters as ``bench_scale.py``) as a
SPARQL 1.1 Protocol client would and parses the JSON results; prints the start-up time and,
per query, the rows and the median of 5 timed runs after one warm-up, in ms. Writes nothing.

Usage: python benchmarks/bench_serve.py [OUT/graph.ttl [--memory | --disk]]

Without arguments (as ``make bench`` runs it, after ``bench_scale.py``) it serves the
10,000-article graph of the scale benchmark (``$KG_BENCH_DIR/out-10000/graph.ttl``, default
folder ``/tmp/kg-bench``) twice: from the on-disk store (``--disk``), then from memory
(``--memory``, what ``kg serve`` does by default when the copies fit).
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench_scale import SAMPLES

from kg.named_queries import bind_params, list_queries
from kg.query import PREFIXES, find_entities, open_graph


def main(graph: str, extra: list[str]) -> None:
    prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
    cmd = [sys.executable, "-m", "kg.cli", "serve", graph, "--port", "0", "-q"]
    proc = subprocess.Popen(
        [*cmd, "--max-results", "1000000", *extra], stderr=subprocess.PIPE, text=True
    )
    assert proc.stderr is not None
    t = time.perf_counter()
    line = proc.stderr.readline()
    if " at " not in line:
        raise SystemExit(f"kg serve did not start: {line}")
    print(f"start-up {time.perf_counter() - t:.1f} s ({' '.join(extra) or 'default'})")
    url = line.split(" at ", 1)[1].split()[0]
    # an entity parameter (aliases' name) is resolved to IRIs before the query is sent, as
    # `kg query` does: the server only ever sees SPARQL
    local = open_graph(graph, "oxigraph")
    try:
        for q in list_queries():
            text = prologue + bind_params(q, {p.name: SAMPLES.get(p.name, "x") for p in q.params},
                                          resolve=lambda v: find_entities(local, v))
            body = urllib.parse.urlencode({"query": text}).encode()
            headers = {"Accept": "application/sparql-results+json"}

            def run(body: bytes = body, headers: dict = headers) -> dict:
                req = urllib.request.Request(url, data=body, headers=headers)
                with urllib.request.urlopen(req, timeout=300) as resp:
                    return json.load(resp)

            run()
            times = []
            for _ in range(5):
                t = time.perf_counter()
                found = run()
                times.append(time.perf_counter() - t)
            rows = len(found["results"]["bindings"])
            print(f"| {q.name} | {rows:,} | {statistics.median(times) * 1000:.1f} |", flush=True)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(30)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(sys.argv[1], sys.argv[2:])
    else:
        folder = Path(os.environ.get("KG_BENCH_DIR", "/tmp/kg-bench"))
        graph = folder / "out-10000" / "graph.ttl"
        if not graph.is_file():
            print(f"{graph} not found: run benchmarks/bench_scale.py first, or give a graph")
        else:
            for extra in (["--disk"], ["--memory"]):
                main(str(graph), extra)
