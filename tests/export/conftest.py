"""Fixture graphs for the exporter tests: a small realistic one and a hostile one.

``small_graph`` holds two caliphs, ISIS, US forces, three places, two raids (one with
conflicting claims from two documents about its date and place), relations with evidence and
identity judgements. ``hostile_graph`` carries script-injection attempts, spreadsheet formulas,
control characters and line separators in every text field an exporter writes.
"""

from __future__ import annotations

import pytest

from kg.model import (
    Claim,
    DatePrecision,
    DateValue,
    Document,
    Entity,
    EntityType,
    Evidence,
    Judgement,
    KnowledgeGraph,
    Raid,
    Relation,
    RelationType,
    Role,
    Verdict,
)

S1 = "أعلن الرئيس الأمريكي مقتل أبو بكر البغدادي في عملية للقوات الأمريكية في باريشا بإدلب."
S2 = "قتل زعيم تنظيم داعش أبو بكر البغدادي في غارة على قرية باريشا يوم 27 أكتوبر."
S3 = "قتل أبو إبراهيم الهاشمي القرشي خليفة البغدادي في عملية إنزال في أطمة."


def build_small_graph() -> KnowledgeGraph:
    docs = (
        Document(id="doc-a", text=S1, source="a.txt", url="https://example.org/news/a?id=1",
                 published="2019-10-27", outlet="وكالة مثال", title="مقتل البغدادي"),
        Document(id="doc-b", text=S2, source="b.txt", published="2019-10-28"),
        Document(id="doc-c", text=S3, source="c.txt", url="not a url", published="2022-02-03"),
    )
    baghdadi = Entity(
        id="abu-bakr-al-baghdadi", type=EntityType.PERSON, label_ar="أبو بكر البغدادي",
        aliases_ar=("البغدادي", "إبراهيم عواد البدري"), label_en="Abu Bakr al-Baghdadi",
        same_as=("http://www.wikidata.org/entity/Q1190327",), docs=("doc-a", "doc-b", "doc-c"),
        judgements=(
            Judgement(left="أبو بكر البغدادي", right="البغدادي", verdict=Verdict.POSITIVE,
                      rule="short-form", evidence=Evidence("doc-b", S2, "short-form")),
            Judgement(left="أبو بكر البغدادي", right="أبو إبراهيم الهاشمي القرشي",
                      verdict=Verdict.NEGATIVE, rule="curated:distinct", source="curated"),
        ),
    )
    qurashi = Entity(
        id="abu-ibrahim-al-hashimi-al-qurashi", type=EntityType.PERSON,
        label_ar="أبو إبراهيم الهاشمي القرشي", aliases_ar=("أبو إبراهيم القرشي",),
        label_en="Abu Ibrahim al-Hashimi al-Qurashi", docs=("doc-c",),
    )
    isis = Entity(
        id="isis", type=EntityType.ORGANIZATION, label_ar="تنظيم الدولة الإسلامية",
        aliases_ar=("داعش", "تنظيم داعش"), label_en="Islamic State", subtypes=("ArmedGroup",),
        same_as=("http://www.wikidata.org/entity/Q2429253",), docs=("doc-b",),
    )
    us = Entity(
        id="us-forces", type=EntityType.ORGANIZATION, label_ar="القوات الأمريكية",
        subtypes=("MilitaryForce", "NotAClass"), docs=("doc-a",),
    )
    syria = Entity(
        id="syria", type=EntityType.PLACE, label_ar="سوريا", aliases_ar=("سورية",),
        label_en="Syria", subtypes=("Country",), same_as=("https://sws.geonames.org/163843/",),
        docs=("doc-a",), lat=35.0, lon=38.0,
    )
    idlib = Entity(
        id="idlib", type=EntityType.PLACE, label_ar="إدلب", label_en="Idlib",
        subtypes=("Governorate",), docs=("doc-a",), lat=35.93, lon=36.63,
    )
    barisha = Entity(
        id="barisha", type=EntityType.PLACE, label_ar="باريشا", label_en="Barisha",
        subtypes=("Village",), docs=("doc-a", "doc-b"), lat=36.1617, lon=36.6289,
    )
    atmeh = Entity(id="atmeh", type=EntityType.PLACE, label_ar="أطمة", docs=("doc-c",))
    raid1 = Raid(
        id="raid-2019-10-27-barisha", kind="GroundRaid", perpetrators=("us-forces",),
        targets=("abu-bakr-al-baghdadi",), killed=("abu-bakr-al-baghdadi",),
        locations=("barisha",),
        dates=(DateValue("2019-10-27", DatePrecision.DATE, "27 أكتوبر"),
               DateValue("2019-10", DatePrecision.YEAR_MONTH)),
        method="helicopter", casualties=((Role.KILLED, 2),), evidence=(S1, S2),
        docs=("doc-a", "doc-b"), label_ar="عملية باريشا",
        claims=(
            Claim(Role.KILLED, "abu-bakr-al-baghdadi", "doc-a", S1),
            Claim(Role.LOCATION, "barisha", "doc-a", S1),
            Claim(Role.LOCATION, "idlib", "doc-b", S2),
            Claim("date", "2019-10-27", "doc-b", S2),
            Claim("date", "--10-26", "doc-a", S1),
        ),
    )
    raid2 = Raid(
        id="raid-2022-02-03-atmeh", kind="Raid", killed=("abu-ibrahim-al-hashimi-al-qurashi",),
        locations=("atmeh",), dates=(DateValue("2022", DatePrecision.YEAR),),
        evidence=(S3,), docs=("doc-c",), label_ar="عملية أطمة",
    )
    event = Raid(id="event-prison-break", kind="Event", locations=("syria",),
                 dates=(DateValue("--07", DatePrecision.MONTH),), docs=("doc-c",),
                 label_ar="هروب من سجن")
    relations = (
        Relation("abu-bakr-al-baghdadi", RelationType.LEADER_OF, "isis",
                 (Evidence("doc-b", S2, "cue:زعيم"),)),
        Relation("abu-ibrahim-al-hashimi-al-qurashi", RelationType.SUCCESSOR_OF,
                 "abu-bakr-al-baghdadi", (Evidence("doc-c", S3, "cue:خليفة"),)),
        Relation("abu-ibrahim-al-hashimi-al-qurashi", RelationType.MEMBER_OF, "isis", ()),
        Relation("barisha", RelationType.LOCATED_IN, "idlib", (Evidence("doc-a", S1, "kb"),)),
        Relation("idlib", RelationType.LOCATED_IN, "syria", (Evidence("doc-a", S1, "kb"),)),
    )
    return KnowledgeGraph(
        documents=docs,
        entities=tuple(sorted((baghdadi, qurashi, isis, us, syria, idlib, barisha, atmeh),
                              key=lambda e: e.id)),
        raids=(event, raid1, raid2),
        relations=relations,
    )


