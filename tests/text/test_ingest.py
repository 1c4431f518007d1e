"""Ingestion: .txt, folders and JSONL; every bad input gets a Problem and the rest goes on."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.model import Document, Problem
from kg.text import ingest
from kg.text.foldview import fold_text
from kg.text.ingest import iter_inputs, prepare_text, split_parts, strip_html

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
MIXED = ROOT / "tests" / "fixtures" / "input" / "mixed"

ARTICLE = (
    "قالت القيادة المركزية الأميركية إن قواتها نفذت غارة جوية في ريف إدلب أسفرت عن مقتل "
    "قيادي في تنظيم داعش.\nوأضاف البيان أن الغارة جرت فجر السبت، وأنه لم يصب أي مدني.\n"
)


def run(*paths: str | Path, **kwargs: int) -> tuple[list[Document], list[Problem]]:
    items = list(iter_inputs(list(paths), **kwargs))
    docs = [i for i in items if isinstance(i, Document)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert len(docs) + len(problems) == len(items)
    return docs, problems


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def only_problem(tmp_path: Path, name: str, data: bytes | str) -> Problem:
    docs, problems = run(write(tmp_path, name, data))
    assert docs == []
    (problem,) = problems
    assert problem.fatal
    assert name.split(".")[0] in problem.source
    return problem


# -- the seeds --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds() -> dict[str, Document]:
    docs, problems = run(SEEDS)
    assert problems == []
    return {d.id[:3]: d for d in docs}


def test_seed_ids_sources_and_order(seeds: dict[str, Document]) -> None:
    assert sorted(seeds) == ["000", "001", "002", "003", "004"]
    assert seeds["000"].id == "000_6885625b2571f587"
    assert seeds["000"].source.endswith("seeds/000_6885625b2571f587.txt")


def test_seed_publication_dates_from_page_headers(seeds: dict[str, Document]) -> None:
    assert {k: d.published for k, d in seeds.items()} == {
        "000": None,
        "001": None,
        "002": "2024-11-22",
        "003": None,
        "004": "2025-12-05",
    }


def test_seed_titles_and_outlet(seeds: dict[str, Document]) -> None:
    assert (
        seeds["000"].title == "غارة أميركية تقتل مسؤولا كبيرا في داعش قرب الحدود السورية مع تركيا"
    )
    assert seeds["001"].title is None  # the first line is a sentence, not a headline
    assert (
        seeds["002"].title
        == "بغارة في شرق سوريا.. القوات الأميركية تعلن مقتل قيادي في تنظيم الدولة"
    )
    assert seeds["003"].title is not None and seeds["003"].title.startswith("تقرير:")
    assert seeds["004"].title is not None and seeds["004"].title.startswith("صمت رسمي بعد غارة")
    assert seeds["004"].outlet == "روسيا اليوم"


@pytest.mark.parametrize(
    "furniture",
    [
        "شارك القصة",
        "تابع القراءة",
        "المصادر",
        "Close",
        "00963 939 114 037",
        "°C",
        "إشترك بقناتنا",
        "WhatsApp",
        "تابع كل الأخبار",
        "على مدار الساعة",
        "arrow",
        "الأكثر قراءة",
        "اقليمي ودولي",
        "(الصورة:",
        "November 2024",
        "19:29",
        "ترجمة:",
    ],
)
def test_seed_furniture_is_gone(seeds: dict[str, Document], furniture: str) -> None:
    for doc in seeds.values():
        assert fold_text(furniture) not in fold_text(doc.text), doc.id


def test_seed_titles_are_not_duplicated_and_text_is_kept(seeds: dict[str, Document]) -> None:
    text = seeds["002"].text
    assert text.count("بغارة في شرق سوريا") == 1
    assert "روسيا اليوم" not in seeds["004"].text
    assert seeds["004"].text.count("صمت رسمي بعد غارة") == 1
    # the article's own words are untouched (diacritics and all)
    assert "وفي الـ 16 من الشهر الجاري" in seeds["001"].text
    assert "إم. كيو-9" in text
    original = (SEEDS / "003_45f60665583b1f03.txt").read_text(encoding="utf-8")
    for line in original.split("\n")[4:-4]:
        assert line.strip() in seeds["003"].text


def test_build_is_deterministic() -> None:
    assert list(iter_inputs([SEEDS])) == list(iter_inputs([SEEDS]))


# -- the mixed fixture folder: every bad kind next to good articles ---------------------------


def test_mixed_folder() -> None:
    docs, problems = run(MIXED)
    assert [d.id for d in docs] == [
        "j1",
        "j3",
        "cp1256",
        "good_article",
        "html_crlf",
        "utf16_bom",
        "nested_article",
    ]
    fatal = {(Path(p.source).name, p.line) for p in problems if p.fatal}
    assert fatal == {
        ("articles.jsonl", 2),  # not JSON
        ("articles.jsonl", 3),  # not an object
        ("articles.jsonl", 4),  # no text
        ("articles.jsonl", 5),  # no id
        ("articles.jsonl", 6),  # repeated id
        ("articles.jsonl", 9),  # no Arabic
        ("binary.txt", None),
        ("empty.txt", None),
        ("english.txt", None),
        ("latin1.txt", None),
        ("nul_bytes.txt", None),
        ("whitespace.txt", None),
    }
    warnings = {(Path(p.source).name, p.line) for p in problems if not p.fatal}
    assert warnings == {("articles.jsonl", 8), ("cp1256.txt", None), ("notes.md", None)}
    good = {d.id: d for d in docs}
    assert good["good_article"].published == "2024-05-12"
    assert good["good_article"].title == "مقتل قيادي في تنظيم داعش بغارة جوية في ريف إدلب"
    assert "شارك" not in good["good_article"].text
    assert "00963" not in good["good_article"].text
    assert good["j1"].published == "2024-03-01" and good["j1"].outlet == "وكالة"
    assert good["j3"].url == "https://x.example/3" and good["j3"].published is None
    assert "alert" not in good["html_crlf"].text and "\r" not in good["html_crlf"].text


def test_every_problem_tells_what_to_do() -> None:
    _, problems = run(MIXED, "no/such/path.txt")
    for p in problems:
        assert len(p.reason) > 20
    assert problems[-1].reason.startswith("no such file or folder")


# -- bad inputs, one by one -------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    docs, problems = run(tmp_path / "nope.txt", SEEDS / "001_4ed2c6725b801691.txt")
    assert [d.id for d in docs] == ["001_4ed2c6725b801691"]
    assert problems[0].fatal and "no such file" in problems[0].reason


def test_empty_file(tmp_path: Path) -> None:
    assert "empty" in only_problem(tmp_path, "e.txt", b"").reason


def test_whitespace_only_file(tmp_path: Path) -> None:
    assert "whitespace" in only_problem(tmp_path, "w.txt", " \n\t\r\n\u00a0\n").reason


def test_binary_file_with_nul_bytes(tmp_path: Path) -> None:
    assert "binary" in only_problem(tmp_path, "b.txt", bytes(range(256)) * 4).reason


def test_binary_signature_is_named(tmp_path: Path) -> None:
    assert "PDF" in only_problem(tmp_path, "doc.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n").reason


def test_mostly_control_characters(tmp_path: Path) -> None:
    assert "binary" in only_problem(tmp_path, "c.txt", b"\x01\x02\x03\x04abc" * 50).reason


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
def test_unicode_encodings(tmp_path: Path, codec: str) -> None:
    docs, problems = run(write(tmp_path, "u.txt", ARTICLE.encode(codec)))
    assert [d.text for d in docs] == [ARTICLE.strip()]
    assert all(not p.fatal for p in problems)


def test_windows_1256(tmp_path: Path) -> None:
    docs, problems = run(write(tmp_path, "w.txt", ARTICLE.encode("cp1256")))
    assert [d.text for d in docs] == [ARTICLE.strip()]
    (warning,) = problems
    assert not warning.fatal and "Windows-1256" in warning.reason


def test_undecodable_text(tmp_path: Path) -> None:
    reason = only_problem(tmp_path, "l.txt", "Déjà vu, voilà. ".encode("latin-1") * 20).reason
    assert "UTF-8" in reason


def test_truncated_utf8(tmp_path: Path) -> None:
    text = ARTICLE.strip() + " مدني"
    data = text.encode("utf-8")[:-1]  # cut inside the last Arabic letter
    docs, problems = run(write(tmp_path, "t.txt", data))
    assert len(docs) == 1 and docs[0].text == text[:-1]
    assert [p.fatal for p in problems] == [False]


def test_no_arabic(tmp_path: Path) -> None:
    reason = only_problem(tmp_path, "en.txt", "An English article about raids.\n" * 3).reason
    assert "no Arabic" in reason


def test_mixed_line_endings(tmp_path: Path) -> None:
    text = "السطر الأول.\r\nالسطر الثاني.\rالسطر الثالث.\nالسطر الرابع.\u2028الخامس."
    (doc,), _ = run(write(tmp_path, "m.txt", text))
    assert "\r" not in doc.text and "\u2028" not in doc.text
    assert doc.text.split("\n") == [
        "السطر الأول.",
        "السطر الثاني.",
        "السطر الثالث.",
        "السطر الرابع.",
        "الخامس.",
    ]


def test_html_markup_and_entities(tmp_path: Path) -> None:
    text = (
        "<html><head><style>p {color: red}</style><title>x</title></head><body>"
        "<p>قتل القيادي &quot;أبو عمر&quot; في غارة &amp; اشتباك.</p>"
        "<script type='text/javascript'>alert('قتل')</script>"
        "<div>وأعلن <b>الجيش</b> ذلك&nbsp;أمس. &lt;script&gt;لا ينفذ&lt;/script&gt;</div>"
        "<!-- تعليق مخفي --></body></html>"
    )
    (doc,), _ = run(write(tmp_path, "h.txt", text))
    assert 'قتل القيادي "أبو عمر" في غارة & اشتباك.' in doc.text
    assert "وأعلن الجيش ذلك أمس." in doc.text
    assert "alert" not in doc.text and "color" not in doc.text and "تعليق" not in doc.text
    # escaped markup is the article's text, unescaped once, never parsed as markup
    assert "<script>لا ينفذ</script>" in doc.text


def test_unclosed_script_loses_only_its_tag() -> None:
    assert strip_html("<p>نص</p><script>باقي النص") == "\nنص\nباقي النص"


def test_plain_text_with_angle_brackets_is_not_html() -> None:
    text = "العدد < 5 و > 2"
    assert strip_html(text) == text


def test_bidi_and_zero_width_controls_are_removed(tmp_path: Path) -> None:
    text = "قتل أبو\u200b بكر\u202e البغدادي\u2066 في غارة.\n" + ARTICLE
    (doc,), _ = run(write(tmp_path, "bidi.txt", text))
    assert "قتل أبو بكر البغدادي في غارة." in doc.text
    assert prepare_text("أ\u200fب\u2069ت") == "أبت"


def test_duplicate_ids_across_txt_files(tmp_path: Path) -> None:
    write(tmp_path, "a/x.txt", ARTICLE)
    write(tmp_path, "b/x.txt", ARTICLE)
    docs, problems = run(tmp_path)
    assert [d.source for d in docs] == [str(tmp_path / "a" / "x.txt")]
    (problem,) = problems
    assert problem.fatal and "duplicate id 'x'" in problem.reason
    assert problem.source == str(tmp_path / "b" / "x.txt")


def test_folder_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for name in ["b.txt", "a.txt", "z/c.txt", "y/d.txt", ".hidden/e.txt", ".f.txt"]:
        write(tmp_path, name, ARTICLE)
    docs, problems = run(tmp_path)
    assert [d.id for d in docs] == ["a", "b", "d", "c"]
    assert problems == []


def test_explicit_file_with_other_suffix_is_read_as_text(tmp_path: Path) -> None:
    docs, _ = run(write(tmp_path, "article.md", ARTICLE))
    assert [d.id for d in docs] == ["article"]


# -- JSONL ------------------------------------------------------------------------------------


def jsonl(tmp_path: Path, *lines: object, name: str = "a.jsonl") -> Path:
    body = "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines)
    return write(tmp_path, name, body + "\n")


def test_jsonl_metadata(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path,
        {
            "id": "n1",
            "text": ARTICLE,
            "url": "https://example.org/n1",
            "published": "2024-03-05T10:20:00Z",
            "outlet": "الوكالة",
            "title": "عنوان",
        },
    )
    (doc,), problems = run(path)
    assert problems == []
    assert doc == Document(
        id="n1",
        text=ARTICLE.strip(),
        source=f"{path}:1",
        url="https://example.org/n1",
        published="2024-03-05",
        outlet="الوكالة",
        title="عنوان",
    )


def test_jsonl_header_date_when_no_metadata(tmp_path: Path) -> None:
    text = "الجمعة 22 نوفمبر / November 2024\n\n" + ARTICLE
    (doc,), _ = run(jsonl(tmp_path, {"id": "h", "text": text}))
    assert doc.published == "2024-11-22"
    assert "November" not in doc.text


def test_jsonl_metadata_date_wins_over_header(tmp_path: Path) -> None:
    text = "الجمعة 22 نوفمبر / November 2024\n\n" + ARTICLE
    (doc,), _ = run(jsonl(tmp_path, {"id": "h", "text": text, "published": "2023-07-09"}))
    assert doc.published == "2023-07-09"


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("{not json", "not valid JSON"),
        ('["a", "list"]', "not an object"),
        ('"a string"', "not an object"),
        ('{"id": "x"}', 'no "text"'),
        ('{"id": "x", "text": 5}', "not a string"),
        (json.dumps({"text": ARTICLE}, ensure_ascii=False), 'no "id"'),
        (json.dumps({"id": ["x"], "text": ARTICLE}, ensure_ascii=False), '"id"'),
        (json.dumps({"id": "  ", "text": ARTICLE}, ensure_ascii=False), "empty"),
        ("[" * 100_000 + "]" * 100_000, "JSON"),
    ],
)
def test_jsonl_bad_lines(tmp_path: Path, line: str, words: str) -> None:
    good = {"id": "ok", "text": ARTICLE}
    path = jsonl(tmp_path, good, line, {"id": "ok2", "text": ARTICLE})
    docs, problems = run(path)
    assert [d.id for d in docs] == ["ok", "ok2"]
    (problem,) = problems
    assert problem.line == 2 and problem.fatal and problem.source == str(path)
    assert words in problem.reason


def test_jsonl_repeated_id_first_wins(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path,
        {"id": "x", "text": ARTICLE},
        {"id": "x", "text": "نص آخر مختلف تماما."},
        {"id": 7, "text": ARTICLE},
    )
    docs, problems = run(path)
    assert [(d.id, d.text) for d in docs] == [("x", ARTICLE.strip()), ("7", ARTICLE.strip())]
    (problem,) = problems
    assert problem.line == 2 and "duplicate id 'x'" in problem.reason


def test_jsonl_id_repeating_a_txt_stem(tmp_path: Path) -> None:
    txt = write(tmp_path, "dup.txt", ARTICLE)
    docs, problems = run(txt, jsonl(tmp_path, {"id": "dup", "text": ARTICLE}))
    assert [d.source for d in docs] == [str(txt)]
    assert problems[0].line == 1 and "duplicate" in problems[0].reason


def test_jsonl_bad_published_is_a_warning(tmp_path: Path) -> None:
    docs, problems = run(jsonl(tmp_path, {"id": "p", "text": ARTICLE, "published": "أمس"}))
    assert docs[0].published is None
    assert [p.fatal for p in problems] == [False]


def test_jsonl_blank_lines_bom_and_invalid_utf8(tmp_path: Path) -> None:
    line = json.dumps({"id": "a", "text": ARTICLE}, ensure_ascii=False).encode()
    data = b"\xef\xbb\xbf" + line + b"\n\n   \n" + b'{"id": "b", "text": "\xff\xfe"}\n'
    docs, problems = run(write(tmp_path, "x.jsonl", data))
    assert [d.id for d in docs] == ["a"]
    (problem,) = problems
    assert problem.line == 4 and "UTF-8" in problem.reason


def test_jsonl_utf16(tmp_path: Path) -> None:
    body = json.dumps({"id": "a", "text": ARTICLE}, ensure_ascii=False) + "\n"
    docs, problems = run(write(tmp_path, "x.jsonl", body.encode("utf-16")))
    assert [d.id for d in docs] == ["a"] and problems == []


def test_jsonl_binary_and_empty(tmp_path: Path) -> None:
    assert "binary" in only_problem(tmp_path, "bin.jsonl", b"\x00\x01" * 100).reason
    assert "empty" in only_problem(tmp_path, "empty.jsonl", b"\n\n").reason


def test_jsonl_gives_up_on_a_file_that_is_not_jsonl(tmp_path: Path) -> None:
    path = write(tmp_path, "prose.jsonl", "هذا ليس JSON\n" * 500)
    docs, problems = run(path)
    assert docs == []
    assert len(problems) == ingest.MAX_BAD_LINES_BEFORE_ANY_GOOD + 1
    assert "not read" in problems[-1].reason


def test_jsonl_is_streamed(tmp_path: Path) -> None:
    path = jsonl(tmp_path, {"id": "first", "text": ARTICLE}, "{broken")
    items: Iterator[Document | Problem] = iter_inputs([path])
    first = next(items)
    assert isinstance(first, Document) and first.id == "first"
    assert isinstance(next(items), Problem)


# -- size limit -------------------------------------------------------------------------------


def big_text(paragraphs: int) -> str:
    return "\n\n".join(f"الفقرة رقم {i}. " + ARTICLE.strip() for i in range(paragraphs)) + "\n"


def test_split_parts_cuts_at_paragraphs() -> None:
    text = big_text(50)
    parts = split_parts(text, 2000)
    assert "".join(parts) == text
    assert all(len(p) <= 2000 for p in parts)
    assert all(p.endswith("\n\n") for p in parts[:-1])


def test_split_parts_without_any_break() -> None:
    text = "ا" * 5000
    assert split_parts(text, 2000) == ["ا" * 2000, "ا" * 2000, "ا" * 1000]


def test_large_document_is_split_not_lost(tmp_path: Path) -> None:
    text = big_text(300)
    path = write(tmp_path, "big.txt", text)
    docs, problems = run(path, max_chars=20_000)
    assert docs[0].id == "big" and docs[1].id == "big#2"
    assert len(docs) == len(split_parts(text, 20_000))
    assert all(len(d.text) <= 20_000 for d in docs)
    joined = "\n\n".join(d.text for d in docs)
    for i in range(300):
        assert f"الفقرة رقم {i}." in joined
    (note,) = problems
    assert not note.fatal and f"{len(docs)} documents" in note.reason


def test_streaming_gives_the_same_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "الجمعة 22 نوفمبر / November 2024\n\n" + big_text(300)
    path = write(tmp_path, "big.txt", text)
    whole = run(path, max_chars=20_000)
    monkeypatch.setattr(ingest, "STREAM_BYTES", 10_000)
    monkeypatch.setattr(ingest, "CHUNK_BYTES", 4096)
    streamed = run(path, max_chars=20_000)
    assert [d.text for d in streamed[0]] == [d.text for d in whole[0]]
    assert {d.published for d in streamed[0]} == {"2024-11-22"}
    assert len(streamed[1]) == 1 and not streamed[1][0].fatal


def test_streaming_detects_encoding_and_binary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest, "STREAM_BYTES", 1000)
    docs, problems = run(write(tmp_path, "u16.txt", big_text(40).encode("utf-16")))
    assert len(docs) == 1 and docs[0].text.startswith("الفقرة رقم 0.")
    assert problems == []
    docs, problems = run(write(tmp_path, "bin.txt", bytes(range(256)) * 100))
    assert docs == [] and "binary" in problems[0].reason


# VmHWM of /proc/self/status, not ru_maxrss: after fork+exec, ru_maxrss keeps the parent's
# high-water mark (the whole pytest process), VmHWM belongs to the new address space.
PEAK_MEMORY_SCRIPT = """
import sys
from kg.model import Document
from kg.text.ingest import iter_inputs
docs = sum(isinstance(item, Document) for item in iter_inputs([sys.argv[1]]))
hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:")).split()[1]
print(docs, int(hwm) // 1024)
"""


def peak_memory(path: Path) -> tuple[int, int]:
    """(documents read, peak resident MiB) of reading ``path`` in a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", PEAK_MEMORY_SCRIPT, str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return int(out[0]), int(out[1])


@pytest.mark.slow
def test_16_mb_file_in_bounded_memory(tmp_path: Path) -> None:
    """The largest article file accepted (``MAX_ARTICLE_BYTES``; larger ones are refused
    unread, tests/security/test_build_size.py) is streamed in parts."""
    path = tmp_path / "huge.txt"
    paragraph = (big_text(20) + "\n").encode("utf-8")
    with path.open("wb") as fh:
        for _ in range(ingest.MAX_ARTICLE_BYTES // len(paragraph)):
            fh.write(paragraph)
    assert ingest.STREAM_BYTES < path.stat().st_size <= ingest.MAX_ARTICLE_BYTES
    docs, peak_mib = peak_memory(path)
    assert docs > 6  # parts of at most 1M characters each
    assert peak_mib < 250  # the interpreter and a few parts, never the whole file


@pytest.mark.slow
def test_jsonl_of_100000_lines_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(100_000):
            fh.write(json.dumps({"id": f"a{i}", "text": ARTICLE}, ensure_ascii=False) + "\n")
    docs, peak_mib = peak_memory(path)
    assert docs == 100_000
    assert peak_mib < 250  # the set of ids and one line at a time, never the file


# -- property: no input makes ingestion crash, and every input is accounted for ---------------


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=400),
        st.text(max_size=300).map(lambda t: t.encode("utf-8")),
        st.text(alphabet="ابتثجحخدسشصعقلمنهوي .\n<>&;/\"'{}:", max_size=300).map(
            lambda t: t.encode("utf-8")
        ),
    ),
    st.sampled_from([".txt", ".jsonl"]),
)
def test_any_bytes_are_read_or_reported(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        items = list(iter_inputs([path]))
    for item in items:
        if isinstance(item, Document):
            assert item.text.strip() and "\r" not in item.text
        else:
            assert isinstance(item, Problem) and item.reason
    if suffix == ".txt":
        assert items, "a .txt file always gives a Document or a Problem"
