"""The extraction store: what ``kg build`` read from each document, kept for ``--update``.

Writes and reads ``OUT/extractions.jsonl.gz``: a gzip stream (level 1: fast, about 5x
smaller) of UTF-8 JSON lines, in this order:

1. a header ``{"format": "kg-extractions", "version": 2, "extractors": [...],
   "documents": N, "problems": M}``;
2. the build's Problems (the input problems of every earlier build, so an updated
   ``report.json`` lists what a full rebuild would list), one a line;
3. the compact ``DocumentExtraction``s (``kg.assemble.parallel.compact``: no article text),
   one a line, sorted by document id.

Each object is written by ``encode`` (a frozen dataclass is the JSON list of its field values
in field order, an enum its value, a tuple a list) and read back by ``decode``, which is
driven by the dataclass's type hints and checks every value against them, so what comes back
equals what was written (``==``, same types) and a file that does not fit the model is
refused. JSON cannot run code when it is read: a crafted store is, at worst, refused.

``kg build --update OUT/ NEW...`` loads this, extracts only the new documents and assembles
again: identity across documents is decided by ``assemble`` from the extractions alone, so
the result equals a full rebuild over old and new inputs.

Limits: the store is tied to the data model and the extractors of the kg that wrote it: a
store of another ``version`` is refused with a message to rebuild, and ``FORMAT_VERSION``
must change whenever ``kg.model`` or the extraction of a document changes in a way that
makes old extractions wrong. The pickle stores of kg before version 2
(``extractions.pkl.gz``) are never opened (a pickle can run code): they are refused with a
message to rebuild.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import types
import typing
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache
from operator import attrgetter
from pathlib import Path
from typing import Any

from kg.assemble.pipeline import DocumentExtraction
from kg.errors import InputError
from kg.model import Problem

STORE_NAME = "extractions.jsonl.gz"
OLD_STORE_NAMES = ("extractions.pkl.gz",)  # pickles of kg before store format 2: never read
FORMAT = "kg-extractions"
FORMAT_VERSION = 2


@dataclass(frozen=True, slots=True)
class Store:
    """The content of an extraction store."""

    extractors: tuple[str, ...]
    extractions: list[DocumentExtraction]
    problems: list[Problem]


class StoreFormatError(ValueError):
    """A value of the store does not fit the type the model gives it."""


# --------------------------------------------------------------------------- typed codec


@cache
def _getter(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    names = [f.name for f in dataclasses.fields(cls)]
    if len(names) == 1:
        get = attrgetter(names[0])
        return lambda obj: (get(obj),)
    return attrgetter(*names)


def _default(obj: object) -> object:
    """What json cannot write itself: a dataclass becomes its field values (enums and tuples
    are written natively, an enum of kg.model being a str subclass)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return _getter(type(obj))(obj)
    raise TypeError(f"cannot store {type(obj).__name__} values")


def encode(obj: object) -> str:
    """One JSON line (no newline) for ``obj``: a dataclass of the model, a tuple, a value."""
    return json.dumps(obj, default=_default, ensure_ascii=False, separators=(",", ":"))


def _fail(value: object, what: str) -> typing.NoReturn:
    raise StoreFormatError(f"{what} expected, found {type(value).__name__} {value!r:.60}")


def _primitive(tp: type) -> Callable[[Any], Any]:
    if tp is float:  # JSON keeps 1 and 1.0 apart, so an int stored in a float field stays int

        def number(v: Any) -> Any:
            if type(v) not in (int, float):
                _fail(v, "a number")
            return v

        return number

    def check(v: Any) -> Any:
        if type(v) is not tp:
            _fail(v, tp.__name__)
        return v

    return check


@cache
def _decoder(tp: Any) -> Callable[[Any], Any]:
    """The function that rebuilds a value of type ``tp`` from its JSON form, checking it."""
    if tp is type(None):
        return lambda v: v if v is None else _fail(v, "null")
    if tp in (str, int, float, bool):
        return _primitive(tp)
    if isinstance(tp, type) and issubclass(tp, Enum):
        members = {m.value: m for m in tp}

        def enum(v: Any) -> Any:
            if type(v) is not str or v not in members:
                _fail(v, tp.__name__)
            return members[v]

        return enum
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass_decoder(tp)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (types.UnionType, typing.Union):
        return _union_decoder(args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])

            def many(v: Any) -> tuple[Any, ...]:
                if type(v) is not list:
                    _fail(v, "a list")
                return tuple(map(item, v))

            return many
        parts = tuple(_decoder(a) for a in args)

        def fixed(v: Any) -> tuple[Any, ...]:
            if type(v) is not list or len(v) != len(parts):
                _fail(v, f"a list of {len(parts)}")
            return tuple(f(x) for f, x in zip(parts, v, strict=True))

        return fixed
    raise TypeError(f"the store cannot read values of type {tp!r}")


def _union_decoder(args: tuple[Any, ...]) -> Callable[[Any], Any]:
    """``X | None`` and unions like ``Role | str``: the first member that accepts the value
    (an enum before str, so "killed" comes back a Role as it was written)."""
    options = [_decoder(a) for a in args]

    def union(v: Any) -> Any:
        for option in options:
            try:
                return option(v)
            except StoreFormatError:
                continue
        _fail(v, " or ".join(getattr(a, "__name__", str(a)) for a in args))

    return union


