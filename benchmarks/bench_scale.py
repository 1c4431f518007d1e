"""Benchmark: how kg scales with the corpus (issue 8); writes ``benchmarks/results.md``.

For each size (default 1,000 and 10,000 articles; ``KG_BENCH_100K=1`` adds 100,000, or give
sizes as arguments) a synthetic corpus is generated (``scripts/make_corpus.py``, seed 1, into
``$KG_BENCH_DIR``, default ``/tmp/kg-bench``; kept for the next run) and built end to end in a
child process: extraction on every core (``--jobs``), assembly (resolution timed apart),
every export and the extraction store. Peak memory: the child's own ``VmHWM`` (from
``/proc/self/status``), and the largest total resident memory of the child and its worker
processes, sampled every 0.2 s by this process. Also: extraction throughput of one core
(documents/s and tokens/s, serial, after warm-up), and the latency of every named query
(``kg/data/queries``) in Oxigraph, in memory and in an on-disk store, on the largest graph of
at most 10,000 articles, and in rdflib beside Oxigraph on the smallest (Oxigraph: median of 5
runs after one warm-up; rdflib, which takes seconds to minutes per query: one run, stopped
after 60 s).

Targets (issue 8, 2 cores): 10,000 articles in < 5 min and < 2 GB; 100,000 in at most 12x
the 10,000 time and < 8 GB; named queries < 100 ms in Oxigraph on the 10,000 graph.

Usage: python benchmarks/bench_scale.py [SIZE...]   (``make bench`` runs it)
"""

from __future__ import annotations

import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results.md"
# results.md is this script's tables, then notes written by hand (runs that make bench does not
# repeat, such as 100,000 articles or kg serve over HTTP), which a new run keeps.
NOTES_MARK = "<!-- Hand-written notes below this line: bench_scale.py keeps them. -->"
# The named queries' parameters: a person, a period of three years, a town named in raids of
# the synthetic corpus (raid-documents: 11 raids, 25 documents at 10,000 articles).
SAMPLES = {"name": "أبو بكر البغدادي", "from": "2018", "to": "2020", "raid": "الموصل"}


# --------------------------------------------------------------------------- child side


