"""CSV export: entities.csv, raids.csv and relations.csv, for spreadsheets and pandas.

Reads a ``kg.model.KnowledgeGraph``; writes CSV text (``generate_*_csv``, ``generate_csv``)
or the three files (``write_csv``).

Choices, for Excel first:
- files are written UTF-8 *with* a byte-order mark (``utf-8-sig``): without it Excel opens
  UTF-8 as the local code page and the Arabic is garbled. Python's csv module and pandas read
  them with ``encoding="utf-8-sig"`` (pandas strips the BOM by itself). The ``generate_*``
  functions return text without the BOM; ``write_csv`` adds it.
- RFC 4180 dialect: comma, double quotes where needed, CRLF line ends.
- multi-valued cells (aliases, ids, documents, sentences) are joined with " | ".
- formula injection: a text cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
  return gets a leading apostrophe, so a name like ``=HYPERLINK(...)`` stays text (OWASP
  "CSV injection"). Plain numbers (coordinates, counts) are left as they are.
- ``label_latn``: the Latin-script name of every entity (its English label, else the
  newswire-style romanisation of ``kg.text.romanize``), for readers who do not read Arabic.
- rows sorted by id (relations by subject, predicate, object): deterministic output.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from kg.export.common import safe_text
from kg.model import KnowledgeGraph
from kg.text.romanize import latin_label

__all__ = [
    "ENTITY_COLUMNS",
    "RAID_COLUMNS",
    "RELATION_COLUMNS",
    "escape_cell",
    "generate_csv",
    "generate_entities_csv",
    "generate_raids_csv",
    "generate_relations_csv",
    "write_csv",
]

JOIN = " | "
ENTITY_COLUMNS = ("id", "type", "subtypes", "label_ar", "label_en", "label_latn", "aliases_ar",
                  "same_as", "docs", "lat", "lon", "description")
RAID_COLUMNS = ("id", "kind", "label_ar", "dates", "perpetrators", "targets", "killed",
                "wounded", "captured", "locations", "method", "casualties", "docs", "evidence")
RELATION_COLUMNS = ("subject", "predicate", "object", "docs", "rules", "evidence")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")


def escape_cell(value: str) -> str:
    """``value`` made safe for a spreadsheet cell: no formula, no illegal character."""
    text = safe_text(value)
    if text.startswith(_FORMULA_START) and not _NUMBER_RE.match(text):
        return "'" + text
    return text


def _join(items: Iterable[str]) -> str:
    return JOIN.join(dict.fromkeys(str(i) for i in items if i))


def _number(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def _table(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([escape_cell(cell) for cell in row])
    return buffer.getvalue()


def generate_entities_csv(graph: KnowledgeGraph) -> str:
    """One row per entity (columns ``ENTITY_COLUMNS``)."""
    rows = [
        (e.id, e.type.value, _join(e.subtypes), e.label_ar, e.label_en or "",
         latin_label(e.label_ar, e.label_en),
         _join(a for a in e.aliases_ar if a != e.label_ar), _join(e.same_as), _join(e.docs),
         _number(e.lat), _number(e.lon), e.description or "")
        for e in sorted(graph.entities, key=lambda e: e.id)
    ]
    return _table(ENTITY_COLUMNS, rows)


def generate_raids_csv(graph: KnowledgeGraph) -> str:
    """One row per raid or event (columns ``RAID_COLUMNS``); entity columns hold ids."""
    rows = [
        (r.id, r.kind, r.label_ar, _join(d.value for d in r.dates), _join(r.perpetrators),
         _join(r.targets), _join(r.killed), _join(r.wounded), _join(r.captured),
         _join(r.locations), r.method or "",
         _join(f"{role.value if hasattr(role, 'value') else role}:{count}"
               for role, count in r.casualties),
         _join(r.docs), _join(r.evidence))
        for r in sorted(graph.raids, key=lambda r: r.id)
    ]
    return _table(RAID_COLUMNS, rows)


def generate_relations_csv(graph: KnowledgeGraph) -> str:
    """One row per relation (columns ``RELATION_COLUMNS``)."""
    rows = [
        (rel.subject, rel.predicate.value, rel.object, _join(rel.docs),
         _join(e.rule for e in rel.evidence), _join(e.text for e in rel.evidence))
        for rel in sorted(graph.relations,
                          key=lambda rel: (rel.subject, rel.predicate.value, rel.object))
    ]
    return _table(RELATION_COLUMNS, rows)


def generate_csv(graph: KnowledgeGraph) -> dict[str, str]:
    """The three tables by file name: entities.csv, raids.csv, relations.csv."""
    return {
        "entities.csv": generate_entities_csv(graph),
        "raids.csv": generate_raids_csv(graph),
        "relations.csv": generate_relations_csv(graph),
    }


def write_csv(graph: KnowledgeGraph, directory: str | Path) -> list[Path]:
    """Write the three tables into ``directory`` (UTF-8 with BOM); return their paths."""
    out = Path(directory)
    paths = []
    for name, text in generate_csv(graph).items():
        path = out / name
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            handle.write(text)
        paths.append(path)
    return paths