_SIMPLE = {str: (str,), int: (int,), float: (int, float), bool: (bool,), type(None): (type(None),)}


def _simple(tp: Any) -> tuple[type, ...] | None:
    """The JSON types a value of ``tp`` may have when no conversion is needed (``str``,
    ``float | None``, ...), else None. Checked inline: most fields of the model are these."""
    if tp in _SIMPLE:
        return _SIMPLE[tp]
    if typing.get_origin(tp) in (types.UnionType, typing.Union):
        parts = [_SIMPLE.get(a) for a in typing.get_args(tp)]
        if all(p is not None for p in parts):
            return tuple(t for p in parts if p is not None for t in p)
    return None


def _dataclass_decoder(cls: type) -> Callable[[Any], Any]:
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    n = len(fields)
    kinds = [(i, _simple(hints[f.name]), hints[f.name]) for i, f in enumerate(fields)]
    simple = [(i, ok) for i, ok, _ in kinds if ok is not None]
    other = [(i, _decoder(tp)) for i, ok, tp in kinds if ok is None]
    name = cls.__name__

    def build(v: Any) -> Any:
        if type(v) is not list or len(v) != n:
            _fail(v, f"a {name} (list of {n})")
        for i, ok in simple:
            if type(v[i]) not in ok:
                _fail(v[i], f"{name} field {fields[i].name}: {' or '.join(t.__name__ for t in ok)}")
        for i, f in other:
            v[i] = f(v[i])
        return cls(*v)

    return build


def decode(line: str | bytes, tp: Any) -> Any:
    """The value of type ``tp`` that ``encode`` wrote as ``line``; StoreFormatError (or
    json's ValueError) when the line does not fit ``tp``."""
    return _decoder(tp)(json.loads(line))


# --------------------------------------------------------------------------- the file


def write_store(
    path: str | Path,
    extractions: Iterable[DocumentExtraction],
    problems: Sequence[Problem],
    extractors: Sequence[str],
) -> Path:
    """Write the store (see the module docstring) and return its path."""
    exs = sorted(extractions, key=lambda e: e.document.id)
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "extractors": list(extractors),
        "documents": len(exs),
        "problems": len(problems),
    }
    path = Path(path)
    # mtime=0: the same extractions give the same bytes (deterministic output, STYLE 6);
    # surrogatepass: a lone surrogate in a sentence is stored as it is, not a crash
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", compresslevel=1, fileobj=raw, mtime=0) as fh,
    ):
        for item in _lines(header, problems, exs):
            fh.write(item.encode("utf-8", "surrogatepass") + b"\n")
    return path


def _lines(
    header: dict[str, Any], problems: Sequence[Problem], exs: Sequence[DocumentExtraction]
) -> Iterator[str]:
    yield json.dumps(header, ensure_ascii=False, sort_keys=True)
    for p in problems:
        yield encode(p)
    for e in exs:
        yield encode(e)


def read_store(out_dir: str | Path) -> Store:
    """The store of a previous build in ``out_dir``; InputError when there is none or it is
    not one this kg can use (the message says to rebuild). Never runs code from the file."""
    path = Path(out_dir) / STORE_NAME
    rebuild = f"run a full `kg build INPUT... -o {out_dir}` again"
    if not path.is_file():
        for old in OLD_STORE_NAMES:
            if (Path(out_dir) / old).exists():
                raise InputError(
                    f"{Path(out_dir) / old} is the store of an older kg (a pickle, which kg no "
                    f"longer opens because loading one can run code); {rebuild} to update it"
                )
        raise InputError(f"{path} not found: {out_dir} is not the output of a kg build; {rebuild}")
    try:
        with gzip.open(path, "rb") as fh:
            lines = iter(fh)
            header = _header(next(lines, b""), path, rebuild)
            problems = [decode(_line(lines), Problem) for _ in range(header["problems"])]
            extractions = [
                decode(_line(lines), DocumentExtraction) for _ in range(header["documents"])
            ]
            if next(lines, None) is not None:
                raise StoreFormatError("lines after the last extraction")
    except InputError:
        raise
    except (OSError, EOFError, zlib.error, ValueError, TypeError) as err:
        # OSError: not gzip, truncated; ValueError: not JSON, not UTF-8, or not the model
        raise InputError(f"{path} is damaged ({type(err).__name__}: {err}); {rebuild}") from err
    return Store(tuple(header["extractors"]), extractions, problems)


def _line(lines: Iterator[bytes]) -> str:
    raw = next(lines, None)
    if raw is None:
        raise StoreFormatError("the file ends before its last extraction (truncated?)")
    return raw.decode("utf-8", "surrogatepass")


def _header(raw: bytes, path: Path, rebuild: str) -> dict[str, Any]:
    try:
        header = json.loads(raw)
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise InputError(f"{path} is not a kg extraction store; {rebuild}")
    if header.get("version") != FORMAT_VERSION:
        raise InputError(
            f"{path} was written by another version of kg (store format "
            f"{header.get('version')!r}, this kg reads {FORMAT_VERSION}); {rebuild}"
        )
    extractors = header.get("extractors")
    counts = (header.get("documents"), header.get("problems"))
    if (
        not isinstance(extractors, list)
        or not all(isinstance(x, str) for x in extractors)
        or not all(type(n) is int and n >= 0 for n in counts)
    ):
        raise InputError(f"{path} has a damaged header; {rebuild}")
    return header
