"""Benchmark: alias resolution of N synthetic mentions (default 100,000) on one core.

Mentions are generated deterministically (seeded) from given names, kunyas and nisbas, spread
over N/10 documents, with the name shapes the resolver sees in news: full names, kunya chains,
short forms used alone, spelling variants, places and organisations. Prints mentions, entities,
seconds and mentions/s as a markdown row.

Usage: python benchmarks/bench_resolve.py [N]
"""

from __future__ import annotations

import random
import sys
import time

from kg.model import EntityType, Mention
from kg.resolve.judgements import load_judgements
from kg.resolve.resolver import Resolver

GIVEN = ["محمد", "أحمد", "علي", "خالد", "عمر", "حسن", "حسين", "يوسف", "إبراهيم", "عبد الله",
         "عبد الرحمن", "سامي", "ماهر", "جبار", "ناجي", "أسامة", "حمزة", "صلاح", "بلال", "قاسم"]
NISBA = ["العراقي", "البغدادي", "الأنصاري", "المهاجر", "القرشي", "الهاشمي", "الحسيني", "الشامي",
         "الحلبي", "الأردني", "اليمني", "التونسي", "العيساوي", "الجبوري", "الدليمي", "الزاوي"]
PLACES = ["دمشق", "حلب", "إدلب", "الرقة", "دير الزور", "الموصل", "كركوك", "الأنبار", "درعا"]
ORGS = ["تنظيم داعش", "قوات سوريا الديمقراطية", "التحالف الدولي", "هيئة تحرير الشام"]


def synthetic_mentions(n: int, seed: int = 7) -> list[Mention]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        doc = f"d{i // 10:06d}"
        r = rng.random()
        if r < 0.45:
            name = f"{rng.choice(GIVEN)} {rng.choice(NISBA)}"
            etype = EntityType.PERSON
        elif r < 0.65:
            name = f"أبو {rng.choice(GIVEN)} {rng.choice(NISBA)} {rng.choice(NISBA)}"
            etype = EntityType.PERSON
        elif r < 0.75:
            name = rng.choice(NISBA)
            etype = EntityType.PERSON
        elif r < 0.9:
            name = rng.choice(PLACES)
            etype = EntityType.PLACE
        else:
            name = rng.choice(ORGS)
            etype = EntityType.ORGANIZATION
        start = (i % 10) * 40
        out.append(Mention(doc, start, start + len(name), name, name, etype, 0.8, "bench",
                           i % 10))
    return out


def main(n: int = 100_000) -> None:
    mentions = synthetic_mentions(n)
    resolver = Resolver(judgements=load_judgements())
    t0 = time.perf_counter()
    res = resolver.resolve(mentions)
    dt = time.perf_counter() - t0
    print("| mentions | entities | seconds | mentions/s |")
    print("|---:|---:|---:|---:|")
    print(f"| {n:,} | {len(res.entities):,} | {dt:.1f} | {n / dt:,.0f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
