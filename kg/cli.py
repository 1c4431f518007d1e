"""The ``kg`` command: thin argument parsing around the library functions in ``kg.api`` etc.

Exit status (``EXIT_STATUSES``, also in ``kg --help``): 0 success; 1 an error, with a
``kg: error: …`` message on stderr saying what to do (a build that fails, or reads no
document, leaves the previous output untouched); 2 bad usage; 3 the build finished but some
input was skipped (listed on stderr and in OUT/report.json); 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence

from kg.assemble.pipeline import DEFAULT_EXTRACTORS
from kg.errors import InputError, KgError

EXIT_ERROR = 1
EXIT_SKIPPED = 3
EXIT_INTERRUPTED = 130
EXIT_STATUSES = f"""exit status:
  0    success
  {EXIT_ERROR}    error: a "kg: error: ..." message says what to do; a failed build (or one
       that read no document) leaves the previous output untouched
  2    bad usage (unknown option, missing argument)
  {EXIT_SKIPPED}    the build finished, but some input was skipped (see OUT/report.json)
  {EXIT_INTERRUPTED}  interrupted (Ctrl-C); the previous output is left untouched"""


def _cmd_build(args: argparse.Namespace) -> int:
    from kg import api

    last = [time.monotonic()]

    def progress(n: int, doc_id: str) -> None:
        # also every 10 s, so that the parts of a long article (a minute each) show progress
        now = time.monotonic()
        if not args.quiet and (n % 50 == 0 or n <= 5 or now - last[0] >= 10):
            last[0] = now
            print(f"  built {n} documents (last: {doc_id})", file=sys.stderr)

    def problem(p) -> None:
        where = f"{p.source}:{p.line}" if p.line else p.source
        kind = "skipped" if p.fatal else "warning"
        print(f"kg: {kind}: {where}: {p.reason}", file=sys.stderr)

    def notice(message: str) -> None:
        print(f"kg: note: {message}", file=sys.stderr)

    if (args.output is None) == (args.update is None):
        raise InputError("give either -o OUT (a new build) or --update OUT (add to a build)")
    extractors = (
        tuple(x.strip() for x in args.extractors.split(",") if x.strip())
        if args.extractors
        else None
    )
    engine = {"jobs": args.jobs, "engine": args.engine, "scheduler": args.scheduler}
    if args.update is not None:
        args.output = args.update
        summary = api.update(
            args.update,
            args.inputs,
            extractors=extractors,
            judgement_files=args.judgements or (),
            progress=progress,
            on_problem=problem,
            on_notice=notice,
            **engine,
        )
    else:
        summary = api.build(
            args.inputs,
            args.output,
            extractors=extractors or DEFAULT_EXTRACTORS,
            judgement_files=args.judgements or (),
            progress=progress,
            on_problem=problem,
            on_notice=notice,
            **engine,
        )
    if not args.quiet:
        print(
            f"kg: {summary.documents} documents built, {summary.skipped} skipped; "
            f"{summary.entities} entities, {summary.raids} raids, {summary.relations} relations "
            f"-> {args.output}",
            file=sys.stderr,
        )
    return EXIT_SKIPPED if summary.skipped else 0


def _cmd_query(args: argparse.Namespace) -> int:
    from kg.named_queries import bind_params, format_list, get_query, parse_params
    from kg.query import find_entities, format_table, open_graph, read_query, run_query

    graph = None
    if args.list:
        print(format_list())
        return 0
    if args.name:
        if args.query is not None:
            raise InputError("give either a query or --name NAME, not both")
        # an entity parameter is resolved to IRIs against the graph (kg.text.namematch)
        graph = open_graph(args.graph, args.store) if args.graph is not None else None
        found = graph
        text = bind_params(get_query(args.name), parse_params(args.param or ()),
                           resolve=None if found is None else lambda v: find_entities(found, v))
    elif args.param:
        raise InputError("--param fills in a named query: add --name NAME (see kg query --list)")
    elif args.query is None:
        raise InputError('give a query (QUERY.rq or "SELECT ..."), or --name NAME, or --list')
    else:
        text = read_query(args.query)
    if args.show:
        print(text)
        return 0
    if args.graph is None:
        raise InputError("give the graph to query: GRAPH.ttl or a store folder (kg load)")
    cols, rows = run_query(graph or open_graph(args.graph, args.store), text)
    if args.json:
        print(
            json.dumps(
                [dict(zip(cols, r, strict=True)) for r in rows], ensure_ascii=False, indent=2
            )
        )
    else:
        print(format_table(cols, rows))
    return 0


def _cmd_load(args: argparse.Namespace) -> int:
    from kg.store import load_store

    n = load_store(args.graph, args.store, replace=args.replace)
    print(f"kg: {n} triples loaded into {args.store}", file=sys.stderr)
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from kg.serve import serve

    serve(
        args.graph,
        host=args.host,
        port=args.port,
        timeout=args.timeout,
        max_results=args.max_results,
        workers=args.workers,
        cors=args.cors,
        quiet=args.quiet,
        memory=args.memory,
        max_memory=args.max_memory,
    )
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from kg.evaluate import evaluate_files, format_report, report_to_json

    report = evaluate_files(args.graph, args.gold)
    if args.json:
        print(
            json.dumps(report_to_json(report, verbose=args.verbose), ensure_ascii=False, indent=2)
        )
    else:
        print(format_report(report, verbose=args.verbose))
    return 0


def _cmd_explain(args: argparse.Namespace) -> int:
    from kg.explain import explain

    print(explain(args.graph, args.name))
    return 0


def _cmd_view(args: argparse.Namespace) -> int:
    from kg.view import view

    if os.path.isdir(args.output):
        raise InputError(
            f"{args.output} is a folder; give -o the HTML file to write "
            f"(e.g. {os.path.join(args.output, 'view.html')})"
        )
    out = view(args.graph, args.output, focus=args.focus, hops=args.hops)
    print(f"kg: wrote {out}", file=sys.stderr)
    return 0


def _cmd_ner_train(args: argparse.Namespace) -> int:
    from kg.extract.ner.train import train_model

    meta = train_model(args.output, seed=args.seed) if args.output else train_model(seed=args.seed)
    print(json.dumps(meta, ensure_ascii=False, indent=2))
    return 0


def _cmd_ner_eval(args: argparse.Namespace) -> int:
    from kg.extract.ner.evaluate import evaluate_file, format_report

    metrics = evaluate_file(args.file)
    print(json.dumps(metrics, indent=2) if args.json else format_report(metrics))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kg",
        description="Build a knowledge graph of people, armed groups, places and raids from "
        "Arabic news, then query, view, explain and score it.",
        epilog=EXIT_STATUSES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = sub.add_parser(
        "build",
        help="read articles and write the graph files",
        description="Read .txt files, folders and .jsonl files; write graph.ttl, "
        "graph.html, graph.gexf, entities/raids/relations.csv and report.json "
        "into OUT/. Bad inputs are reported and skipped (exit status 3); the "
        "rest still builds.",
    )
    b.add_argument("inputs", nargs="+", metavar="INPUT", help=".txt file, folder or .jsonl")
    b.add_argument("-o", "--output", metavar="OUT", help="output folder")
    b.add_argument(
        "--update",
        metavar="OUT",
        help="add the INPUT documents to the existing build in OUT (old documents are not "
        "read again; same graph as a full rebuild)",
    )
    b.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="extraction processes (default: every core; 1: serial); same output",
    )
    b.add_argument(
        "--engine",
        choices=("process", "dask"),
        default="process",
        help="where extraction runs: local processes (default) or a Dask cluster",
    )
    b.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler address, tcp://HOST:8786 (--engine dask; default: a local cluster)",
    )
    b.add_argument(
        "--judgements",
        action="append",
        metavar="FILE",
        help="curated same/not-same judgements (JSON) the resolver obeys; repeatable",
    )
    b.add_argument(
        "--extractors",
        default=None,
        help="comma-separated mention extractors to run: kb (curated base and gazetteer), "
        "pattern (cue patterns), crf (statistical tagger) "
        f"(default: {','.join(DEFAULT_EXTRACTORS)}; with --update: those of the build)",
    )
    b.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    b.set_defaults(func=_cmd_build)

    q = sub.add_parser(
        "query",
        help="run SPARQL on a built graph",
        description="Run a SPARQL SELECT/ASK query (a .rq file, the query "
        "text, or a named query shipped with kg) on graph.ttl or a store folder. "
        "Prefixes kg:, kgr:, rdfs:, skos:, owl:, prov:, dcterms:, xsd: are predeclared.",
    )
    q.add_argument("graph", nargs="?", help="graph.ttl, or a store folder made by `kg load`")
    q.add_argument("query", nargs="?", help='QUERY.rq or "SELECT ..." (not with --name)')
    q.add_argument("--name", metavar="NAME", help="run the named query NAME (see --list)")
    q.add_argument(
        "--param",
        action="append",
        metavar="KEY=VALUE",
        help="a parameter of the named query (inserted as an escaped string); repeatable",
    )
    q.add_argument("--list", action="store_true", help="list the named queries and exit")
    q.add_argument(
        "--show", action="store_true", help="print the query text (parameters filled in) and exit"
    )
    q.add_argument(
        "--store",
        choices=("rdflib", "oxigraph"),
        help="query engine: rdflib (parses graph.ttl) or oxigraph (fast, for large graphs); "
        "default: oxigraph for a store folder or a .ttl file of 2 MB or more (about 300 "
        "articles), rdflib for a smaller .ttl file",
    )
    q.add_argument("--json", action="store_true", help="print rows as JSON")
    q.set_defaults(func=_cmd_query)

    ld = sub.add_parser(
        "load",
        help="load graph.ttl into an on-disk oxigraph store",
        description="Load a Turtle graph into an oxigraph store folder (RocksDB), which "
        "`kg query` and `kg serve` open instantly. Written atomically: a failed load leaves "
        "any previous store untouched.",
    )
    ld.add_argument("graph", help="graph.ttl")
    ld.add_argument("store", help="store folder to create")
    ld.add_argument("--replace", action="store_true", help="replace an existing store there")
    ld.set_defaults(func=_cmd_load)

    sv = sub.add_parser(
        "serve",
        help="serve the graph as a read-only SPARQL endpoint",
        description="Serve graph.ttl or a store folder over the SPARQL 1.1 Protocol at "
        "http://HOST:PORT/sparql (SELECT/ASK: JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE: "
        "Turtle, N-Triples, RDF/XML, JSON-LD), with a query page at http://HOST:PORT/. "
        "Read-only: UPDATE and SERVICE are refused. Each query runs in a worker process and "
        "is stopped at --timeout or --max-memory; at most --max-results rows are returned "
        "(header X-Result-Truncated: true when cut). Exit status 0 when stopped (Ctrl-C, "
        "SIGTERM, SIGHUP), 1 when it cannot start (kg: error: …).",
    )
    sv.add_argument("graph", help="graph.ttl, or a store folder made by `kg load`")
    sv.add_argument("--port", type=int, default=8000, help="TCP port; 0 picks a free one")
    sv.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    sv.add_argument("--timeout", type=float, default=30.0, help="seconds per query (30)")
    sv.add_argument("--max-results", type=int, default=10_000, help="rows per answer (10000)")
    sv.add_argument(
        "--workers",
        type=int,
        default=2,
        help="query worker processes (2), plus one kept for short queries while these are busy",
    )
    sv.add_argument(
        "--max-memory",
        type=int,
        default=512,
        metavar="MB",
        help="memory a query may take in its worker on top of the graph (512; 0: no cap); "
        "a query past it is stopped (HTTP 503)",
    )
    sv.add_argument("--cors", metavar="ORIGIN", help="allow browser pages from ORIGIN (or *)")
    where = sv.add_mutually_exclusive_group()
    where.add_argument(
        "--memory",
        dest="memory",
        action="store_true",
        default=None,
        help="each worker answers from its own in-memory copy of the graph: 2-4x faster "
        "queries, for about 5x the store's size on disk per worker and a slower start "
        "(default: in memory when all the copies fit in half the available memory)",
    )
    where.add_argument(
        "--disk",
        dest="memory",
        action="store_false",
        help="workers read the store on disk (least memory, slower queries)",
    )
    sv.add_argument("-q", "--quiet", action="store_true", help="no request log")
    sv.set_defaults(func=_cmd_serve)

    e = sub.add_parser(
        "eval",
        help="score a graph against a gold annotation",
        description="Entity, merging, raid and relation metrics of the CONTRACT.",
    )
    e.add_argument("graph", help="graph.ttl")
    e.add_argument("--gold", required=True, help="gold JSON file")
    e.add_argument("--json", action="store_true", help="print the metrics as JSON")
    e.add_argument("-v", "--verbose", action="store_true", help="list misses and false positives")
    e.set_defaults(func=_cmd_eval)

    x = sub.add_parser(
        "explain",
        help="why the names of an entity were merged",
        description="For the entity with NAME (any alias, any spelling): each "
        "alias with the evidence that merged it, and the judgements that kept "
        "other entities apart.",
    )
    x.add_argument("graph", help="graph.ttl")
    x.add_argument("name", help="a name of the entity (Arabic, any alias) or its id")
    x.set_defaults(func=_cmd_explain)

    v = sub.add_parser(
        "view",
        help="write the interactive HTML view of a graph or of one entity's neighbourhood",
        description="Write one self-contained HTML page (opens offline) drawing GRAPH.ttl: "
        "colour and shape by type, size by degree, tooltips with aliases, sources and "
        "evidence, search and type filters. With --focus, only the entities within --hops "
        "edges of NAME.",
    )
    v.add_argument("graph", help="graph.ttl")
    v.add_argument("-o", "--output", default="view.html", metavar="HTML",
                   help="the page to write (default: view.html)")
    v.add_argument("--focus", metavar="NAME",
                   help="an entity's name (Arabic, any alias; or English label, or id)")
    v.add_argument("--hops", type=int, default=2, help="neighbourhood radius (default: 2)")
    v.set_defaults(func=_cmd_view)

    t = sub.add_parser(
        "ner-train",
        help="retrain the shipped NER model from data/ner",
        description="Train the statistical tagger on the corpora in data/ner "
        "(deterministic given --seed).",
    )
    t.add_argument("-o", "--output", help="model folder (default: the package's kg/data/tagger)")
    t.add_argument("--seed", type=int, default=13)
    t.set_defaults(func=_cmd_ner_train)

    ne = sub.add_parser(
        "ner-eval",
        help="score the NER model on a CoNLL file",
        description="Entity-level precision, recall and F1 (exact span and "
        "type) per type and overall.",
    )
    ne.add_argument("file", help="token<TAB>BIO-tag file")
    ne.add_argument("--json", action="store_true")
    ne.set_defaults(func=_cmd_ner_eval)
    return p


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse a command line with options allowed before, between and after the positionals.

    ``kg query out/graph.ttl --store oxigraph "SELECT …"`` is how people type it; argparse's
    plain parsing stops taking positionals after the first option, so each command's own
    parser reads its arguments intermixed (top-level options, such as ``-h``, still come first).
    """
    top = parser()
    args = list(sys.argv[1:] if argv is None else argv)
    commands = next(
        (a.choices for a in top._actions if isinstance(a, argparse._SubParsersAction)), {}
    )
    at = next((i for i, a in enumerate(args) if not a.startswith("-")), None)
    if at is None or args[at] not in commands:
        return top.parse_args(args)  # help, or an unknown command: argparse says what to do
    ns = commands[args[at]].parse_intermixed_args(args[at + 1 :])
    ns.command = args[at]
    return ns


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return int(args.func(args))
    except KgError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # output piped into head/less that closed early
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0
    except KeyboardInterrupt:
        print("kg: interrupted; previous output left untouched", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:  # a file the command could not read or write, found late
        where = f" ({exc.filename})" if exc.filename else ""
        print(
            f"kg: error: {exc.strerror or exc}{where}; check the path, its permissions and "
            "the free disk space",
            file=sys.stderr,
        )
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