HOSTILE = (
    '<script>window.__pwned=1</script>',
    '"><img src=x onerror="window.__pwned=2">',
    "</script><script>window.__pwned=3</script>",
    "=HYPERLINK(\"http://evil.example\")",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tTAB",
    "\rCR",
    "ctl\x00\x01\x08\x0b\x1f\ufffe\ud800end",
    "line\u2028sep\u2029para",
    "&lt;b&gt; &amp; ' \" ` ${x} {{x}}",
)


def build_hostile_graph() -> KnowledgeGraph:
    """Every text field carries injection attempts and characters illegal in XML."""
    bad = " ".join(HOSTILE)
    docs = (Document(id="doc-x", text=bad, source="x.txt", url='https://e.example/"><x>',
                     outlet=HOSTILE[0], title=HOSTILE[1]),)
    entities = tuple(
        Entity(id=f"e{n:02d}", type=(EntityType.PERSON, EntityType.ORGANIZATION,
                                     EntityType.PLACE)[n % 3],
               label_ar=f"اسم {text}", aliases_ar=(text, "بديل " + text), label_en=text,
               docs=("doc-x",), description=text,
               lat=33.0 if n % 3 == 2 else None, lon=44.0 if n % 3 == 2 else None)
        for n, text in enumerate(HOSTILE)
    )
    raids = (Raid(id="r-bad", kind="Airstrike", killed=("e00",), perpetrators=("e01",),
                  locations=("e02",), evidence=HOSTILE, docs=("doc-x",),
                  label_ar="غارة " + HOSTILE[2], method=HOSTILE[3],
                  claims=(Claim(Role.KILLED, "e00", "doc-x", HOSTILE[1]),)),)
    relations = (Relation("e00", RelationType.MEMBER_OF, "e01",
                          (Evidence("doc-x", HOSTILE[0], HOSTILE[3]),)),)
    return KnowledgeGraph(documents=docs, entities=entities, raids=raids, relations=relations)


@pytest.fixture
def small_graph() -> KnowledgeGraph:
    return build_small_graph()


@pytest.fixture
def hostile_graph() -> KnowledgeGraph:
    return build_hostile_graph()
