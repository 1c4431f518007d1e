"""Acceptance 3 of issue 7, end to end: an article whose sentences, names and document ids
carry script injections is built with ``kg.api.build``; its ``graph.html`` is opened in
headless Chromium with the network off and no script from the text runs, the text is shown as
text; the CSV files of the same build have no formula cell and ``graph.gexf`` is valid.

The markup reaches the graph the way it would from a scraped page: escaped as HTML entities
(ingestion unescapes them after removing real tags, so ``&lt;script&gt;`` becomes the text
``<script>``), or as markup that is no HTML tag at all. The article is written for this test.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree
from rdflib import Graph
from test_html_browser import SHOW_TIPS, TRAP, probe

from kg import api

pytestmark = pytest.mark.browser

SCHEMA = Path(__file__).parent.parent / "fixtures" / "gexf-schema" / "1.2draft" / "gexf.xsd"

# What the reader sees after ingestion, and what must never run.
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
CLOSE = "</script><script>alert(3)</script>"
JS_URL = "javascript:alert(4)"
SVG = "<x onmouseover=alert(6)>"
HOSTILE_ID = '"><img src=x onerror=alert(5)>'
FORMULAS = ('=HYPERLINK("http://x.example","x")', "+1+2", "-3+4", "@SUM(1)")

ARTICLE = (
    "قتل المدعو أبو علي الحلبي في غارة جوية على بلدة سرمدا بريف إدلب، وكتب أنصاره "
    "&lt;script&gt;alert(1)&lt;/script&gt; على الجدران.\n"
    "وأعلنت القيادة المركزية الأمريكية مقتل المدعو أبو عمر الشامي&quot;&gt;&lt;img src=x "
    "onerror=alert(2)&gt; في غارة بطائرة مسيرة قرب مدينة الباب.\n"
    "&lt;/script&gt;&lt;script&gt;alert(3)&lt;/script&gt; وتم اعتقال المدعو أبو حسن العراقي "
    "في عملية إنزال في الحسكة.\n"
    "أفاد موقع javascript:alert(4) بمقتل المدعو أبو محمد الحموي في غارة جوية على مدينة "
    "البوكمال.\n"
)
# No entity and no known tag: ingestion sees no HTML, and the markup stays as it is.
FORMULA_ARTICLE = "".join(
    f"{f} قتل المدعو أبو سعد {n} في غارة جوية على مدينة القائم.\n"
    for f, n in zip(FORMULAS, ("الأنباري", "الراوي", "الدليمي", "الفلوجي"), strict=True)
) + (
    "أفاد شهود بمقتل المدعو أبو يوسف التكريتي في غارة جوية على مدينة تكريت "
    "<x onmouseover=alert(6)>.\n"
)


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    (root / "in").mkdir()
    (root / "in" / "hostile.txt").write_text(ARTICLE, encoding="utf-8")
    lines = [
        {"id": HOSTILE_ID, "text": ARTICLE.replace("الحلبي", "الإدلبي"),
         "title": SCRIPT, "url": JS_URL, "outlet": IMG},
        {"id": "=cmd|' /C calc'!A0", "text": FORMULA_ARTICLE, "title": FORMULAS[0]},
    ]
    (root / "in" / "feed.jsonl").write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8"
    )
    out = root / "out"
    api.build([root / "in"], out, jobs=1)
    return out


def test_the_hostile_text_is_in_the_graph(hostile_build: Path) -> None:
    """The test means something: the injections did reach the graph as text."""
    ttl = (hostile_build / "graph.ttl").read_text(encoding="utf-8")
    g = Graph().parse(data=ttl, format="turtle")
    literals = "\n".join(str(o) for _, _, o in g)
    for text in (SCRIPT, IMG.split(">")[1], CLOSE, JS_URL, SVG, HOSTILE_ID):
        assert text in literals, text


def test_graph_html_runs_no_script_from_the_text(hostile_build: Path, tmp_path: Path) -> None:
    page = tmp_path / "graph.html"
    html = (hostile_build / "graph.html").read_text(encoding="utf-8")
    for text in (SCRIPT, "<img src=x", CLOSE, SVG):
        assert text not in html, f"{text} is in the page as markup"
    html = html.replace("<head>", "<head>" + TRAP, 1).replace("</body>", SHOW_TIPS + "</body>")
    page.write_text(html, encoding="utf-8")
    result = probe(page, tmp_path)
    assert 'data-kg-stable="1"' in result.dom, "the page did not draw"
    assert 'data-pwned="' not in result.dom, "a script from the article ran"
    assert 'data-js-error="' not in result.dom, result.dom[:300]
    assert 'id="kg-all-tips"' in result.dom
    # the text is shown, as text, in the tooltips
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in result.dom
    assert "&lt;img src=x onerror=alert(2)&gt;" in result.dom
    assert "&lt;/script&gt;&lt;script&gt;alert(3)&lt;/script&gt;" in result.dom
    assert "javascript:alert(4)" in result.dom
    assert "&lt;x onmouseover=alert(6)&gt;" in result.dom
    assert "<img src=" not in result.dom and "<x onmouseover" not in result.dom
    assert 'href="javascript:' not in result.dom
    assert result.external == []


def test_csv_cells_cannot_become_formulas(hostile_build: Path) -> None:
    seen = []
    for name in ("entities.csv", "raids.csv", "relations.csv"):
        text = (hostile_build / name).read_text(encoding="utf-8-sig")
        for row in list(csv.reader(io.StringIO(text, newline="")))[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or _number(cell), (
                    f"{name}: {cell[:60]!r}"
                )
                seen.append(cell)
    # the formulas are there, as text behind an apostrophe
    for formula in (*FORMULAS, "=cmd|"):
        assert any(cell.startswith("'" + formula) for cell in seen), formula


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_gexf_is_valid_and_read_back(hostile_build: Path) -> None:
    data = (hostile_build / "graph.gexf").read_bytes()
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    assert schema.validate(etree.fromstring(data)), str(schema.error_log)
    g = nx.read_gexf(hostile_build / "graph.gexf")
    texts = "\n".join(str(v) for _, attrs in g.nodes(data=True) for v in attrs.values())
    assert SCRIPT in texts and HOSTILE_ID in texts
