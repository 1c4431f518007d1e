"""Ingestion: files, folders and JSONL in; ``Document``s and ``Problem``s out, one at a time.

Reads the paths given (``.txt`` files, folders of them searched recursively in sorted order,
``.jsonl``/``.ndjson`` files of one article a line: ``{"id", "text", "url"?, "published"?,
"outlet"?, "title"?}``) and ``kg/data/furniture.json`` (through ``kg.text.furniture``).
Writes nothing: ``iter_inputs`` yields ``Document``s and ``Problem``s in input order, so the
caller can build what is good and report the rest. Nothing is dropped in silence: every input
that is not (entirely) used yields a ``Problem`` naming the file, the line (JSONL) and what to
do; ``fatal=True`` means the document was skipped, ``fatal=False`` is a warning about a
document that was still read.

Per document, in order:

1. bytes to text (``kg.text.decoding``): UTF-8, UTF-16 (with a BOM or detected), Windows-1256
   when it reads as Arabic; binary files, NUL bytes and undecodable text are Problems;
2. line breaks (CRLF, CR, U+2028/9, form feeds) made ``\\n``; invisible bidi and zero-width
   controls removed (they can hide inside names: U+202A–E, U+2066–9, U+200B–F, BOM, ...);
3. HTML, when the text has markup: ``<script>``/``<style>`` content and comments removed,
   block tags made line breaks, other tags removed, entities unescaped (after tag removal, so
   ``&lt;script&gt;`` stays text, never markup);
4. page furniture stripped (``kg.text.furniture``), which also yields the header date,
   a title and an outlet;
5. checks: empty or whitespace-only text, no Arabic (``arabic_ratio`` below 0.3, computed
   by the faster ``decoding.arabic_share``) -> Problem.

``published`` comes from the metadata (ISO ``yyyy-mm-dd``, a timestamp is cut to its date),
else from a page-header date line. ``title`` and ``outlet`` likewise. A ``.txt`` document's id
is its file stem; an id seen before (in any input of the same call) is a Problem and the first
document keeps it (an id counts as seen once a Document with it was yielded).

Size rules: one article (a ``.txt`` file, a JSONL line) may be at most ``MAX_ARTICLE_BYTES``
(16 MiB, about 8 million Arabic characters; news articles are 2–20 thousand): a larger one is
refused with a Problem naming it and saying to split it, decided from the file size before
reading (a JSONL line: skipped in 1 MiB pieces, never held in memory), since its extraction
would take hours and gigabytes. Below that, a document longer than ``max_chars`` characters
(default 1,000,000, about 2 MB of Arabic) is split at paragraph boundaries (else a line
break, else a space) into parts of at most ``max_chars``: ids ``stem``, ``stem#2``,
``stem#3`` … each a Document with the same published date, title and outlet, plus one
non-fatal Problem saying so. Files over 8 MiB are read in 1 MiB chunks with an incremental
decoder (encoding detected on the first MiB), so memory stays bounded by ``max_chars``. JSONL
is read line by line, so a JSONL file of any number of articles is streamed.

What is not a file of articles is refused before it is opened: a FIFO, a device or a socket
(opening a FIFO would wait forever for a writer). Folders are walked in sorted order; a
folder reached through a symbolic link is read once (a link back to a folder already read, a
loop, is reported and not followed again); a folder that cannot be listed is reported with
the articles in it counted as skipped. A JSONL ``url`` that is not an absolute http(s) IRI
(``kg.text.iri``) is kept, with a warning: the RDF exporter writes it as text.

Limits: an HTML page is handled by regular expressions, not a parser (enough for markup inside
article text; a whole web page keeps its menus unless furniture patterns catch them); hidden
files and folders (names starting with ".") inside a folder are not read; other file types
inside a folder are reported and ignored.
"""

from __future__ import annotations

