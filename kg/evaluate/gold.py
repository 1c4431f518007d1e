"""Gold files: loading and checking their shape, the index of gold names, and gold dates.

Reads a gold JSON file (``load_gold``); writes nothing. How names are compared is explained in
the package docstring (``kg.evaluate``)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.text.normalize import clean, eval_key, fold, strip_quotes

ENTITY_TYPES = ("Person", "Organization", "Place")
RELATION_PREDICATES = (
    "memberOf",
    "leaderOf",
    "successorOf",
    "nationality",
    "locatedIn",
    "spokespersonOf",
    "possiblySameAs",
)

# --------------------------------------------------------------------------- gold loading


def load_gold(path: str | Path) -> dict[str, Any]:
    """Read and check a gold JSON file; raise InputError saying what to fix."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: gold file not found; give the path of a gold JSON file")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{p}: not UTF-8 text ({exc}); save the gold file as UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{p}: line {exc.lineno}: invalid JSON ({exc.msg}); fix the gold file"
        ) from exc
    try:
        check_gold(data)
    except InputError as exc:
        raise InputError(f"{p}: {exc}") from exc
    return data


def check_gold(gold: Any) -> None:
    """Raise InputError when ``gold`` does not have the shape of CONTRACT's gold files."""
    if not isinstance(gold, dict):
        raise InputError("the gold file must hold a JSON object with an 'entities' list")
    entities = gold.get("entities")
    if not isinstance(entities, list):
        raise InputError("the gold file has no 'entities' list")
    _check_entities(entities)
    for key in ("distinct", "raids", "relations"):
        if not isinstance(gold.get(key, []), list):
            raise InputError(f"{key!r} must be a list")
    for i, pair in enumerate(gold.get("distinct", [])):
        if not (
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)
        ):
            raise InputError(f"distinct[{i}] must be a pair of entity ids")
    _check_raids(gold.get("raids", []))
    _check_relations(gold.get("relations", []))


def _check_entities(entities: list[Any]) -> None:
    seen: set[str] = set()
    for i, ent in enumerate(entities):
        where = f"entities[{i}]"
        if not isinstance(ent, dict) or not isinstance(ent.get("id"), str):
            raise InputError(f"{where} must be an object with a string 'id'")
        if ent["id"] in seen:
            raise InputError(f"{where}: id {ent['id']!r} is used twice; make ids unique")
        seen.add(ent["id"])
        if ent.get("type") not in ENTITY_TYPES:
            raise InputError(f"{where} ({ent['id']}): type must be one of {ENTITY_TYPES}")
        for key in ("aliases_ar", "world_aliases"):
            value = ent.get(key, [])
            if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
                raise InputError(f"{where} ({ent['id']}): {key!r} must be a list of strings")


def _check_raids(raids: list[Any]) -> None:
    for i, raid in enumerate(raids):
        if not isinstance(raid, dict) or not isinstance(raid.get("id"), str):
            raise InputError(f"raids[{i}] must be an object with a string 'id'")
        date = raid.get("date")
        if date is not None and (not isinstance(date, str) or date_parts(date) is None):
            raise InputError(f"raids[{i}] ({raid['id']}): date {date!r} is not an ISO date")


def _check_relations(relations: list[Any]) -> None:
    for i, rel in enumerate(relations):
        if not isinstance(rel, dict) or not all(isinstance(rel.get(k), str) for k in "spo"):
            raise InputError(f"relations[{i}] must be an object with string s, p, o")
        if rel["p"] not in RELATION_PREDICATES:
            raise InputError(
                f"relations[{i}]: predicate {rel['p']!r} is not one of {RELATION_PREDICATES}"
            )



# --------------------------------------------------------------------------- name matching


@lru_cache(maxsize=65536)
def name_keys(name: str) -> frozenset[str]:
    """The comparison keys of a name: the CONTRACT's eval_key and the same without clitic step.

    Cached: the same labels are compared many times over (per type, per missed entity).
    """
    plain = fold(strip_quotes(clean(name)))
    return frozenset(k for k in (eval_key(name), plain) if k)


@dataclass(frozen=True, slots=True)
class GoldAlias:
    entity: str
    weak: bool  # one-word Person alias: only trusted on nodes from the entity's documents


class GoldIndex:
    """Gold entities indexed by (type, key)."""

    def __init__(self, gold: Mapping[str, Any]) -> None:
        self.entities: dict[str, Mapping[str, Any]] = {e["id"]: e for e in gold["entities"]}
        self.by_key: dict[tuple[str, str], list[GoldAlias]] = defaultdict(list)
        self.by_key_any_type: dict[str, set[str]] = defaultdict(set)
        for ent in gold["entities"]:
            names = [*ent.get("aliases_ar", []), *ent.get("world_aliases", [])]
            for name in dict.fromkeys(names):
                weak = ent["type"] == "Person" and len(clean(name).split()) == 1
                for key in name_keys(name):
                    self.by_key[(ent["type"], key)].append(GoldAlias(ent["id"], weak))
                    self.by_key_any_type[key].add(ent["id"])

    def docs(self, entity: str) -> frozenset[str]:
        return frozenset(self.entities[entity].get("docs", []))

    def core(self, entity: str) -> bool:
        return bool(self.entities[entity].get("core", True))



# --------------------------------------------------------------------------- evaluation


def alternatives(item: Any) -> list[str]:
    return [x for x in item if isinstance(x, str)] if isinstance(item, list) else [item]


def date_parts(text: str) -> tuple[str | None, str | None, str | None] | None:
    """(year, month, day) of an xsd date-like lexical form; None when it is not one."""
    text = text.strip()
    text = text.removesuffix("Z")
    if len(text) > 6 and text[-6] in "+-" and text[-3] == ":":
        text = text[:-6]
    if text.startswith("--"):
        parts = text[2:].split("-")
        if len(parts) == 1 and parts[0].isdigit() and len(parts[0]) == 2:
            return None, parts[0], None
        if len(parts) == 2 and all(p.isdigit() and len(p) == 2 for p in parts):
            return None, parts[0], parts[1]
        return None
    parts = text.split("T")[0].split("-")
    if not parts[0].isdigit() or len(parts[0]) != 4 or len(parts) > 3:
        return None
    rest = parts[1:]
    if not all(p.isdigit() and len(p) == 2 for p in rest):
        return None
    return parts[0], rest[0] if rest else None, rest[1] if len(rest) > 1 else None


def dates_compatible(gold: str, system: str) -> bool:
    """Equal, or one a prefix of the other, part by part; a yearless gold ignores the year."""
    a, b = date_parts(gold), date_parts(system)
    if a is None or b is None:
        return False
    shared = 0
    for x, y in zip(a, b, strict=True):
        if x is not None and y is not None:
            if x != y:
                return False
            shared += 1
    return shared > 0
