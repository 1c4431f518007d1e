"""Count the curated knowledge base, so the numbers in kg/data/kb/README.md can be checked.

Reads ``kg/data/kb/{organizations,persons,places}.json`` and ``kg/data/kb/militaries.json``;
prints, per file, a Markdown block: entries by subtype, entries citing each public list (a
source string is filed under the first list whose marker it contains), entries with a
Wikidata id, a parent, a successor. The README holds these blocks between
``<!-- kb-stats FILE -->`` and ``<!-- /kb-stats -->`` markers; ``--check`` rewrites nothing
and exits 1 when a block there differs from what the data gives now (tests/extract/
test_kb_structure.py runs the same check), ``--write`` refreshes the blocks in place.

Usage:
    python scripts/kb_stats.py                 # print the blocks of every curated file
    python scripts/kb_stats.py --check         # exit 1 if a README block is stale
    python scripts/kb_stats.py --write         # refresh the README blocks
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KB_DIR = ROOT / "kg" / "data" / "kb"
README = KB_DIR / "README.md"
FILES = ("organizations.json", "persons.json", "places.json")

# (marker found in a source string, the public list it names); the first marker found wins.
LISTS = (
    ("Foreign Terrorist Organizations", "US State Department, Foreign Terrorist Organizations"),
    ("Sanctions List", "UN Security Council ISIL (Da'esh) & Al-Qaida Sanctions List"),
    ("sanctions list", "UN Security Council ISIL (Da'esh) & Al-Qaida Sanctions List"),
    ("Wikipedia en", "Wikipedia (en)"),
    ("Wikipedia ar", "Wikipedia (ar)"),
    ("Wikidata", "Wikidata"),
    ("GeoNames", "GeoNames"),
)
BLOCK = re.compile(r"<!-- kb-stats (\S+) -->\n(.*?)<!-- /kb-stats -->", re.S)


def _entries(name: str) -> list[dict]:
    return json.loads((KB_DIR / name).read_text(encoding="utf-8"))["entries"]


def _lists_of(entry: dict) -> set[str]:
    out = set()
    for source in entry.get("sources", []):
        for marker, name in LISTS:
            if marker in source:
                out.add(name)
                break
        else:
            out.add("other")
    return out


def render(name: str) -> str:
    """The Markdown block of counts for one curated file (deterministic: sorted rows)."""
    entries = _entries(name)
    subtypes = Counter(e.get("subtype") or "(none)" for e in entries)
    lists = Counter(n for e in entries for n in _lists_of(e))
    lines = [f"{len(entries)} entries in `{name}`.", "", "| subtype | entries |", "|---|---:|"]
    lines += [f"| {s} | {n} |" for s, n in sorted(subtypes.items())]
    lines += ["", "| public list cited in `sources` | entries |", "|---|---:|"]
    lines += [f"| {s} | {n} |" for s, n in sorted(lists.items())]
    lines += [
        "",
        f"- with a Wikidata id: {sum(1 for e in entries if e.get('wikidata'))}",
        f"- with a `parent`: {sum(1 for e in entries if e.get('parent'))}",
        f"- with a `succeeded_by`: {sum(1 for e in entries if e.get('succeeded_by'))}",
    ]
    parents = Counter(e["parent"] for e in entries if e.get("parent"))
    if parents:
        ranked = sorted(parents.items(), key=lambda x: (-x[1], x[0]))
        top = ", ".join(f"{p} {n}" for p, n in ranked if n >= 2)
        rest = sum(1 for _, n in ranked if n < 2)
        lines.append(f"- children per parent: {top}; {rest} other parents with one child")
    if name == "organizations.json":
        mil = json.loads((KB_DIR / "militaries.json").read_text(encoding="utf-8"))["militaries"]
        lines.append(f"- countries in `militaries.json` (adjective -> army): {len(mil)}")
    return "\n".join(lines) + "\n"


def stale_blocks(text: str) -> list[str]:
    """Names of the files whose README block differs from the data."""
    return [name for name, body in BLOCK.findall(text) if body != render(name)]


def refreshed(text: str) -> str:
    """``text`` with every kb-stats block recomputed."""
    return BLOCK.sub(lambda m: f"<!-- kb-stats {m[1]} -->\n{render(m[1])}<!-- /kb-stats -->", text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 if a README block is stale")
    mode.add_argument("--write", action="store_true", help="refresh the README blocks")
    args = parser.parse_args(argv)
    if args.check or args.write:
        if not README.exists():
            print(f"kg: {README} is missing: create it with kb-stats markers", file=sys.stderr)
            return 1
        text = README.read_text(encoding="utf-8")
        if args.write:
            README.write_text(refreshed(text), encoding="utf-8")
            return 0
        stale = stale_blocks(text)
        if stale:
            print(f"kg: stale counts for {', '.join(stale)}: run python scripts/kb_stats.py "
                  "--write", file=sys.stderr)
            return 1
        return 0
    for name in FILES:
        print(f"<!-- kb-stats {name} -->\n{render(name)}<!-- /kb-stats -->\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