import codecs
import html
import io
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kg.model import Document, Problem
from kg.text.dates import parse_iso_date
from kg.text.decoding import SAMPLE_BYTES, Decoded, NotText, arabic_share, bom_codec, decode_bytes
from kg.text.furniture import strip_furniture
from kg.text.iri import is_http_iri
from kg.text.normalize import INVISIBLE_RE

__all__ = [
    "DEFAULT_MAX_CHARS",
    "MAX_ARTICLE_BYTES",
    "iter_inputs",
    "prepare_text",
    "read_text_file",
    "split_parts",
    "strip_html",
]

DEFAULT_MAX_CHARS = 1_000_000
STREAM_BYTES = 8 << 20  # files above this size are streamed
CHUNK_BYTES = 1 << 20
MAX_ARTICLE_BYTES = 16 << 20  # one .txt file or one JSONL line
MIN_ARABIC_RATIO = 0.3
MAX_BAD_LINES_BEFORE_ANY_GOOD = 100
TEXT_SUFFIXES = frozenset({".txt"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})

_NEWLINES_RE = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c\x85]")
_HTML_HINT_RE = re.compile(
    r"<\s*/?\s*(?:html|head|body|p|div|span|br|hr|a|script|style|img|h[1-6]|ul|ol|li|table|"
    r"tr|td|th|tbody|thead|strong|em|b|i|u|article|section|header|footer|nav|figure|figcaption|"
    r"iframe|meta|link|blockquote|time|main|aside|form|input|button|svg|noscript|title)\b"
    r"[^<>]*>|<!--|&(?:[a-zA-Z]{2,8}|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});",
    re.IGNORECASE,
)
_BLOCK_TAG_RE = re.compile(
    r"<\s*/?\s*(?:br|p|div|li|h[1-6]|tr|blockquote|section|article|header|footer|figure|"
    r"figcaption|ul|ol|table|hr|main|aside|title)\b[^<>]*>",
    re.IGNORECASE,
)
_TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9:_-]*(?:\s[^<>]*)?/?\s*>|<![^<>]*>")
_RAW_BLOCKS = ("script", "style", "noscript", "template")
# Lone UTF-16 surrogates: JSON's "\ud800" escape gives them; no output can encode them.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class _Meta:
    """What a JSONL line (or nothing, for .txt) says about a document besides its text."""

    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    title: str | None = None


# --------------------------------------------------------------------------- text cleaning


def _drop_raw_blocks(text: str) -> str:
    """Remove <script>/<style>/... elements with their content, and comments.

    An element that is never closed loses only its opening tag: its "content" is then text of
    the article, kept (and escaped by every exporter), never executed.
    """
    lower = text.lower()
    out: list[str] = []
    pos = 0
    opener = re.compile(r"<!--|<\s*(" + "|".join(_RAW_BLOCKS) + r")\b[^<>]*>", re.IGNORECASE)
    while True:
        m = opener.search(text, pos)
        if not m:
            break
        out.append(text[pos : m.start()])
        if m.group(0) == "<!--":
            close = lower.find("-->", m.end())
            pos = close + 3 if close >= 0 else m.end()
            continue
        closer = re.compile(r"<\s*/\s*" + m.group(1).lower() + r"\s*>")
        c = closer.search(lower, m.end())
        pos = c.end() if c else m.end()
    out.append(text[pos:])
    return "".join(out)


def strip_html(text: str) -> str:
    """Remove markup from ``text`` if it has any (see the module docstring); else unchanged."""
    if not _HTML_HINT_RE.search(text):
        return text
    text = _drop_raw_blocks(text)
    text = _BLOCK_TAG_RE.sub("\n", text)
    text = _TAG_RE.sub("", text)
    text = html.unescape(text)
    return _NEWLINES_RE.sub("\n", text).replace("\u00a0", " ")


