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
