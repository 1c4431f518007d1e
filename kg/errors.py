"""The exceptions of kg: one base class and a few kinds, each message telling what to do."""

from __future__ import annotations


class KgError(Exception):
    """Base of every error kg raises on purpose."""


class InputError(KgError):
    """An input file, line or argument that cannot be used."""


class ModelError(KgError):
    """A shipped model or data file is missing or unreadable: reinstall or retrain."""


class QueryError(KgError):
    """A SPARQL query that cannot be parsed or run."""


class OutputError(KgError):
    """An output folder or file that cannot be written (disk full, read-only, locked)."""


class NothingToBuild(InputError):
    """No input document could be read: the build stops and leaves its output untouched."""
