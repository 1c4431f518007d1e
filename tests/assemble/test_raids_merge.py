"""Raids across documents (kg.assemble.raids): one node per operation, every source's claims kept.

Raid mentions and entities are built by hand, so each test states exactly what each source
reported; a last test builds the hand-written articles of tests/fixtures/text end to end.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kg.assemble import build_graph
from kg.assemble.raids import assemble_raids
from kg.model import (
    DatePrecision,
    DateValue,
    Entity,
    EntityType,
    RaidMention,
    Role,
)
from kg.text.ingest import iter_inputs

FIXTURES = Path(__file__).parent.parent / "fixtures" / "text"

ENTITIES = {
    e.id: e
    for e in (
        Entity("abu-musab", EntityType.PERSON, "أبو مصعب الحلبي"),
        Entity("saad", EntityType.PERSON, "سعد الكبيسي"),
        Entity("us", EntityType.ORGANIZATION, "القوات الأمريكية"),
        Entity("sdf", EntityType.ORGANIZATION, "قوات سوريا الديمقراطية"),
        Entity("kasra", EntityType.PLACE, "الكسرة"),
    )
}


def rm(doc: str, roles: list[tuple[Role, str]], date: str | None = None,
       evidence: str = "") -> RaidMention:
    """A raid mention whose role keys are ``doc:entity`` (the assignment maps them back)."""
    value = None
    if date:
        value = DateValue(date, DatePrecision.DATE if len(date) == 10 else
                          DatePrecision.YEAR_MONTH)
    return RaidMention(doc, (0,), "غارة", "Airstrike", tuple((r, f"{doc}:{e}") for r, e in roles),
                       value, evidence or f"جملة من {doc}")


def assemble(mentions: list[RaidMention]):
    assignment = {key: key.split(":", 1)[1] for m in mentions for _, key in m.roles}
    return assemble_raids(mentions, assignment, ENTITIES)


def test_same_victim_in_two_documents_is_one_raid() -> None:
    raids = assemble([
        rm("a", [(Role.KILLED, "abu-musab"), (Role.LOCATION, "kasra")], "2024-03-10"),
        rm("b", [(Role.KILLED, "abu-musab")], "2024-03"),
    ])
    assert len(raids) == 1
    raid = raids[0]
    assert raid.docs == ("a", "b")
    assert raid.killed == ("abu-musab",)
    assert raid.locations == ("kasra",)
    # compatible dates: the most specific one is the raid's date
    assert [d.value for d in raid.dates] == ["2024-03-10"]


def test_two_different_victims_are_two_raids() -> None:
    raids = assemble([
        rm("a", [(Role.KILLED, "abu-musab"), (Role.LOCATION, "kasra")], "2024-03-10"),
        rm("b", [(Role.CAPTURED, "saad"), (Role.LOCATION, "kasra")], "2024-03-10"),
    ])
    assert len(raids) == 2
    assert {r.killed + r.captured for r in raids} == {("abu-musab",), ("saad",)}
    assert all(len(r.docs) == 1 for r in raids)


def test_conflicting_perpetrators_are_both_kept_with_their_sources() -> None:
    raids = assemble([
        rm("a", [(Role.KILLED, "abu-musab"), (Role.PERPETRATOR, "us")], evidence="قالت أ"),
        rm("b", [(Role.KILLED, "abu-musab"), (Role.PERPETRATOR, "sdf")], evidence="قالت ب"),
    ])
    assert len(raids) == 1
    raid = raids[0]
    assert set(raid.perpetrators) == {"us", "sdf"}
    claims = {(c.value, c.doc_id, c.evidence) for c in raid.claims if c.role is Role.PERPETRATOR}
    assert claims == {("us", "a", "قالت أ"), ("sdf", "b", "قالت ب")}


def test_conflicting_dates_are_claims_and_the_raid_keeps_what_they_share() -> None:
    raids = assemble([
        rm("a", [(Role.KILLED, "abu-musab")], "2024-03-10"),
        rm("b", [(Role.KILLED, "abu-musab")], "2024-03-12"),
    ])
    (raid,) = raids
    # one raid, not dated by the later report: the month both sources agree on
    assert [(d.value, d.precision) for d in raid.dates] == [
        ("2024-03", DatePrecision.YEAR_MONTH)]
    assert {(c.value, c.doc_id) for c in raid.claims if c.role == "date"} == {
        ("2024-03-10", "a"), ("2024-03-12", "b")}


def test_dates_of_different_months_share_the_year_and_of_different_years_nothing() -> None:
    (raid,) = assemble([
        rm("a", [(Role.KILLED, "abu-musab")], "2024-03-30"),
        rm("b", [(Role.KILLED, "abu-musab")], "2024-04-02"),
    ])
    assert [d.value for d in raid.dates] == ["2024"]
    (raid,) = assemble([
        rm("a", [(Role.KILLED, "abu-musab")], "2023-12-30"),
        rm("b", [(Role.KILLED, "abu-musab")], "2024-01-02"),
    ])
    assert raid.dates == ()
    assert len([c for c in raid.claims if c.role == "date"]) == 2


def test_supporter_is_not_a_perpetrator_and_actor_wins_over_supporter() -> None:
    (raid,) = assemble([
        rm("a", [(Role.KILLED, "abu-musab"), (Role.PERPETRATOR, "us"),
                 (Role.SUPPORTER, "sdf")]),
        rm("b", [(Role.KILLED, "abu-musab"), (Role.SUPPORTER, "us")]),
    ])
    assert raid.perpetrators == ("us",)
    assert raid.supporters == ("sdf",)


def test_hedged_death_is_a_claim_with_its_hedge_and_the_person_a_target() -> None:
    mention = RaidMention("a", (0,), "عملية", "GroundRaid", ((Role.TARGET, "a:abu-musab"),),
                          None, "يرجح مقتله", hedged=((Role.KILLED, "a:abu-musab", "يرجح"),))
    (raid,) = assemble_raids([mention], {"a:abu-musab": "abu-musab"}, ENTITIES)
    assert raid.killed == ()
    assert raid.targets == ("abu-musab",)
    (claim,) = [c for c in raid.claims if c.role is Role.KILLED]
    assert (claim.value, claim.hedge) == ("abu-musab", "يرجح")


def test_a_role_of_the_wrong_type_is_dropped() -> None:
    # a place can never be killed, an organisation never a location
    (raid,) = assemble([rm("a", [(Role.KILLED, "abu-musab"), (Role.KILLED, "kasra"),
                                 (Role.LOCATION, "sdf")])])
    assert raid.killed == ("abu-musab",)
    assert raid.locations == ()


def test_unnamed_raids_merge_on_place_actor_and_date_across_documents() -> None:
    a = rm("a", [(Role.LOCATION, "kasra"), (Role.PERPETRATOR, "us")], "2024-03-10")
    b = rm("b", [(Role.LOCATION, "kasra"), (Role.PERPETRATOR, "us")], "2024-03")
    c = rm("c", [(Role.LOCATION, "kasra"), (Role.PERPETRATOR, "sdf")], "2024-03-10")
    raids = assemble([a, b, c])
    docs = sorted(r.docs for r in raids)
    assert docs == [("a", "b"), ("c",)]


def test_raid_ids_are_stable_and_unique() -> None:
    mentions = [
        rm("a", [(Role.KILLED, "abu-musab")], "2024-03-10"),
        rm("b", [(Role.CAPTURED, "saad")], "2024-03-10"),
    ]
    first = [r.id for r in assemble(mentions)]
    assert first == [r.id for r in assemble(list(reversed(mentions)))]
    assert len(set(first)) == 2


def test_capture_label_does_not_repeat_the_verb() -> None:
    (raid,) = assemble([RaidMention("a", (0,), "اعتقال", "CaptureOperation",
                                    ((Role.CAPTURED, "a:saad"),), None, "…")])
    assert raid.label_ar.startswith("عملية اعتقال سعد الكبيسي")


def test_articles_end_to_end() -> None:
    graph = build_graph(iter_inputs([FIXTURES]), ("kb", "pattern"))
    victim = {e.id for e in graph.entities if e.label_ar == "أبو مصعب الحلبي"}
    assert len(victim) == 1
    (strike,) = [r for r in graph.raids if set(r.killed) & victim]
    assert strike.docs == ("strike_kasra_a", "strike_kasra_b")
    assert {"us_military", "sdf"} <= set(strike.perpetrators)
    by_doc = {c.doc_id: c.value for c in strike.claims if c.role is Role.PERPETRATOR}
    assert by_doc == {"strike_kasra_a": "us_military", "strike_kasra_b": "sdf"}
    assert [d.value for d in strike.dates] == ["2024-03-10"]
    captured = [r for r in graph.raids if r.captured]
    assert captured and not set(captured[0].killed) & victim
    assert captured[0].docs == ("capture_fallujah",)


def test_an_earlier_killing_told_in_passing_joins_its_raid_and_makes_none_alone() -> None:
    main = rm("a", [(Role.KILLED, "abu-musab"), (Role.LOCATION, "kasra")], "2024-03-10")
    passing = replace(rm("b", [(Role.KILLED, "abu-musab")]), reference=True)
    alone = replace(rm("b", [(Role.KILLED, "saad")]), reference=True)
    raids = assemble([main, passing, alone])
    assert len(raids) == 1
    assert raids[0].docs == ("a", "b")
    assert raids[0].killed == ("abu-musab",)


def test_an_announcement_date_dates_the_raid_only_without_an_operation_date() -> None:
    told = rm("a", [(Role.KILLED, "abu-musab")], "2024-03-10")
    announced = replace(rm("b", [(Role.KILLED, "abu-musab")], "2024-03-30"), date_announced=True)
    (raid,) = assemble([told, announced])
    assert [d.value for d in raid.dates] == ["2024-03-10"]
    assert {c.value for c in raid.claims if c.role == "date"} == {"2024-03-10", "2024-03-30"}
    (raid,) = assemble([announced])
    assert [d.value for d in raid.dates] == ["2024-03-30"]