def prepare_text(text: str) -> str:
    """Line breaks to ``\\n``, invisible controls removed, HTML removed, lines right-trimmed."""
    text = _NEWLINES_RE.sub("\n", text)
    text = INVISIBLE_RE.sub("", text).replace("\x00", "")
    text = strip_html(text)
    text = INVISIBLE_RE.sub("", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _cut_point(text: str, limit: int) -> int:
    """Where to end a part of at most ``limit`` characters: a paragraph break, else a line
    break, else a space, in the second half of the window; else exactly at ``limit``."""
    floor = limit // 2
    for sep in ("\n\n", "\n", " "):
        at = text.rfind(sep, floor, limit)
        if at > 0:
            return at + len(sep)
    return limit


def split_parts(text: str, max_chars: int) -> list[str]:
    """``text`` cut into parts of at most ``max_chars`` characters (see ``_cut_point``)."""
    parts: list[str] = []
    while len(text) > max_chars:
        cut = _cut_point(text, max_chars)
        parts.append(text[:cut])
        text = text[cut:]
    parts.append(text)
    return parts


# --------------------------------------------------------------------------- documents


class _Reader:
    """State shared across the inputs of one ``iter_inputs`` call: the ids seen so far."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max(1000, max_chars)
        self.seen: dict[str, str] = {}

    # .................................................................. one document

    def _document(
        self,
        raw: str,
        doc_id: str,
        source: str,
        problem_source: str,
        line: int | None,
        meta: _Meta,
        header: bool,
        inherited: _Meta | None,
    ) -> tuple[Document | Problem, _Meta | None]:
        """One Document (or the Problem why not) from one text; returns what later parts of
        the same article inherit (published, title, outlet)."""
        text = prepare_text(raw)
        if not text.strip():
            return self._problem(
                problem_source, line, doc_id, "empty or whitespace-only text; nothing to read"
            ), inherited
        if arabic_share(text) < MIN_ARABIC_RATIO:
            return self._no_arabic(problem_source, line, doc_id, text), inherited
        stripped = strip_furniture(text, header=header)
        if inherited is None:
            inherited = _Meta(
                url=meta.url,
                published=meta.published or stripped.header_date,
                outlet=meta.outlet or stripped.outlet,
                title=meta.title or stripped.title,
            )
        body = stripped.text
        if not body.strip():
            return self._problem(
                problem_source,
                line,
                doc_id,
                "only page furniture (menus, share buttons, ...) and no article text",
            ), inherited
        if arabic_share(body) < MIN_ARABIC_RATIO:
            return self._no_arabic(problem_source, line, doc_id, body), inherited
        if doc_id in self.seen:
            return self._duplicate(problem_source, line, doc_id), inherited
        self.seen[doc_id] = source
        doc = Document(
            id=doc_id,
            text=body,
            source=source,
            url=inherited.url,
            published=inherited.published,
            outlet=inherited.outlet,
            title=inherited.title,
        )
        return doc, inherited

    def _no_arabic(self, source: str, line: int | None, doc_id: str, text: str) -> Problem:
        return self._problem(
            source,
            line,
            doc_id,
            f"no Arabic text ({arabic_share(text):.0%} of letters are Arabic): kg reads Arabic "
            "news; check that this is the right file and its encoding",
        )

    @staticmethod
    def _problem(
        source: str, line: int | None, doc_id: str | None, reason: str, fatal: bool = True
    ) -> Problem:
        return Problem(source=source, line=line, reason=reason, doc_id=doc_id, fatal=fatal)

    def _duplicate(self, source: str, line: int | None, doc_id: str) -> Problem:
        return self._problem(
            source,
            line,
            doc_id,
            f"duplicate id {doc_id!r} (already read from {self.seen[doc_id]}); the first one "
            'was kept: give this document another id (file name or JSONL "id")',
        )

    def _parts(
        self,
        parts: Iterator[str],
        doc_id: str,
        source: str,
        problem_source: str,
        line: int | None,
        meta: _Meta,
        total_chars: list[int],
    ) -> Iterator[Document | Problem]:
        """Documents from the parts of one article (one part for all but huge ones)."""
        inherited: _Meta | None = None
        count = 0
        for count, part in enumerate(parts, start=1):
            part_id = doc_id if count == 1 else f"{doc_id}#{count}"
            part_source = source if count == 1 else f"{source}#{count}"
            item, inherited = self._document(
                part, part_id, part_source, problem_source, line, meta, count == 1, inherited
            )
            yield item
        if count > 1:
            yield self._problem(
                problem_source,
                line,
                doc_id,
                f"{total_chars[0]:,} characters, more than the limit of {self.max_chars:,} per "
                f"document: split at paragraph boundaries into {count} documents "
                f"({doc_id}, {doc_id}#2 … {doc_id}#{count}); nothing was dropped",
                fatal=False,
            )

    # .................................................................. .txt files

    def read_txt(self, path: Path) -> Iterator[Document | Problem]:
        src = str(path)
        doc_id = path.stem
        if doc_id in self.seen:
            yield self._duplicate(src, None, doc_id)
            return
        try:
            info = path.stat()
            size = info.st_size
            if not stat.S_ISREG(info.st_mode):
                yield self._problem(src, None, doc_id, _not_regular(info.st_mode))
                return
            if size == 0:
                yield self._problem(src, None, doc_id, "empty file; nothing to read")
                return
            if size > MAX_ARTICLE_BYTES:
                yield self._problem(
                    src,
                    None,
                    doc_id,
                    f"{_mib(size)} is more than the limit of {_mib(MAX_ARTICLE_BYTES)} for one "
                    "article: a .txt file is one article; split it into one .txt file per "
                    "article (or a .jsonl file of one article a line)",
                )
                return
            if size > STREAM_BYTES:
                yield from self._read_txt_stream(path, doc_id)
                return
            data = path.read_bytes()
        except OSError as err:
            yield self._problem(
                src,
                None,
                doc_id,
                f"cannot read the file ({err.strerror or err}); "
                "check that it exists and is readable",
            )
            return
        decoded = decode_bytes(data)
        if isinstance(decoded, NotText):
            yield self._problem(src, None, doc_id, decoded.reason)
            return
        for warning in decoded.warnings:
            yield self._problem(src, None, doc_id, warning, fatal=False)
        text = decoded.text
        total = [len(text)]
        yield from self._parts(
            iter(split_parts(text, self.max_chars)), doc_id, src, src, None, _Meta(), total
        )

    def _read_txt_stream(self, path: Path, doc_id: str) -> Iterator[Document | Problem]:
        """A large file, in chunks: memory bounded by ``max_chars`` plus one chunk."""
        src = str(path)
        with path.open("rb") as fh:
            sample = fh.read(SAMPLE_BYTES)
            decoded = decode_bytes(sample, final=False)
            if isinstance(decoded, NotText):
                yield self._problem(src, None, doc_id, decoded.reason)
                return
            for warning in decoded.warnings:
                if "U+FFFD" not in warning:
                    yield self._problem(src, None, doc_id, warning, fatal=False)
            total = [0]
            replaced = [0]
            parts = self._stream_parts(fh, decoded, total, replaced)
            yield from self._parts(parts, doc_id, src, src, None, _Meta(), total)
            if replaced[0]:
                yield self._problem(
                    src,
                    None,
                    doc_id,
                    f"{replaced[0]:,} undecodable byte sequence(s) replaced by U+FFFD",
                    fatal=False,
                )

    def _stream_parts(
        self, fh: BinaryIO, decoded: Decoded, total: list[int], replaced: list[int]
    ) -> Iterator[str]:
        fh.seek(decoded.bom)
        decoder = codecs.getincrementaldecoder(decoded.codec)("replace")
        buffer = ""
        while True:
            chunk = fh.read(CHUNK_BYTES)
            piece = decoder.decode(chunk, final=not chunk)
            total[0] += len(piece)
            replaced[0] += piece.count("\ufffd")
            buffer += piece
            while len(buffer) > self.max_chars:
                cut = _cut_point(buffer, self.max_chars)
                yield buffer[:cut]
                buffer = buffer[cut:]
            if not chunk:
                break
        if buffer.strip() or total[0] == 0:
            yield buffer

    # .................................................................. JSONL files

    def read_jsonl(self, path: Path) -> Iterator[Document | Problem]:
        src = str(path)
        try:
            mode = path.stat().st_mode
            if not stat.S_ISREG(mode):
                yield self._problem(src, None, None, _not_regular(mode))
                return
            fh = path.open("rb")
        except OSError as err:
            yield self._problem(
                src,
                None,
                None,
                f"cannot read the file ({err.strerror or err}); "
                "check that it exists and is readable",
            )
            return
        with fh:
            head = fh.read(4096)
            if not head.strip():
                yield self._problem(src, None, None, "empty file; nothing to read")
                return
            fh.seek(0)
            found = bom_codec(head)
            if found and found[0] != "utf-8":
                fh.seek(found[1])
                lines = self._text_lines(fh, found[0])
            else:
                # binary when NULs are common; a stray one is a bad line, reported as such
                if head.count(b"\x00") > len(head) // 20:
                    yield self._problem(
                        src,
                        None,
                        None,
                        "binary file (contains NUL bytes): not a JSONL file of articles",
                    )
                    return
                if found:
                    fh.seek(found[1])
                lines = self._byte_lines(fh)
            good = bad = 0
            for number, line in lines:
                items: Iterable[Document | Problem] = (
                    (Problem(src, number, line.reason, None, True),)
                    if isinstance(line, Problem)
                    else self._jsonl_line(path, number, line)
                )
                for out in items:
                    if isinstance(out, Document):
                        good += 1
                    elif out.fatal and out.doc_id is None:
                        bad += 1
                    yield out
                if not good and bad >= MAX_BAD_LINES_BEFORE_ANY_GOOD:
                    yield self._problem(
                        src,
                        number,
                        None,
                        f"the first {bad} lines are all unreadable: is this a JSONL file (one "
                        "JSON object a line)? The rest of the file was not read",
                    )
                    return

    @staticmethod
    def _byte_lines(fh: BinaryIO) -> Iterator[tuple[int, str | Problem]]:
        number = 0
        while True:
            raw = fh.readline(MAX_ARTICLE_BYTES + 1)
            if not raw:
                return
            number += 1
            if len(raw) > MAX_ARTICLE_BYTES and not raw.endswith(b"\n"):
                size = len(raw)
                while raw and not raw.endswith(b"\n"):
                    raw = fh.readline(CHUNK_BYTES)
                    size += len(raw)
                yield (
                    number,
                    Problem(
                        "",
                        number,
                        f"line {number} is {_mib(size)}, more than the limit of "
                        f"{_mib(MAX_ARTICLE_BYTES)} for one article; skipped: split the "
                        "article into several lines (one article a line)",
                    ),
                )
                continue
            try:
                yield number, raw.decode("utf-8")
            except UnicodeDecodeError as err:
                yield (
                    number,
                    Problem(
                        "",
                        number,
                        f"line {number} is not valid UTF-8 (byte "
                        f"{err.start}); re-save the file as UTF-8",
                    ),
                )

    @staticmethod
    def _text_lines(fh: BinaryIO, codec: str) -> Iterator[tuple[int, str | Problem]]:
        stream = io.TextIOWrapper(fh, encoding=codec, errors="replace", newline="")
        yield from enumerate(stream, start=1)

    def _jsonl_line(self, path: Path, number: int, line: str) -> Iterator[Document | Problem]:
        """The documents (and warnings) of one JSONL line, or the problem that skips it."""
        src = str(path)
        if not line.strip():
            return
        read = self._jsonl_article(src, number, line)
        if isinstance(read, Problem):
            yield read
            return
        doc_id, text, obj = read
        if doc_id in self.seen:
            yield self._duplicate(src, number, doc_id)
            return
        meta, warnings = self._jsonl_meta(src, number, doc_id, obj)
        yield from warnings
        parts = iter(split_parts(text, self.max_chars))
        yield from self._parts(parts, doc_id, f"{src}:{number}", src, number, meta, [len(text)])

    def _jsonl_article(
        self, src: str, number: int, line: str
    ) -> tuple[str, str, dict[str, object]] | Problem:
        """``(id, text, object)`` of a JSONL line, or the problem that makes it unusable."""
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            return self._problem(
                src,
                number,
                None,
                f"line {number} is not valid JSON "
                f"({err.msg} at column {err.colno}); fix or remove the line",
            )
        except (RecursionError, ValueError) as err:
            return self._problem(
                src,
                number,
                None,
                f"line {number} cannot be read as JSON "
                f"({type(err).__name__}); fix or remove the line",
            )
        if not isinstance(obj, dict):
            return self._problem(
                src,
                number,
                None,
                f"line {number} is a JSON "
                f"{type(obj).__name__}, not an object like "
                '{"id": ..., "text": ...}',
            )
        obj = {k: _SURROGATE_RE.sub("\ufffd", v) if isinstance(v, str) else v
               for k, v in obj.items()}
        raw_id = obj.get("id")
        if raw_id is None or isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
            what = 'has no "id"' if raw_id is None else 'has an "id" that is not a string'
            return self._problem(
                src, number, None, f"line {number} {what}; give every article a unique string id"
            )
        doc_id = str(raw_id).strip()
        if not doc_id:
            return self._problem(
                src,
                number,
                None,
                f'line {number} has an empty "id"; give every article a unique string id',
            )
        text = obj.get("text")
        if not isinstance(text, str):
            what = 'has no "text"' if text is None else 'has a "text" that is not a string'
            return self._problem(
                src, number, doc_id, f"line {number} {what}; add the article's text"
            )
        return doc_id, text, obj

    def _jsonl_meta(
        self, src: str, number: int, doc_id: str, obj: dict[str, object]
    ) -> tuple[_Meta, list[Problem]]:
        """The article's metadata from its JSONL fields, and a warning for each one ignored."""
        warnings: list[Problem] = []
        fields: dict[str, str | None] = {}
        for key in ("url", "published", "outlet", "title"):
            value = obj.get(key)
            if value is not None and not isinstance(value, str):
                warnings.append(
                    self._problem(
                        src,
                        number,
                        doc_id,
                        f'line {number}: "{key}" is not a string; ignored',
                        fatal=False,
                    )
                )
                value = None
            if isinstance(value, str) and key in ("title", "outlet"):  # shown as text
                value = INVISIBLE_RE.sub("", value)
            fields[key] = value.strip() or None if isinstance(value, str) else None
        if fields["url"] is not None and not is_http_iri(fields["url"]):
            warnings.append(
                self._problem(
                    src,
                    number,
                    doc_id,
                    f'line {number}: "url" {fields["url"]!r:.200} is not a valid http(s) '
                    "address; kept as text (dcterms:source literal, not an IRI): fix it if it "
                    "should link to the article",
                    fatal=False,
                )
            )
        published = fields["published"]
        if published is not None:
            day = parse_iso_date(published)
            if day is None:
                warnings.append(
                    self._problem(
                        src,
                        number,
                        doc_id,
                        f'line {number}: "published" {published!r} is not an ISO date '
                        "(yyyy-mm-dd); ignored, the page header is used if it has a date",
                        fatal=False,
                    )
                )
            published = day.isoformat() if day else None
        meta = _Meta(fields["url"], published, fields["outlet"], fields["title"])
        return meta, warnings

    # .................................................................. paths

    def read_path(self, raw: str | Path) -> Iterator[Document | Problem]:
        path = Path(raw)
        if not path.exists():
            yield self._problem(
                str(path), None, None, f"no such file or folder: {path}; check the path"
            )
            return
        try:
            mode = path.stat().st_mode
        except OSError as err:
            yield self._problem(
                str(path), None, None, f"cannot read {path} ({err.strerror or err}); check it"
            )
            return
        if stat.S_ISDIR(mode):
            yield from self._read_folder(path)
            return
        if not stat.S_ISREG(mode):
            yield self._problem(str(path), None, None, _not_regular(mode))
            return
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from self.read_jsonl(path)
        else:
            yield from self.read_txt(path)

    def _read_folder(self, folder: Path) -> Iterator[Document | Problem]:
        for path in _walk(folder):
            if isinstance(path, Problem):
                yield path
                continue
            suffix = path.suffix.lower()
            if suffix in TEXT_SUFFIXES:
                yield from self.read_txt(path)
            elif suffix in JSONL_SUFFIXES:
                yield from self.read_jsonl(path)
            else:
                yield self._problem(
                    str(path),
                    None,
                    None,
                    "not a .txt or .jsonl file; ignored (rename it to .txt if it is an article)",
                    fatal=False,
                )


def _mib(size: int) -> str:
    return f"{size / (1 << 20):,.1f} MiB"


def _not_regular(mode: int) -> str:
    """Why a path that is neither a file nor a folder is refused (before opening it)."""
    kind = (
        "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
        else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket" if stat.S_ISSOCK(mode)
        else "not a regular file"
    )  # fmt: skip
    return (
        f"{kind}, not a file of articles; not read: give .txt or .jsonl files "
        "(copy the data into a file first)"
    )


def _walk(folder: Path) -> Iterator[Path | Problem]:
    """Files under ``folder``, recursively, in sorted order (a folder's files, then its
    sub-folders); hidden entries skipped. Folders reached through symbolic links are
    followed, each real folder once (a loop, or a second link to a folder already read, is
    a warning); a folder that cannot be listed is a Problem, never skipped in silence."""
    seen: set[tuple[int, int]] = set()
    stack: list[Iterator[Path]] = [iter([folder])]
    while stack:
        current = next(stack[-1], None)
        if current is None:
            stack.pop()
            continue
        try:
            info = current.stat()
            key = (info.st_dev, info.st_ino)
            if key in seen:
                yield Problem(
                    str(current), None, f"folder {current} was already read (a symbolic link "
                    "leads back to it); not read again", None, fatal=False,
                )
                continue
            seen.add(key)
            with os.scandir(current) as it:
                entries = sorted((e for e in it if not e.name.startswith(".")),
                                 key=lambda e: e.name)
        except OSError as err:
            yield Problem(
                str(current), None, f"cannot read the folder ({err.strerror or err}): the "
                "articles in it were not read; check its permissions", None,
            )
            continue
        dirs = []
        for entry in entries:
            if _is_dir(entry):
                dirs.append(Path(entry.path))
            else:
                yield Path(entry.path)
        stack.append(iter(dirs))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows a symbolic link
    except OSError:  # a broken link: read as a file, which reports it
        return False


def iter_inputs(
    paths: Sequence[str | Path],
    max_chars: int = DEFAULT_MAX_CHARS,
    known_ids: Mapping[str, str] | None = None,
) -> Iterator[Document | Problem]:
    """Every Document of ``paths`` (files, folders, JSONL), and a Problem for every input that
    could not be used, in input order. Lazy: one document in memory at a time.

    ``known_ids`` (id -> where it was read) are ids taken before this call, e.g. by the build
    that ``kg build --update`` extends: a document with one of them is a duplicate Problem."""
    reader = _Reader(max_chars)
    reader.seen.update(known_ids or {})
    for raw in paths:
        yield from reader.read_path(raw)


def read_text_file(path: str | Path) -> list[Document | Problem]:
    """All items of one ``.txt`` file (convenience for tests and notebooks)."""
    return list(iter_inputs([path]))
