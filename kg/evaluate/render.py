"""Rendering an evaluation report: a plain-text table (``format_report``) and a dict with
stable keys (``report_to_json``). Pure functions of an EvalReport."""

from __future__ import annotations

from typing import Any

from kg.evaluate.results import Details, EvalReport, NodeGroup, Ratio

# --------------------------------------------------------------------------- output


def _ratio_json(r: Ratio) -> dict[str, float | int]:
    return {"value": round(r.value, 4), "hits": r.hits, "total": r.total}


def _prf_json(p: Ratio, r: Ratio, f: float) -> dict[str, Any]:
    return {
        "precision": round(p.value, 4),
        "recall": round(r.value, 4),
        "f1": round(f, 4),
        "precision_counts": [p.hits, p.total],
        "recall_counts": [r.hits, r.total],
    }


def report_to_json(report: EvalReport, *, verbose: bool = False) -> dict[str, Any]:
    """The report as plain JSON data with stable keys; ``verbose`` adds ``details``."""
    e, m, r, rel = report.entities, report.merging, report.raids, report.relations
    out: dict[str, Any] = {
        "corpus": report.corpus,
        "entities": {
            **_prf_json(e.precision, e.recall, e.f1),
            "by_type": {t.type: _prf_json(t.precision, t.recall, t.f1) for t in e.by_type},
        },
        "merging": {
            **_prf_json(m.precision, m.recall, m.f1),
            "distinct_pairs_merged": m.precision.total - m.precision.hits,
        },
        "raids": {
            **_prf_json(r.precision, r.recall, r.f1),
            "location": _ratio_json(r.location),
            "perpetrator": _ratio_json(r.perpetrator),
            "perpetrator_groups": _ratio_json(r.perpetrator_groups),
            "killed": _ratio_json(r.killed),
            "date": _ratio_json(r.date),
            "multi_document_one_node": _ratio_json(r.multi_document),
        },
        "relations": _prf_json(rel.precision, rel.recall, rel.f1),
    }
    if verbose:
        out["details"] = _details_json(report.details)
    return out


def _details_json(d: Details) -> dict[str, Any]:
    def group(g: NodeGroup) -> dict[str, Any]:
        return {"gold": list(g.gold_ids), "nodes": [n.iri for n in g.nodes]}

    return {
        "missed_entities": [
            {
                "gold": m.gold_id,
                "type": m.type,
                "core": m.core,
                "alias": m.alias,
                "other_type_nodes": [n.iri for n in m.other_type_nodes],
            }
            for m in d.missed_entities
        ],
        "unmatched_nodes": [
            {
                "node": u.node.iri,
                "label": u.node.label,
                "types": list(u.types),
                "names": list(u.names),
                "hint": u.hint,
            }
            for u in d.unmatched_nodes
        ],
        "ambiguous_nodes": [group(g) for g in d.ambiguous_nodes],
        "merged_nodes": [group(g) for g in d.merged_nodes],
        "merged_distinct": [group(g) for g in d.merged_distinct],
        "split_entities": [group(g) for g in d.split_entities],
        "missed_raids": list(d.missed_raids),
        "unmatched_raids": [n.iri for n in d.unmatched_raids],
        "split_raids": [group(g) for g in d.split_raids],
        "raid_errors": [
            {
                "gold": x.gold_raid,
                "node": x.node.iri,
                "attribute": x.attribute,
                "expected": x.expected,
                "got": x.got,
            }
            for x in d.raid_errors
        ],
        "missed_relations": [str(x) for x in d.missed_relations],
        "wrong_relations": [str(x) for x in d.wrong_relations],
        "gold_warnings": list(d.gold_warnings),
    }


def _fmt(r: Ratio) -> str:
    return f"{r.value:.2f} ({r.hits}/{r.total})"


def _prf_line(name: str, p: Ratio, r: Ratio, f: float, width: int = 16) -> str:
    return f"{name:<{width}}P {_fmt(p):<16}R {_fmt(r):<16}F1 {f:.2f}"


