"""Which URLs may be written as IRIs: the absolute ``http``/``https`` IRIs of RFC 3987.

Reads a string, answers yes or no; no I/O. Why: a JSONL ``url`` such as
``http://example.com:abc/``, ``http://[::1`` or ``http://%zz/`` is accepted by rdflib but
refused by Oxigraph (``kg load``, ``kg serve``, ``kg query --store oxigraph``), which then
refuses the whole graph. Ingestion warns about such a URL and the RDF exporter writes it as a
plain literal instead of an IRI, so one bad URL never disables a graph.

The check is the RFC 3987 grammar (``IRI`` with scheme ``http`` or ``https`` and an
authority), as Oxigraph applies it: a port of digits only, ``%`` always followed by two hex
digits, an IP literal in brackets that is a real IPv6 address (no zone) or an IPvFuture, no
space, control, ``<>"{}|\\^``\\` `` character, private-use characters only in the query.

Limits: the test is strict-syntax only; it does not check that the host exists, and it
accepts some IRIs that are valid but odd (an empty host, ``http:///x``, where Oxigraph does).
"""

from __future__ import annotations

import ipaddress
import re

__all__ = ["is_http_iri"]

_UCS = (
    "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
    "\U00010000-\U0001fffd\U00020000-\U0002fffd\U00030000-\U0003fffd"
    "\U00040000-\U0004fffd\U00050000-\U0005fffd\U00060000-\U0006fffd"
    "\U00070000-\U0007fffd\U00080000-\U0008fffd\U00090000-\U0009fffd"
    "\U000a0000-\U000afffd\U000b0000-\U000bfffd\U000c0000-\U000cfffd"
    "\U000d0000-\U000dfffd\U000e1000-\U000efffd"
)
_PRIVATE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
_UNRESERVED = rf"A-Za-z0-9\-._~{_UCS}"
_SUB_DELIMS = r"!$&'()*+,;="
_PCT = r"%[0-9A-Fa-f]{2}"
_IPCHAR = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PCT})"

_IRI_RE = re.compile(
    r"(?P<scheme>[hH][tT][tT][pP][sS]?)://"
    rf"(?:(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PCT})*@)?"  # userinfo
    rf"(?:\[(?P<literal>[^\[\]/?#@]*)\]|(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_PCT})*)"  # host
    r"(?::[0-9]*)?"  # port
    rf"(?:/{_IPCHAR}*)*"  # path
    rf"(?:\?(?:{_IPCHAR}|[{_PRIVATE}/?])*)?"  # query
    rf"(?:#(?:{_IPCHAR}|[/?])*)?"  # fragment
)
_IPV_FUTURE_RE = re.compile(rf"[vV][0-9A-Fa-f]+\.[A-Za-z0-9\-._~{_SUB_DELIMS}:]+")


def is_http_iri(text: str) -> bool:
    """True when ``text`` is an absolute http(s) IRI every RDF tool of kg accepts."""
    m = _IRI_RE.fullmatch(text)
    if m is None:
        return False
    literal = m.group("literal")
    if literal is None:
        return True
    if _IPV_FUTURE_RE.fullmatch(literal):
        return True
    if "%" in literal:  # a zone id (fe80::1%eth0) is not allowed in a URI
        return False
    try:
        ipaddress.IPv6Address(literal)
    except ValueError:
        return False
    return True
