"""report.json: the share of places a map can show (``places_with_coordinates``)."""

from __future__ import annotations

from kg.api import report_dict
from kg.model import Entity, EntityType, KnowledgeGraph


def test_places_with_coordinates_counts_places_only() -> None:
    graph = KnowledgeGraph(
        entities=(
            Entity("barisha", EntityType.PLACE, "باريشا", lat=36.16, lon=36.64),
            Entity("place-x", EntityType.PLACE, "الصحراء الجنوبية"),
            Entity("p", EntityType.PERSON, "أبو محمد العدناني"),
        )
    )
    assert report_dict(graph)["places_with_coordinates"] == [1, 2]
    assert report_dict(KnowledgeGraph())["places_with_coordinates"] == [0, 0]
