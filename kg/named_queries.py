"""Named SPARQL queries shipped with kg: list them, fill in their parameters, run them.

Reads the ``.rq`` files in ``kg/data/queries/`` (through ``importlib.resources``, so they work
from an installed wheel). Each file is one query; its name is the file stem. A header of
``#`` comments describes it::

    # title: Raids in a period
    # description: The raids whose date falls in the period FROM..TO ...
    #   (continuation lines are indented)
    # param: from:date = 0001  the first day of the period

A parameter line is ``# param: NAME[:TYPE] [= DEFAULT]  DESCRIPTION``; without a default the
parameter is required. TYPE is ``string`` (the default), ``date`` (``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD``, checked before the query runs) or ``entity``: a name of an entity, which the
caller resolves to entity IRIs in Python (``kg.query.find_entities``: every surface matches
names by one rule, ``kg.text.namematch``) and which stands in the query as those IRIs separated
by spaces, for ``VALUES ?entity { {{NAME}} }`` (``<urn:x-kg:no-entity>`` when nothing matches).
In the query body ``{{NAME}}`` stands for the value, which is always inserted as one SPARQL
string literal with every quote, backslash and line break escaped (:func:`sparql_string`): a
value cannot end the literal and add SPARQL of its own. Writes nothing.

Limits: placeholders are plain text, so a ``{{NAME}}`` inside a comment or a string of the
query is replaced too (none of the shipped queries does that); only declared names are
replaced, anything else in braces is left alone.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources

from kg.errors import InputError, QueryError

PARAM_TYPES = ("string", "date", "entity")
_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
_UNICODE_ESCAPE = re.compile(r"\\[uU]")
_NO_ENTITY = "<urn:x-kg:no-entity>"
_IRI = re.compile(r"[^\s<>\"{}|^`\\]+")  # an IRIREF's characters: nothing can break out
_HEADER = re.compile(r"#\s*(title|description|param):\s*(.*)")
_PARAM = re.compile(
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::(?P<type>\w+))?"
    r"(?:\s*=\s*(?P<default>\S+))?(?:\s+(?P<description>.*))?"
)
# ECHAR escapes of the SPARQL grammar (STRING_LITERAL2): everything else may stand as is.
_ESCAPES = {
    "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a named query."""

    name: str
    type: str = "string"
    default: str | None = None
    description: str = ""

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A shipped query: its name (the file stem), header and SPARQL text with placeholders."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str


def sparql_string(value: str) -> str:
    """``value`` as one SPARQL string literal (double quotes, every special character escaped).

    Why not pre-bound variables: the result is plain SPARQL text that any engine (rdflib,
    oxigraph, a remote endpoint) reads the same way and that a user can copy. A backslash
    followed by ``u`` or ``U`` is refused: SPARQL expands ``\\uXXXX`` escapes before parsing,
    and engines disagree on how (rdflib would read ``\\\\u0041`` as ``\\A``), so such a
    value could not be passed on verbatim. Every other text comes back exactly as given.
    """
    if _UNICODE_ESCAPE.search(value):
        raise InputError(
            f"parameter value {value!r}: a backslash followed by u or U is a SPARQL escape "
            "and cannot be passed on verbatim; remove the backslash"
        )
    return '"' + "".join(_ESCAPES.get(ch, ch) for ch in value) + '"'


def _parse(name: str, text: str) -> NamedQuery:
    fields: dict[str, list[str]] = {"title": [], "description": []}
    params: list[Param] = []
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line.startswith("#"):
            if line:
                break  # the header ends with the first line of SPARQL
            current = None
            continue
        m = _HEADER.match(line)
        if m is None:
            if current is not None and raw.startswith("#  "):
                current.append(line.lstrip("#").strip())
            continue
        key, value = m.groups()
        if key == "param":
            p = _PARAM.fullmatch(value.strip())
            if p is None or (p["type"] or "string") not in PARAM_TYPES:
                raise QueryError(f"named query {name}: bad parameter line {raw!r}")
            params.append(
                Param(p["name"], p["type"] or "string", p["default"], p["description"] or "")
            )
            current = None
        else:
            fields[key] = [value.strip()]
            current = fields[key]
    return NamedQuery(
        name=name,
        title=" ".join(fields["title"]) or name,
        description=" ".join(fields["description"]),
        params=tuple(params),
        text=text,
    )