def vm_hwm_mb() -> float:
    """Peak resident memory of this process (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child_build(corpus: str, out: str, jobs: int) -> dict:
    """Build ``corpus`` into ``out`` phase by phase (what ``kg.api.build`` does), timed."""
    from kg.assemble import DEFAULT_EXTRACTORS, assemble, extract_items, pipeline
    from kg.assemble.extraction_store import STORE_NAME, write_store
    from kg.export.csv import write_csv
    from kg.export.gexf import write_gexf
    from kg.export.html import write_html
    from kg.export.rdf import write_turtle
    from kg.text.ingest import iter_inputs
    from kg.text.tokens import TOKEN_RE

    times: dict[str, float] = {}
    resolve_time = [0.0]
    original = pipeline.Resolver.resolve

    def timed_resolve(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            resolve_time[0] += time.perf_counter() - t

    pipeline.Resolver.resolve = timed_resolve  # type: ignore[method-assign]
    t0 = time.perf_counter()
    exs, problems = extract_items(iter_inputs([corpus]), DEFAULT_EXTRACTORS, jobs=jobs)
    times["extract"] = time.perf_counter() - t0
    tokens = sum(len(TOKEN_RE.findall(s.text)) for e in exs for s in e.sentences)
    t = time.perf_counter()
    graph = assemble(exs, problems)
    times["assemble"] = time.perf_counter() - t
    times["resolve"] = resolve_time[0]
    outdir = Path(out)
    outdir.mkdir(parents=True, exist_ok=True)
    for name, fn in [
        ("graph.ttl", lambda: write_turtle(graph, outdir / "graph.ttl")),
        ("graph.gexf", lambda: write_gexf(graph, outdir / "graph.gexf")),
        ("graph.html", lambda: write_html(graph, outdir / "graph.html")),
        ("csv", lambda: write_csv(graph, outdir)),
        ("store", lambda: write_store(outdir / STORE_NAME, exs, problems, DEFAULT_EXTRACTORS)),
    ]:
        t = time.perf_counter()
        fn()
        times[name] = time.perf_counter() - t
    times["total"] = time.perf_counter() - t0
    return {
        "documents": len(exs),
        "tokens": tokens,
        "entities": len(graph.entities),
        "raids": len(graph.raids),
        "relations": len(graph.relations),
        "times": times,
        "main_vmhwm_mb": vm_hwm_mb(),
        "ttl_mb": (outdir / "graph.ttl").stat().st_size / 1e6,
    }


def child_throughput(corpus: str, n: int) -> dict:
    """Serial extraction of ``n`` articles on one core, after a warm-up article, in chunks
    of ``DEFAULT_CHUNKSIZE`` articles as every extracting process of ``kg build`` does."""
    from itertools import islice

    from kg.assemble import DEFAULT_EXTRACTORS, extract_document
    from kg.assemble.parallel import DEFAULT_CHUNKSIZE, prepare_process
    from kg.assemble.pipeline import extract_documents
    from kg.model import Document
    from kg.text.ingest import iter_inputs
    from kg.text.tokens import TOKEN_RE

    docs = [d for d in islice(iter_inputs([corpus]), n + 1) if isinstance(d, Document)]
    prepare_process(DEFAULT_EXTRACTORS)  # as kg build does in each extracting process
    extract_document(docs[0], DEFAULT_EXTRACTORS)
    t = time.perf_counter()
    tokens = 0
    for k in range(1, len(docs), DEFAULT_CHUNKSIZE):
        for ex in extract_documents(docs[k : k + DEFAULT_CHUNKSIZE], DEFAULT_EXTRACTORS):
            tokens += sum(len(TOKEN_RE.findall(s.text)) for s in ex.sentences)
    dt = time.perf_counter() - t
    return {"documents": len(docs) - 1, "tokens": tokens, "seconds": dt}


RDFLIB_LIMIT = 60  # seconds


class _Stopped(BaseException):
    """Raised by the alarm; a BaseException, so that no ``except Exception`` swallows it."""


def _limited_ms(run: Callable[[], object]) -> float | None:
    """Milliseconds ``run`` took, or None when it was stopped after ``RDFLIB_LIMIT`` seconds
    (rdflib evaluates SPARQL in Python, so an alarm signal can interrupt it)."""

    def stop(signum: int, frame: object) -> None:
        raise _Stopped

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(RDFLIB_LIMIT)
    t = time.perf_counter()
    try:
        run()
        return (time.perf_counter() - t) * 1000
    except _Stopped:
        return None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def child_queries(ttl: str, engines: str) -> dict:
    """Latency of every named query on ``ttl`` in the given engines (comma-separated:
    ``rdflib``, ``memory`` = Oxigraph in memory, ``disk`` = an on-disk Oxigraph store made by
    ``kg load``, opened read-only as ``kg query``/``kg serve`` open it)."""
    import tempfile

    from kg.named_queries import bind_params, list_queries
    from kg.query import find_entities, load_graph, run_query
    from kg.store import load_store, memory_store, open_store

    graphs: dict[str, object] = {}
    loads: dict[str, float] = {}
    tmp = tempfile.TemporaryDirectory(prefix="kg-bench-store-")
    for engine in engines.split(","):
        t = time.perf_counter()
        if engine == "rdflib":
            graphs[engine] = load_graph(ttl)
        elif engine == "memory":
            graphs[engine] = memory_store(ttl)
        else:
            load_store(ttl, Path(tmp.name) / "store")
            graphs[engine] = open_store(Path(tmp.name) / "store")
        loads[engine] = time.perf_counter() - t
    rows = []
    for q in list_queries():
        values = {p.name: SAMPLES.get(p.name, "x") for p in q.params}
        result: dict = {"name": q.name}
        for engine, g in graphs.items():

            def run(g: Any = g, q: Any = q,
                    values: dict[str, str] = values) -> tuple[list[str], list[list[str]]]:
                # an entity parameter is resolved to IRIs in Python first, as `kg query`
                # does: the time includes it
                text = bind_params(q, values, resolve=lambda v: find_entities(g, v))
                return run_query(g, text)

            if engine == "rdflib":
                # seconds to many minutes per query: one run, stopped at RDFLIB_LIMIT
                result[engine] = _limited_ms(run)
                continue
            run()  # warm-up
            runs = []
            for _ in range(5):
                t = time.perf_counter()
                _, found = run()
                runs.append(time.perf_counter() - t)
            result[engine] = statistics.median(runs) * 1000
            result["rows"] = len(found)
        rows.append(result)
    return {"loads": loads, "queries": rows}


# --------------------------------------------------------------------------- parent side


def _run_child(args: list[str]) -> tuple[dict, float]:
    """Run this script with ``--child ARGS``; returns its JSON result and the peak total RSS
    (MB) of the child and its descendants, sampled every 0.2 s."""
    import psutil

    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", *args], stdout=subprocess.PIPE, cwd=ROOT
    )
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        parent = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                procs = [parent, *parent.children(recursive=True)]
                total = 0
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                peak[0] = max(peak[0], total / 2**20)
            except psutil.Error:
                return
            done.wait(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, _ = proc.communicate()
    done.set()
    thread.join()
    if proc.returncode:
        raise SystemExit(f"benchmark child failed ({proc.returncode}): {args}")
    return json.loads(out.decode().strip().splitlines()[-1]), peak[0]


def _corpus(n: int, folder: Path) -> Path:
    path = folder / f"corpus-{n}.jsonl"
    if not path.exists():
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "make_corpus.py"), str(n), "-o", str(folder)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return path


def _machine() -> str:
    mem = next(
        int(line.split()[1]) / 2**20
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return (
        f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {cpu}; "
        f"{mem:.1f} GB memory; Python {platform.python_version()}; {platform.platform()}"
    )


def main(sizes: list[int]) -> None:
    folder = Path(os.environ.get("KG_BENCH_DIR", "/tmp/kg-bench"))
    folder.mkdir(parents=True, exist_ok=True)
    jobs = len(os.sched_getaffinity(0))
    lines = [
        "# kg scale benchmark (issue 8)",
        "",
        f"- machine: {_machine()}",
        f"- command: `{' '.join(['python', 'benchmarks/bench_scale.py', *map(str, sizes)])}` "
        f"(`make bench`; `KG_BENCH_100K=1 make bench` adds 100,000)",
        f"- date: {time.strftime('%Y-%m-%d %H:%M')}; corpus: `scripts/make_corpus.py N --seed 1`;"
        f" extractors: default; `--jobs {jobs}`",
        "",
    ]
    smallest = _corpus(min(sizes), folder)
    tp, _ = _run_child(["throughput", str(smallest), "300"])
    lines += [
        "## Extraction throughput, one core (serial, after warm-up)",
        "",
        "| documents | tokens | seconds | documents/s | tokens/s |",
        "|---:|---:|---:|---:|---:|",
        f"| {tp['documents']:,} | {tp['tokens']:,} | {tp['seconds']:.1f} | "
        f"{tp['documents'] / tp['seconds']:.1f} | {tp['tokens'] / tp['seconds']:,.0f} |",
        "",
        "## End to end",
        "",
        "Seconds per phase; peak memory in MB (main = VmHWM of the building process; "
        "all = sampled total RSS of it and its extraction workers).",
        "",
        "| documents | tokens | extract | docs/s | assemble (resolve) | graph.ttl | gexf | html |"
        " csv | store | **total** | main MB | **all MB** | entities | raids | ttl MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    print("\n".join(lines), flush=True)
    graphs = {}
    body: list[str] = []
    for n in sizes:
        corpus = _corpus(n, folder)
        out = folder / f"out-{n}"
        r, peak = _run_child(["build", str(corpus), str(out), str(jobs)])
        t = r["times"]
        row = (
            f"| {r['documents']:,} | {r['tokens']:,} | {t['extract']:.1f} | "
            f"{r['documents'] / t['extract']:.1f} | {t['assemble']:.1f} ({t['resolve']:.1f}) | "
            f"{t['graph.ttl']:.1f} | {t['graph.gexf']:.1f} | {t['graph.html']:.1f} | "
            f"{t['csv']:.1f} | {t['store']:.1f} | **{t['total']:.1f}** | "
            f"{r['main_vmhwm_mb']:,.0f} | **{peak:,.0f}** | {r['entities']:,} | {r['raids']:,} | "
            f"{r['ttl_mb']:.1f} |"
        )
        print(row, flush=True)
        body.append(row)
        graphs[n] = (out / "graph.ttl", t["total"])
    lines += body
    if 10_000 in graphs and 100_000 in graphs:
        ratio = graphs[100_000][1] / graphs[10_000][1]
        lines += ["", f"100,000 / 10,000 time ratio: **{ratio:.1f}x** (target at most 12x)"]
    # rdflib evaluates SPARQL in Python: minutes per query on 10,000 articles, so it is timed
    # on the smallest graph only (beside Oxigraph on the same graph, for comparison).
    small = min(graphs)
    query_size = max((n for n in graphs if n <= 10_000), default=small)
    runs = [(small, "rdflib,memory,disk")]
    if query_size != small:
        runs.append((query_size, "memory,disk"))
    for n, engines in runs:
        q, _ = _run_child(["queries", str(graphs[n][0]), engines])
        names = {"rdflib": "rdflib", "memory": "Oxigraph in memory", "disk": "Oxigraph store"}
        cols = engines.split(",")
        lines += [
            "",
            f"## Named queries on the {n:,}-document graph (ms; Oxigraph: median of 5 after"
            f" a warm-up; rdflib: one run, stopped after {RDFLIB_LIMIT} s)",
            "",
            "Loading graph.ttl: "
            + ", ".join(f"{names[c]} {q['loads'][c]:.1f} s" for c in cols)
            + " (the store: `kg load`, on disk, opened read-only as `kg query` and"
            " `kg serve --disk` do; `kg serve` answers from memory when the copies fit).",
            "",
            "| query | rows | " + " | ".join(f"{names[c]} ms" for c in cols) + " |",
            "|---|---:|" + "---:|" * len(cols),
        ]
        for row in q["queries"]:
            lines.append(
                f"| {row['name']} | {row['rows']:,} | "
                + " | ".join(
                    f"> {RDFLIB_LIMIT * 1000:,}" if row[c] is None else f"{row[c]:.1f}"
                    for c in cols
                )
                + " |"
            )
        print("\n".join(lines[-len(q["queries"]) - 6 :]), flush=True)
    old = RESULTS.read_text("utf-8") if RESULTS.is_file() else ""
    notes = old[old.index(NOTES_MARK) :] if NOTES_MARK in old else NOTES_MARK + "\n"
    RESULTS.write_text("\n".join(lines) + "\n\n" + notes, "utf-8")
    print(f"\nwritten to {RESULTS} (its hand-written notes kept)", flush=True)


def _child_main(argv: list[str]) -> None:
    kind = argv[0]
    if kind == "build":
        result = child_build(argv[1], argv[2], int(argv[3]))
    elif kind == "throughput":
        result = child_throughput(argv[1], int(argv[2]))
    else:
        result = child_queries(argv[1], argv[2])
    print(json.dumps(result))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child_main(sys.argv[2:])
    else:
        given = [int(a) for a in sys.argv[1:]]
        default = [1_000, 10_000] + ([100_000] if os.environ.get("KG_BENCH_100K") else [])
        main(given or default)