def format_report(report: EvalReport, *, verbose: bool = False) -> str:
    """A plain-text table of the metrics; ``verbose`` adds what was missed and what was wrong."""
    e, m, r, rel = report.entities, report.merging, report.raids, report.relations
    lines = [f"kg eval{f' — gold: {report.corpus}' if report.corpus else ''}", ""]
    lines.append(_prf_line("entities", e.precision, e.recall, e.f1))
    for t in e.by_type:
        lines.append("  " + _prf_line(t.type, t.precision, t.recall, t.f1, width=14))
    lines.append("")
    lines.append(_prf_line("merging", m.precision, m.recall, m.f1))
    lines.append(
        f"{'':<16}P = distinct pairs kept apart, R = found entities on one node;"
        f" distinct pairs merged: {m.precision.total - m.precision.hits}"
    )
    lines.append("")
    lines.append(_prf_line("raids", r.precision, r.recall, r.f1))
    lines.append(f"{'':<16}location     {_fmt(r.location)}")
    lines.append(
        f"{'':<16}perpetrator  {_fmt(r.perpetrator)}   groups {_fmt(r.perpetrator_groups)}"
    )
    lines.append(f"{'':<16}killed       {_fmt(r.killed)}")
    lines.append(f"{'':<16}date         {_fmt(r.date)}")
    lines.append(f"{'':<16}multi-document raids as one node  {_fmt(r.multi_document)}")
    lines.append("")
    lines.append(_prf_line("relations", rel.precision, rel.recall, rel.f1))
    if verbose:
        lines.extend(_format_details(report.details))
    return "\n".join(lines) + "\n"


def _format_details(d: Details) -> list[str]:
    out: list[str] = []

    def section(title: str, rows: list[str]) -> None:
        if rows:
            out.extend(["", f"{title} ({len(rows)}):", *(f"  - {row}" for row in rows)])

    section(
        "gold entities not found",
        [
            f"{m.gold_id} [{m.type}{'' if m.core else ', not core'}] «{m.alias}»"
            + (
                f"; named on {', '.join(map(str, m.other_type_nodes))} of another type"
                if m.other_type_nodes
                else ""
            )
            for m in d.missed_entities
        ],
    )
    section(
        "nodes matching no gold entity",
        [
            f"{u.node} [{', '.join(u.types)}] names: {' / '.join(u.names) or '(none)'}"
            + (f"; {u.hint}" if u.hint else "")
            for u in d.unmatched_nodes
        ],
    )
    section(
        "nodes with an unresolved ambiguous name",
        [
            f"{', '.join(map(str, g.nodes))}: could be {', '.join(g.gold_ids)}"
            for g in d.ambiguous_nodes
        ],
    )
    section(
        "distinct pairs merged",
        [f"{' + '.join(g.gold_ids)} on {', '.join(map(str, g.nodes))}" for g in d.merged_distinct],
    )
    section(
        "nodes identifying several gold entities",
        [f"{', '.join(map(str, g.nodes))}: {', '.join(g.gold_ids)}" for g in d.merged_nodes],
    )
    section(
        "gold entities split over several nodes",
        [f"{g.gold_ids[0]}: {', '.join(map(str, g.nodes))}" for g in d.split_entities],
    )
    section("gold raids not matched", list(d.missed_raids))
    section("system raids matching no gold raid", [str(n) for n in d.unmatched_raids])
    section(
        "gold raids on several nodes",
        [f"{g.gold_ids[0]}: {', '.join(map(str, g.nodes))}" for g in d.split_raids],
    )
    section(
        "raid attribute errors",
        [
            f"{x.gold_raid} / {x.node.iri}: {x.attribute} expected {x.expected}; got {x.got}"
            for x in d.raid_errors
        ],
    )
    section("core gold relations missing", [str(x) for x in d.missed_relations])
    section("system relations not in gold", [str(x) for x in d.wrong_relations])
    section("gold file warnings", list(d.gold_warnings))
    return out
