"""The CSV exporter: read back by the csv module, Excel-friendly, formula-injection safe."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kg.export.csv import (
    ENTITY_COLUMNS,
    RAID_COLUMNS,
    RELATION_COLUMNS,
    escape_cell,
    generate_csv,
    write_csv,
)
from kg.model import KnowledgeGraph


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_round_trip(small_graph: KnowledgeGraph, tmp_path: Path) -> None:
    paths = write_csv(small_graph, tmp_path)
    assert [p.name for p in paths] == ["entities.csv", "raids.csv", "relations.csv"]
    with (tmp_path / "entities.csv").open(encoding="utf-8-sig", newline="") as handle:
        entities = list(csv.DictReader(handle))
    assert tuple(entities[0]) == ENTITY_COLUMNS
    assert [e["id"] for e in entities] == sorted(e.id for e in small_graph.entities)
    baghdadi = next(e for e in entities if e["id"] == "abu-bakr-al-baghdadi")
    assert baghdadi["label_ar"] == "أبو بكر البغدادي"
    assert baghdadi["label_latn"] == "Abu Bakr al-Baghdadi"  # the English label where curated
    atmeh = next(e for e in entities if e["id"] == "atmeh")
    assert atmeh["label_en"] == "" and atmeh["label_latn"] == "Atma"  # else romanised
    assert baghdadi["aliases_ar"].split(" | ") == ["البغدادي", "إبراهيم عواد البدري"]
    barisha = next(e for e in entities if e["id"] == "barisha")
    assert float(barisha["lat"]) == pytest.approx(36.1617)
    with (tmp_path / "raids.csv").open(encoding="utf-8-sig", newline="") as handle:
        raids = {r["id"]: r for r in csv.DictReader(handle)}
    assert tuple(next(iter(raids.values()))) == RAID_COLUMNS
    raid = raids["raid-2019-10-27-barisha"]
    assert raid["killed"] == "abu-bakr-al-baghdadi"
    assert raid["dates"] == "2019-10-27 | 2019-10"
    assert raid["casualties"] == "killed:2"
    with (tmp_path / "relations.csv").open(encoding="utf-8-sig", newline="") as handle:
        relations = list(csv.DictReader(handle))
    assert tuple(relations[0]) == RELATION_COLUMNS
    assert len(relations) == len(small_graph.relations)


def test_files_start_with_a_bom_for_excel(small_graph: KnowledgeGraph, tmp_path: Path) -> None:
    write_csv(small_graph, tmp_path)
    for name in ("entities.csv", "raids.csv", "relations.csv"):
        assert (tmp_path / name).read_bytes().startswith(b"\xef\xbb\xbf")


def test_formula_injection_is_neutralised(hostile_graph: KnowledgeGraph) -> None:
    for text in generate_csv(hostile_graph).values():
        for row in csv.reader(io.StringIO(text, newline="")):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    entities = rows(generate_csv(hostile_graph)["entities.csv"])
    e03 = next(e for e in entities if e["id"] == "e03")
    assert e03["label_en"] == "'=HYPERLINK(\"http://evil.example\")"


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("-33.5", "-33.5"), ("أبو بكر", "أبو بكر"),
    ("a=b", "a=b"), ("x\x00y", "xy"),
])
def test_escape_cell(value: str, expected: str) -> None:
    assert escape_cell(value) == expected


def test_deterministic(small_graph: KnowledgeGraph) -> None:
    assert generate_csv(small_graph) == generate_csv(small_graph)