def list_queries() -> list[NamedQuery]:
    """Every shipped named query, sorted by name."""
    folder = resources.files("kg").joinpath("data", "queries")
    out = [
        _parse(entry.name.removesuffix(".rq"), entry.read_text("utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".rq")
    ]
    return sorted(out, key=lambda q: q.name)


def get_query(name: str) -> NamedQuery:
    """The named query ``name``; the error lists the names that exist."""
    queries = {q.name: q for q in list_queries()}
    if name not in queries:
        raise QueryError(
            f"no named query {name!r}; the named queries are: {', '.join(sorted(queries))} "
            "(`kg query --list` describes them)"
        )
    return queries[name]


def parse_params(pairs: Iterable[str]) -> dict[str, str]:
    """``["name=VALUE", ...]`` (as given to ``--param``) as a dict; the value may hold ``=``."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--param {pair!r}: write it as NAME=VALUE, e.g. --param name=داعش")
        out[key.strip()] = value
    return out


def bind_params(query: NamedQuery, values: Mapping[str, str],
                resolve: Callable[[str], list[str]] | None = None) -> str:
    """The query text with each ``{{NAME}}`` replaced by its value as an escaped literal, or,
    for an ``entity`` parameter, by ``<IRI>`` of each entity ``resolve(value)`` names."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise InputError(
            f"named query {query.name} has no parameter {', '.join(unknown)} "
            f"(its parameters: {known})"
        )
    literals: dict[str, str] = {}
    for p in query.params:
        value = values.get(p.name, p.default)
        if value is None:
            raise InputError(
                f"named query {query.name} needs --param {p.name}=VALUE ({p.description})"
            )
        if p.type == "date" and not _DATE.fullmatch(value):
            raise InputError(
                f"--param {p.name}={value!r}: give a date as YYYY, YYYY-MM or YYYY-MM-DD"
            )
        if p.type == "entity":
            if resolve is None:
                raise QueryError(f"named query {query.name}: parameter {p.name} names an entity "
                                 "and needs a graph to resolve it; run it with `kg query`")
            iris = [f"<{iri}>" for iri in resolve(value) if _IRI.fullmatch(iri)]
            # rdflib fails on an empty VALUES block: an IRI no graph uses stands for "none"
            literals[p.name] = " ".join(iris) or _NO_ENTITY
            continue
        literals[p.name] = sparql_string(value)
    if not literals:
        return query.text
    # One pass over the text, so a value that itself contains "{{x}}" is never re-expanded.
    pattern = re.compile(r"\{\{(" + "|".join(map(re.escape, literals)) + r")\}\}")
    return pattern.sub(lambda m: literals[m.group(1)], query.text)


def format_list(queries: Iterable[NamedQuery] | None = None) -> str:
    """The named queries for ``kg query --list``: name, title, parameters, description."""
    lines: list[str] = []
    for q in list_queries() if queries is None else queries:
        lines.append(f"{q.name}: {q.title}")
        for p in q.params:
            need = "required" if p.required else f"default {p.default}"
            lines.append(f"    --param {p.name}=…  ({p.type}, {need}) {p.description}".rstrip())
        if q.description:
            lines.append(_wrap(q.description, "    "))
        lines.append("")
    return "\n".join(lines).rstrip()


def _wrap(text: str, indent: str, width: int = 92) -> str:
    return textwrap.fill(text, width=width, initial_indent=indent, subsequent_indent=indent)
