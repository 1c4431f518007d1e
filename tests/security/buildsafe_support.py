"""Inputs shared by the build-safety tests (issue 22): short Arabic articles written for
these tests, JSONL writing, folder snapshots."""

from __future__ import annotations

import json
from pathlib import Path

EXTRACTORS = ("kb", "pattern")  # no tagger: fast, and the same code paths

NAMES = ("أبو عمر الأنصاري", "أبو خالد الحلبي", "أبو سليمان الديري", "أبو يحيى التونسي")


def article(i: int = 0) -> str:
    """A short news text about a raid, different for each ``i``."""
    name = NAMES[i % len(NAMES)]
    return (
        f"قالت وزارة الدفاع الأمريكية يوم الأحد إن قوات خاصة نفذت غارة في بلدة أطمة شمال "
        f"غرب سوريا أسفرت عن مقتل القيادي في تنظيم داعش {name}.\n\n"
        f"وأضافت الوزارة أن {name} كان مسؤولا عن التخطيط لهجمات في المنطقة، وأن العملية "
        f"رقم {i + 1} جرت دون إصابات بين المدنيين.\n"
    )


def write_jsonl(path: Path, *records: dict[str, object] | str) -> Path:
    """One JSON object (or raw line) a line."""
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of ``folder`` by name, with its bytes (and the folder's own listing)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
