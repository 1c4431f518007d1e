"""Hostile and broken input end to end (issue 7): ``kg build`` over a folder that mixes good
articles with every kind of bad input builds every good one and reports every bad one; a
failed or interrupted build leaves the previous output as it was; no invisible control
survives in a name.

The articles are written for these tests (invented people; not from any news site).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, Graph
from rdflib.namespace import DCTERMS

import kg.api
import kg.export
from kg import api, cli
from kg.vocab import KG


def build(inputs: list[Path], out: Path) -> api.BuildSummary:
    """A fast build: in this process, without the statistical tagger."""
    return api.build(inputs, out, extractors=("kb", "pattern"), jobs=1)

# -- articles ---------------------------------------------------------------------------------

GOOD_1 = (
    "أعلنت قوات الأمن العراقية اليوم مقتل القيادي في تنظيم داعش المدعو أبو خالد الموصلي "
    "خلال عملية أمنية في قضاء الحويجة غربي كركوك.\n"
    "وأضاف البيان أن العملية جرت بإسناد من طيران التحالف الدولي.\n"
)
GOOD_2 = (
    "قال مسؤول محلي إن غارة جوية استهدفت سيارة تقل قياديا في التنظيم قرب مدينة البوكمال "
    "شرقي سوريا في 14 آذار 2021، ما أدى إلى مقتله على الفور.\n"
)
GOOD_3 = (
    "ألقت قوات سوريا الديمقراطية القبض على عنصر بارز في خلية تابعة لتنظيم داعش يدعى "
    "أبو حمزة الشامي في ريف دير الزور الشرقي.\n"
)
# Every invisible control of the issue inside the names, and a few more.
CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e\u200f"
BIDI_NAMES = (
    "نفذت القوات الأمريكية عملية إنزال في ريف إدلب أسفرت عن مقتل المدعو أبو\u202e ياسر\u2067 "
    "العر\u200bاقي\u2069 وهو أحد قادة التنظيم، واعتقال المدعو أبو\u200f سل\u2060يمان\u202c "
    "الحلبي\ufeff.\n"
)
HTML_ARTICLE = (
    "<html><body><div class=\"nav\"><p>نفذت القوات التركية غارة جوية على موقع لتنظيم داعش "
    "قرب مدينة الباب &amp; أسفرت عن مقتل المدعو أبو بكر الحموي.</p>"
    "<script>document.title='x'</script><style>p{color:red}</style>"
    "<p>وقال مصدر إن &quot;العملية&quot; استمرت ساعة.</p></div></body></html>"
)
MIXED_ENDINGS = GOOD_3.replace("أبو حمزة الشامي", "أبو عمر الأنصاري").rstrip("\n") + (
    "\r\nوذكر المصدر أن العملية جرت فجرا.\rوأن المعتقل نقل إلى سجن في الحسكة.\n"
)


def write_folder(root: Path) -> tuple[set[str], dict[str, str]]:
    """The mixed folder: returns the ids that must be built and, for every bad input, its
    location (``file`` or ``file:line``) and a word its reason must contain."""
    root.mkdir(parents=True)
    (root / "sub").mkdir()
    good = {"good_1", "good_2", "sub_good", "bidi_names", "html", "utf16_bom", "utf16_nobom",
            "cp1256", "mixed_endings", "j1", "j5"}
    (root / "good_1.txt").write_text(GOOD_1, encoding="utf-8")
    (root / "good_2.txt").write_text(GOOD_2, encoding="utf-8")
    (root / "sub" / "sub_good.txt").write_text(GOOD_3, encoding="utf-8")
    (root / "bidi_names.txt").write_text(BIDI_NAMES, encoding="utf-8")
    (root / "html.txt").write_text(HTML_ARTICLE, encoding="utf-8")
    (root / "utf16_bom.txt").write_bytes(GOOD_1.replace("الموصلي", "التكريتي").encode("utf-16"))
    (root / "utf16_nobom.txt").write_bytes(GOOD_2.encode("utf-16-le"))
    (root / "cp1256.txt").write_bytes(GOOD_3.replace("الشامي", "الديري").encode("cp1256"))
    (root / "mixed_endings.txt").write_bytes(MIXED_ENDINGS.encode("utf-8"))
    bad: dict[str, str] = {}
    (root / "empty.txt").write_bytes(b"")
    bad["empty.txt"] = "empty"
    (root / "whitespace.txt").write_bytes(b" \r\n\t \n  \n")
    bad["whitespace.txt"] = "whitespace"
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    bad["binary.txt"] = "binary"
    (root / "undecodable.txt").write_bytes("Déjà vu, voilà. ".encode("latin-1") * 20)
    bad["undecodable.txt"] = "UTF-8"
    (root / "english.txt").write_text("No Arabic in this one at all.\n", encoding="utf-8")
    bad["english.txt"] = "no Arabic"
    (root / "sub" / "good_1.txt").write_text(GOOD_2, encoding="utf-8")  # repeats an id
    bad["sub/good_1.txt"] = "duplicate"
    lines = [
        json.dumps({"id": "j1", "text": GOOD_2.replace("البوكمال", "الميادين"),
                    "published": "2021-03-15", "url": "https://example.org/j1"},
                   ensure_ascii=False),
        "{this is not json",
        json.dumps({"id": "j2"}),
        json.dumps({"id": "j3", "text": ""}),
        json.dumps({"id": "j4", "text": 17}),
        json.dumps({"id": "j1", "text": GOOD_3}, ensure_ascii=False),
        json.dumps({"text": GOOD_3}, ensure_ascii=False),
        json.dumps(["a", "list"]),
        "",
        json.dumps({"id": "j5", "text": GOOD_1.replace("أبو خالد", "أبو صالح")},
                   ensure_ascii=False),
        "\x00\x01 binary junk \xff",
    ]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    bad.update({"feed.jsonl:2": "not valid JSON", "feed.jsonl:3": "text",
                "feed.jsonl:4": "empty", "feed.jsonl:5": "text", "feed.jsonl:6": "duplicate",
                "feed.jsonl:7": "id", "feed.jsonl:8": "object", "feed.jsonl:11": "JSON"})
    return good, bad


def where(problem: dict, root: Path) -> str:
    rel = Path(problem["source"]).relative_to(root).as_posix()
    return f"{rel}:{problem['line']}" if problem["line"] else rel


def graph_documents(ttl: Path) -> set[str]:
    g = Graph().parse(ttl, format="turtle")
    return {str(g.value(node, DCTERMS.identifier)) for node in g.subjects(RDF.type, KG.Document)}


def test_mixed_folder_builds_every_good_article_and_reports_every_bad_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "in"
    good, bad = write_folder(root)
    out = tmp_path / "out"
    status = cli.main(["build", str(root), "-o", str(out)])
    stderr = capsys.readouterr().err
    assert status == cli.EXIT_SKIPPED

    assert good <= graph_documents(out / "graph.ttl"), "a good article was not built"
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["documents_built"] == len(good)
    skipped = {where(p, root): p["reason"] for p in report["problems"] if p["skipped"]}
    assert set(skipped) == set(bad), "skipped inputs differ from the bad ones"
    assert report["documents_skipped"] == len(bad)
    for location, word in bad.items():
        assert word.lower() in skipped[location].lower(), (location, skipped[location])
        # stderr names the same input with the same reason
        path = root / location.split(":")[0]
        line = location.split(":")[1] if ":" in location else None
        shown = f"{path}:{line}" if line else str(path)
        assert f"kg: skipped: {shown}: {skipped[location]}" in stderr, location
    # decoded inputs and the split JSONL file are warned about, not silently changed
    warnings = {where(p, root): p["reason"] for p in report["problems"] if not p["skipped"]}
    assert "Windows-1256" in warnings["cp1256.txt"]
    assert "utf-16" in warnings["utf16_nobom.txt"].lower()
    # the summary line
    assert f"kg: {len(good)} documents built, {len(bad)} skipped" in stderr
    # every file of the folder is accounted for: built, or named in the report
    named = {Path(p["source"]).resolve() for p in report["problems"]}
    built_sources = {root / f"{i}.txt" for i in good} | {root / "sub" / "sub_good.txt"}
    for path in root.rglob("*"):
        if path.is_file():
            assert path.resolve() in named or path in built_sources, path


def test_markup_and_controls_do_not_reach_the_graph(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write_folder(root)
    build([root], tmp_path / "out")
    g = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    texts = [str(o) for _, _, o in g]
    assert not any("document.title" in t or "color:red" in t or "<p>" in t for t in texts)
    labels = {str(o) for p in (RDFS.label, SKOS.altLabel) for o in g.objects(None, p)}
    assert "أبو ياسر العراقي" in labels and "أبو سليمان الحلبي" in labels
    assert "أبو بكر الحموي" in labels


INVISIBLE_RE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]"
)


@pytest.mark.parametrize("control", [*CONTROLS, "\u2060", "\ufeff", "\u00ad", "\u061c",
                                     "\u2063", "\u206e", "\u180e", "\U000e0041"])
def test_no_invisible_control_survives_in_a_name(tmp_path: Path, control: str) -> None:
    """Each control inside every name, as a .txt article and as a JSONL line: no rdfs:label or
    skos:altLabel of the built graph carries one, and the names are the plain ones."""
    text = BIDI_NAMES
    for ch in CONTROLS + "\u2060\ufeff":
        text = text.replace(ch, "")
    spoofed = text.replace("أبو ياسر", f"أبو{control} يا{control}سر").replace(
        "الحلبي", f"الحل{control}بي{control}"
    )
    (tmp_path / "a.txt").write_text(spoofed, encoding="utf-8")
    line = json.dumps({"id": "b", "text": spoofed, "title": f"عنوان{control}"},
                      ensure_ascii=False)
    (tmp_path / "b.jsonl").write_text(line + "\n", encoding="utf-8")
    build([tmp_path / "a.txt", tmp_path / "b.jsonl"], tmp_path / "out")
    g = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    labels = {str(o) for p in (RDFS.label, SKOS.altLabel) for o in g.objects(None, p)}
    assert labels
    assert not [lab for lab in labels if INVISIBLE_RE.search(lab)]
    assert "أبو ياسر العراقي" in labels and "أبو سليمان الحلبي" in labels
    assert not INVISIBLE_RE.search((tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8"))


# -- atomic output ----------------------------------------------------------------------------


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def leftovers(parent: Path) -> list[str]:
    return [p.name for p in parent.iterdir() if ".tmp-" in p.name]


@pytest.fixture()
def previous(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A first good build in OUT/ and a second input that would change it."""
    (tmp_path / "first.txt").write_text(GOOD_1, encoding="utf-8")
    out = tmp_path / "out"
    build([tmp_path / "first.txt"], out)
    (tmp_path / "second.txt").write_text(GOOD_2, encoding="utf-8")
    return tmp_path / "second.txt", out, snapshot(out)


