"""The ``kg`` command: thin argument parsing around the library functions in ``kg.api`` etc.

Exit status: 0 success; 1 an error (message on stderr); 2 bad usage; 3 the build finished but
some input was skipped (listed on stderr and in OUT/report.json).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from kg.build.pipeline import DEFAULT_EXTRACTORS
from kg.errors import KgError

EXIT_SKIPPED = 3


def _cmd_build(args: argparse.Namespace) -> int:
    from kg import api

    def progress(n: int, doc_id: str) -> None:
        if not args.quiet and (n % 50 == 0 or n <= 5):
            print(f"  built {n} documents (last: {doc_id})", file=sys.stderr)

    def problem(p) -> None:
        where = f"{p.source}:{p.line}" if p.line else p.source
        kind = "skipped" if p.fatal else "warning"
        print(f"kg: {kind}: {where}: {p.reason}", file=sys.stderr)

    extractors = tuple(x.strip() for x in args.extractors.split(",") if x.strip())
    summary = api.build(
        args.inputs,
        args.output,
        extractors=extractors,
        judgement_files=args.judgements or (),
        progress=progress,
        on_problem=problem,
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
    from kg.query import format_table, load_graph, read_query, run_query

    cols, rows = run_query(load_graph(args.graph), read_query(args.query))
    if args.json:
        print(
            json.dumps(
                [dict(zip(cols, r, strict=True)) for r in rows], ensure_ascii=False, indent=2
            )
        )
    else:
        print(format_table(cols, rows))
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
    b.add_argument("-o", "--output", required=True, metavar="OUT", help="output folder")
    b.add_argument(
        "--judgements",
        action="append",
        metavar="FILE",
        help="curated same/not-same judgements (JSON) the resolver obeys; repeatable",
    )
    b.add_argument(
        "--extractors",
        default=",".join(DEFAULT_EXTRACTORS),
        help="comma-separated mention extractors to run: kb (curated base and gazetteer), "
        "pattern (cue patterns), crf (statistical tagger) "
        f"(default: {','.join(DEFAULT_EXTRACTORS)})",
    )
    b.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    b.set_defaults(func=_cmd_build)

    q = sub.add_parser(
        "query",
        help="run SPARQL on a built graph",
        description="Run a SPARQL SELECT/ASK query (a .rq file or the query "
        "text) on graph.ttl. Prefixes kg:, kgr:, rdfs:, skos:, owl:, prov:, "
        "dcterms:, xsd: are predeclared.",
    )
    q.add_argument("graph", help="graph.ttl")
    q.add_argument("query", help='QUERY.rq or "SELECT ..."')
    q.add_argument("--json", action="store_true", help="print rows as JSON")
    q.set_defaults(func=_cmd_query)

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

    t = sub.add_parser(
        "ner-train",
        help="retrain the shipped NER model from data/ner",
        description="Train the statistical tagger on the corpora in data/ner "
        "(deterministic given --seed).",
    )
    t.add_argument("-o", "--output", help="model folder (default: the package's kg/data/ner)")
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


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KgError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kg: interrupted; previous output left untouched", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
