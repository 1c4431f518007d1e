"""notebooks/explore.ipynb runs headless from top to bottom and shows what it promises.

Executed with nbclient on a kernel of this interpreter (a kernel spec written into a temporary
JUPYTER_PATH, so the notebook imports this checkout of kg, not whatever "python3" is on the
machine). Asserts on the outputs: the caliph table has five rows, the graph is inline, the
timeline and the map are PNG figures with raids on them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> nbformat.NotebookNode:
    jupyter = tmp_path_factory.mktemp("jupyter")
    spec = jupyter / "kernels" / "kg-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "kg test", "language": "python",
    }), encoding="utf-8")
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("JUPYTER_PATH", str(jupyter))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    monkeypatch.delenv("KG_GRAPH", raising=False)
    try:
        nb = nbformat.read(NOTEBOOK, as_version=4)
        NotebookClient(nb, kernel_name="kg-test", timeout=120,
                       resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    finally:
        monkeypatch.undo()
    return nb


def outputs(nb: nbformat.NotebookNode, tag: str) -> list[dict]:
    cells = [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"no single cell tagged {tag!r}"
    return cells[0]["outputs"]


def text(outs: list[dict]) -> str:
    parts = []
    for out in outs:
        parts.append(out.get("text", ""))
        parts.append(out.get("data", {}).get("text/plain", ""))
        parts.append(out.get("data", {}).get("text/html", ""))
    return "\n".join(parts)


def test_notebook_runs_without_errors(executed: nbformat.NotebookNode) -> None:
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c["outputs"]
              if o["output_type"] == "error"]
    assert not errors, errors


def test_caliph_table_has_the_five_caliphs(executed: nbformat.NotebookNode) -> None:
    shown = text(outputs(executed, "caliphs"))
    assert "caliphs: 5" in shown
    for name in ("Abu Bakr al-Baghdadi", "Abu Ibrahim", "Abu al-Hasan", "Abu al-Husayn",
                 "Abu Hafs"):
        assert name in shown


def test_graph_is_inline_and_self_contained(executed: nbformat.NotebookNode) -> None:
    html = text(outputs(executed, "graph"))
    assert "<iframe srcdoc=" in html and "vis.Network" in html
    assert "abu_bakr_al_baghdadi" in html


@pytest.mark.parametrize("tag", ["timeline", "map"])
def test_figures_are_drawn(executed: nbformat.NotebookNode, tag: str) -> None:
    outs = outputs(executed, tag)
    assert any("image/png" in o.get("data", {}) for o in outs), f"no figure in {tag}"


def test_raids_are_placed(executed: nbformat.NotebookNode) -> None:
    assert "dated raids: " in text(outputs(executed, "timeline"))
    shown = text(outputs(executed, "map"))
    count = int(shown.split("raids on map: ")[1].split()[0])
    assert count >= 5  # Barisha and Atmeh through Idlib, Jasim, Daraa, al-Bab, ...
