"""Helpers shared by the exporters: text made safe for any output format, and node kinds.

Reads model objects, writes plain strings. No I/O.

``safe_text`` removes what no output can carry: characters illegal in XML 1.0 (C0 controls
other than tab, newline and carriage return; U+FFFE, U+FFFF), lone UTF-16 surrogates (they
cannot be encoded as UTF-8 at all), and rewrites U+2028/U+2029 (line and paragraph
separators, which break JavaScript string literals in older engines) as spaces. It does not
escape markup: each exporter escapes for its own format.
"""

from __future__ import annotations

import re

from kg.model import Entity, EventKind, Raid, Role

_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SEPARATOR_RE = re.compile("[\u2028\u2029]")

# Node kinds shown in the views, in legend order (raids and events are nodes too).
RAID_KIND = EventKind.RAID.value
EVENT_KIND = EventKind.EVENT.value


def safe_text(text: str | None) -> str:
    """``text`` with characters that no output format can carry removed (see module doc)."""
    if not text:
        return ""
    return _SEPARATOR_RE.sub(" ", _ILLEGAL_RE.sub("", text))


def entity_subtype(entity: Entity) -> str:
    """The most specific type of an entity: its first subtype, else its base type."""
    return entity.subtypes[0] if entity.subtypes else entity.type.value


def raid_kind(raid: Raid) -> str:
    """"Event" for events that are not raids, else "Raid"."""
    return EVENT_KIND if raid.kind == EVENT_KIND else RAID_KIND


# Raid attributes by role, in the order every exporter writes them.
ROLE_FIELDS: tuple[tuple[Role, str], ...] = (
    (Role.PERPETRATOR, "perpetrators"),
    (Role.TARGET, "targets"),
    (Role.KILLED, "killed"),
    (Role.WOUNDED, "wounded"),
    (Role.CAPTURED, "captured"),
    (Role.LOCATION, "locations"),
)
