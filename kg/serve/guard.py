"""What a SPARQL query is, read before any engine parses it: its form, and whether it may run.

Reads the query text only (no engine, no network). Refuses, with a ``kg:``-style message:

- ``SERVICE`` clauses (``SERVICE SILENT`` too): Oxigraph and rdflib would send an HTTP request
  to any address the query names, so a query could probe the analyst's machine and network
  (server-side request forgery) or make the endpoint call itself;
- SPARQL UPDATE forms (INSERT, DELETE, LOAD, …): every engine here is read-only;
- queries nested deeper than ``MAX_DEPTH`` brackets, or with more than ``MAX_OPERATORS``
  operators, keywords and separators: Oxigraph parses and evaluates recursively and overflows
  its stack (a segmentation fault, not an error) from about 1,000 nested function calls,
  5,000 nested parentheses or 10,000 chained ``||``, ``UNION``, ``OPTIONAL``, ``FILTER`` or
  ``.``; the limits stay well below (measured with pyoxigraph 0.5 on an 8 MB stack).

The scan is a small lexer that skips strings, IRIs and comments, so ``"SERVICE"`` in a string or
``<urn:SERVICE>`` is no clause, while ``service``, ``1.SERVICE`` or a keyword after a dot in a
prefixed name are caught. It errs on the side of refusing: a name that merely spells a
refused keyword is refused too. It scans the text both as written and with its ``\\u``/``\\U``
escapes expanded (the SPARQL specification expands them before parsing; Oxigraph does not), so
neither reading can hide a clause from it. Limits: it does not parse; a query it lets through
may still be a syntax error, which the engine reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.errors import QueryError

MAX_DEPTH = 64
MAX_OPERATORS = 2_000
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = frozenset(
    "INSERT DELETE LOAD CLEAR CREATE DROP COPY MOVE ADD WITH".split()
)  # fmt: skip
_OPEN, _CLOSE = "([{", ")]}"

_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\r\n]*)
    | (?P<string>'''(?:\\.|[^\\])*?'''|\"\"\"(?:\\.|[^\\])*?\"\"\"
        |'(?:\\.|[^'\\\r\n])*'|"(?:\\.|[^"\\\r\n])*")
    | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
    | (?P<var>[?$][0-9A-Za-z_\u00B7-\U000EFFFF]+)
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<number>[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
    | (?P<name>[A-Za-z_:\u00B7-\U000EFFFF\\%][0-9A-Za-z_\-.:%\\\u00B7-\U000EFFFF]*)
    | (?P<punct>\|\||&&|!=|<=|>=|\^\^|.)
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class QueryRefused(QueryError):
    """A query the guard will not let an engine see; ``status`` is its HTTP status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class QueryShape:
    """What the scan found: the query form (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``,
    or None when no form keyword leads the query) and its deepest bracket nesting."""

    form: str | None
    depth: int


def _words(token: str) -> list[str]:
    """The parts of a name token that could be keywords: a bare word split at dots and
    dashes, or, in a prefixed name, whatever follows a dot (``ex:o.SERVICE``)."""
    if ":" in token:
        return [part.upper() for part in token.split(".")[1:]]
    return [part.upper() for part in re.split(r"[.\-]", token) if part]


def _scan(text: str) -> QueryShape:
    depth = deepest = operators = 0
    form: str | None = None
    leading = True  # still in the prologue (PREFIX/BASE), before the first keyword
    for match in _TOKEN.finditer(text):
        kind, token = match.lastgroup, match.group()
        if kind in ("ws", "comment", "string", "iri", "var", "lang", "number"):
            continue
        if kind == "name":
            words = _words(token)
            if "SERVICE" in words:
                raise QueryRefused(
                    "SERVICE is refused: this endpoint never queries another server (a "
                    "SERVICE clause could reach any address from this machine); query the "
                    "other endpoint yourself"
                )
            if ":" not in token:
                operators += 1
                if leading and words and words[0] not in ("PREFIX", "BASE"):
                    leading = False
                    if words[0] in UPDATE_KEYWORDS:
                        raise QueryRefused(
                            "SPARQL UPDATE is refused: this endpoint is read-only", status=403
                        )
                    form = words[0] if words[0] in FORMS else None
            continue
        operators += 1
        if token in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                raise QueryRefused(
                    f"the query is nested more than {MAX_DEPTH} brackets deep; flatten it "
                    "(deeper nesting crashes the SPARQL engine)"
                )
        elif token in _CLOSE:
            depth = max(depth - 1, 0)
        if operators > MAX_OPERATORS:
            raise QueryRefused(
                f"the query has more than {MAX_OPERATORS} operators, keywords and separators; "
                "split it into smaller queries (longer chains crash the SPARQL engine)"
            )
    return QueryShape(form, deepest)


def inspect_query(text: str) -> QueryShape:
    """The query's form and depth; raises :class:`QueryRefused` for a query that must not run.

    >>> inspect_query("SELECT * WHERE { ?s ?p 'SERVICE' }").form
    'SELECT'
    """
    shape = _scan(text)
    expanded = _ESCAPE.sub(_expand, text)
    if expanded != text:
        _scan(expanded)
    return shape


def _expand(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    return chr(code) if code <= 0x10FFFF else match.group()