def test_previous_output_survives_a_failing_exporter(
    previous: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    second, out, before = previous
    assert set(before) >= {*kg.export.OUTPUT_FILES, "report.json"}

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("exporter failed")

    monkeypatch.setattr(kg.export, "write_gexf", boom)  # after graph.ttl was written
    with pytest.raises(RuntimeError):
        build([second], out)
    assert snapshot(out) == before
    assert leftovers(out.parent) == []


@pytest.mark.parametrize("stage", ["assemble", "write_html", "write_csv"])
def test_previous_output_survives_ctrl_c(
    previous: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    second, out, before = previous

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    target = kg.api if stage == "assemble" else kg.export
    monkeypatch.setattr(target, stage, interrupt)
    with pytest.raises(KeyboardInterrupt):
        build([second], out)
    assert snapshot(out) == before
    assert leftovers(out.parent) == []


def test_ctrl_c_while_moving_leaves_only_whole_files(
    previous: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Interrupted between the two renames of the swap (OUT/ moved aside, the new folder not
    yet in place): the old OUT/ is put back whole; no temporary folder is left behind."""
    second, out, before = previous
    real_rename = os.rename
    calls = []

    def rename(src: str | Path, dst: str | Path) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real_rename(src, dst)

    monkeypatch.setattr(kg.api.os, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        build([second], out)
    monkeypatch.undo()
    assert snapshot(out) == before
    Graph().parse(out / "graph.ttl", format="turtle")
    assert leftovers(out.parent) == []
    assert not (out.parent / ".out.old").exists()


def test_failed_first_build_creates_no_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text(GOOD_1, encoding="utf-8")

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("exporter failed")

    monkeypatch.setattr(kg.export, "write_csv", boom)
    with pytest.raises(RuntimeError):
        build([tmp_path / "a.txt"], tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert leftovers(tmp_path) == []
