"""The KnowledgeGraph as a networkx MultiDiGraph: the common ground of the GEXF and HTML views.

Reads a ``kg.model.KnowledgeGraph``; returns a ``networkx.MultiDiGraph`` (no I/O). Nodes are
entities and raids (documents are not nodes: they are listed in each node's ``docs``); edges
are relations (subject -> object) and raid roles (raid -> entity), keyed by relation name so
that parallel edges of different kinds are kept. Attribute values are flat (strings, floats)
so that every format can carry them:

- node: ``label`` (Arabic), ``label_en``, ``label_latn`` (entities: the Latin-script name,
  ``kg.text.romanize.latin_label``), ``type`` (Person, Organization, Place, Raid, Event),
  ``subtype``, ``aliases`` and ``docs`` (joined with " | "), ``latitude``/``longitude`` for
  places with coordinates; for raids ``kind``, ``date`` (ISO, possibly partial: "2019-10",
  "--10-26"), ``start``/``end`` (the full days the date spans, for timelines), ``method``,
  ``evidence``.
- edge: ``relation`` (memberOf, killed, ...), ``label`` (same), ``docs``, ``evidence``.

All text goes through ``safe_text``. Limits: a date without a year has no ``start``/``end``;
a raid with several dates is placed at its most precise one.
"""

from __future__ import annotations

import calendar

import networkx as nx

from kg.export.common import ROLE_FIELDS as _ROLE_FIELDS
from kg.export.common import entity_subtype, raid_kind, safe_text
from kg.model import DatePrecision, DateValue, KnowledgeGraph, Raid
from kg.text.romanize import latin_label

__all__ = ["JOIN", "best_date", "date_span", "to_networkx"]

JOIN = " | "
_PRECISION_ORDER = (DatePrecision.DATE, DatePrecision.YEAR_MONTH, DatePrecision.YEAR,
                    DatePrecision.MONTH_DAY, DatePrecision.MONTH)


def _join(items: tuple[str, ...] | list[str]) -> str:
    seen: dict[str, None] = {}
    for item in items:
        text = safe_text(item).replace("\n", " ").strip()
        if text:
            seen.setdefault(text, None)
    return JOIN.join(seen)


def best_date(raid: Raid) -> DateValue | None:
    """The most precise date of a raid (full date before year-month before year ...)."""
    if not raid.dates:
        return None
    return min(raid.dates, key=lambda d: (_PRECISION_ORDER.index(d.precision), d.value))


def date_span(date: DateValue) -> tuple[str, str] | None:
    """The first and last full day (ISO) a date covers; None when it has no year or is malformed.

    GEXF timelines need full xsd:date values: "2019-10" becomes 2019-10-01 .. 2019-10-31.
    """
    try:
        if date.precision is DatePrecision.DATE:
            year, month, day = (int(part) for part in date.value.split("-"))
            calendar.weekday(year, month, day)  # validates the day
            return date.value, date.value
        if date.precision is DatePrecision.YEAR_MONTH:
            year, month = (int(part) for part in date.value.split("-"))
            last = calendar.monthrange(year, month)[1]
            return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
        if date.precision is DatePrecision.YEAR:
            year = int(date.value)
            return f"{year:04d}-01-01", f"{year:04d}-12-31"
    except (ValueError, calendar.IllegalMonthError):
        return None
    return None


def to_networkx(graph: KnowledgeGraph) -> nx.MultiDiGraph:
    """The entities and raids of ``graph`` as a MultiDiGraph with flat attributes."""
    g = nx.MultiDiGraph()
    for entity in graph.entities:
        data: dict[str, str | float] = {
            "label": safe_text(entity.label_ar),
            "type": entity.type.value,
            "subtype": safe_text(entity_subtype(entity)),
            "aliases": _join([a for a in entity.aliases_ar if a != entity.label_ar]),
            "docs": _join(list(entity.docs)),
        }
        if entity.label_en:
            data["label_en"] = safe_text(entity.label_en)
        data["label_latn"] = safe_text(latin_label(entity.label_ar, entity.label_en))
        if entity.lat is not None and entity.lon is not None:
            data["latitude"] = float(entity.lat)
            data["longitude"] = float(entity.lon)
        g.add_node(entity.id, **data)
    for raid in graph.raids:
        kind = raid_kind(raid)
        data = {
            "label": safe_text(raid.label_ar) or raid.id,
            "type": kind,
            "subtype": safe_text(raid.kind),
            "kind": safe_text(raid.kind),
            "docs": _join(list(raid.docs)),
            "evidence": _join(list(raid.evidence)),
        }
        date = best_date(raid)
        if date is not None:
            data["date"] = safe_text(date.value)
            span = date_span(date)
            if span is not None:
                data["start"], data["end"] = span
        if raid.method:
            data["method"] = safe_text(raid.method)
        g.add_node(raid.id, **data)
    for relation in graph.relations:
        name = relation.predicate.value
        g.add_edge(
            relation.subject, relation.object, key=name, relation=name, label=name,
            docs=_join(list(relation.docs)),
            evidence=_join([e.text for e in relation.evidence]),
        )
    for raid in graph.raids:
        for role, field_name in _ROLE_FIELDS:
            for entity_id in getattr(raid, field_name):
                claims = [c for c in raid.claims if c.role == role and c.value == entity_id]
                g.add_edge(
                    raid.id, entity_id, key=role.value, relation=role.value, label=role.value,
                    docs=_join([c.doc_id for c in claims] or list(raid.docs)),
                    evidence=_join([c.evidence for c in claims]),
                )
    # An edge to an id that is no entity creates a bare node; give it the attributes every
    # node has so that views and Gephi can still show it.
    for node, data in g.nodes(data=True):
        if "type" not in data:
            data.update(label=safe_text(str(node)), type="Unknown", subtype="Unknown",
                        docs="")
    return g
