"""Fuzz ingestion through real files: random bytes and text as .txt, truncated seed articles in
UTF-8, UTF-16 and Windows-1256, random JSONL lines, giant tokens.

``iter_inputs`` must never raise, must account for every input (a .txt file always gives a
Document or a Problem; every non-blank JSONL line gives a Document or a Problem naming its
line), and every Document it yields must be clean text (no CR, NUL, bidi or zero-width
control).
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from fuzz_support import INVISIBLE, any_text, fuzz, newsy, random_unicode, seed_bytes
from hypothesis import given
from hypothesis import strategies as st

from kg.model import Document, Problem
from kg.text.ingest import iter_inputs

SURROGATE = re.compile("[\ud800-\udfff]")


def read(files: dict[str, bytes]) -> list[Document | Problem]:
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files.items():
            (Path(folder) / name).write_bytes(data)
        return list(iter_inputs([folder]))


def check_documents(items: list[Document | Problem]) -> None:
    ids = []
    for item in items:
        if isinstance(item, Document):
            assert item.text.strip()
            assert "\r" not in item.text and "\x00" not in item.text
            assert not any(c in INVISIBLE for c in item.text), "an invisible control survived"
            fields = (item.id, item.text, item.url, item.outlet, item.title, item.published)
            assert not any(SURROGATE.search(f) for f in fields if f), "a lone surrogate"
            ids.append(item.id)
        else:
            assert isinstance(item, Problem) and item.reason and item.source
    assert len(ids) == len(set(ids)), "two documents with one id"


def encodings(text: str) -> st.SearchStrategy[bytes]:
    return st.sampled_from(
        [
            text.encode("utf-8", "surrogatepass"),
            text.encode("utf-16", "surrogatepass"),
            text.encode("utf-16-be", "surrogatepass"),
            text.encode("cp1256", "replace"),
            b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass"),
        ]
    )


@fuzz(700)
@given(st.one_of(st.binary(max_size=500), any_text(400).flatmap(encodings)))
def test_any_txt_file_is_read_or_reported(data: bytes) -> None:
    items = read({"a.txt": data})
    check_documents(items)
    assert items, "a .txt file always gives a Document or a Problem"
    assert all(i.source.endswith("a.txt") or "a.txt" in i.source for i in items)


@fuzz(500)
@given(st.sampled_from(seed_bytes()), st.floats(0.0, 1.0))
def test_truncated_seed_files(seed: tuple[str, bytes], share: float) -> None:
    name, data = seed
    cut = data[: int(len(data) * share)]
    items = read({f"{name}.txt": cut})
    check_documents(items)
    assert items


def jsonl_line() -> st.SearchStrategy[str]:
    value = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), any_text(60),
                      st.lists(st.integers(), max_size=3))
    article = st.fixed_dictionaries(
        {},
        optional={
            "id": st.one_of(st.sampled_from(["a", "b", "", " ", "x\u202e"]), value),
            "text": st.one_of(newsy(), any_text(200), value),
            "url": value,
            "published": st.one_of(st.sampled_from(["2024-01-02", "2024-13-40", ""]), value),
            "outlet": value,
            "title": value,
        },
    )
    return st.one_of(
        article.map(lambda d: json.dumps(d, ensure_ascii=False)),
        article.map(json.dumps),
        random_unicode(80),
        st.sampled_from(["{", "[]", "null", "1e999", '{"id": "a", "text": "\\ud800"}', "[" * 5000,
                         '{"id":"a","id":"b","text":"غارة في إدلب"}', "\x00", "\ufeff{}"]),
        st.builds(lambda d: json.dumps(d)[:-1], article),  # cut short
    )


@fuzz(400)
@given(st.lists(jsonl_line(), max_size=12), st.sampled_from(["\n", "\r\n", "\r"]),
       st.sampled_from(["utf-8", "utf-16"]))
def test_random_jsonl_lines(lines: list[str], newline: str, codec: str) -> None:
    data = newline.join(lines).encode(codec, "surrogatepass")
    items = read({"a.jsonl": data})
    check_documents(items)
    if codec == "utf-8" and newline == "\n":
        whole_file = [i for i in items if isinstance(i, Problem) and i.line is None and i.fatal]
        if not whole_file:  # no "binary file"/"empty file": each line is accounted for
            physical = data.split(b"\n")
            expected = {
                n for n, raw in enumerate(physical, 1) if raw.decode("utf-8", "replace").strip()
            }
            assert expected <= {line_of(i) for i in items}, "a line was dropped in silence"


def line_of(item: Document | Problem) -> int | None:
    if isinstance(item, Problem):
        return item.line
    return int(item.source.rsplit(":", 1)[1].split("#")[0])


@pytest.mark.parametrize(
    "token",
    ["ب", "أبو", "ـ", "بَ", ".", "<", "&amp;", '"', "2019", "\u202e", "غارة في إدلب "],
)
def test_giant_tokens(token: str) -> None:
    """A 300,000-character run of one token (no sentence end, no space) in a .txt file and in
    a JSONL line: read, not lost, in bounded time (the build test below extracts from them)."""
    text = "مقتل " + token * (300_000 // len(token))
    line = json.dumps({"id": "g", "text": text}, ensure_ascii=False).encode("utf-8")
    items = read({"g.txt": text.encode("utf-8"), "h.jsonl": line})
    check_documents(items)
    assert {i.source.split("/")[-1].split(":")[0] for i in items} >= {"g.txt", "h.jsonl"}


def test_jsonl_escaped_surrogates_do_not_reach_a_document() -> None:
    """JSON's "\\ud800" escape gives a lone surrogate, which no output can encode (the
    Turtle writer failed on it): ingestion replaces it by U+FFFD in every field."""
    line = '{"id": "a\\ud800", "text": "مقتل أبو بكر البغدادي \\udfff في إدلب", ' \
        '"title": "\\ud83d", "outlet": "x\\ud800"}'
    (doc,) = read({"a.jsonl": line.encode("utf-8")})
    assert isinstance(doc, Document)
    assert doc.id == "a\ufffd" and "\ufffd" in doc.text
    check_documents([doc])
