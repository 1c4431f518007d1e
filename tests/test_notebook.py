"""notebooks/explore.ipynb runs headless from top to bottom and shows what it promises.

Executed with nbclient on a kernel of this interpreter (a kernel spec written into a temporary
JUPYTER_PATH, so the notebook imports this checkout of kg, not whatever "python3" is on the
machine). Asserts on the outputs: the caliph table has five rows, the graph is inline, the
timeline and the map are PNG figures with raids on them.
"""

from __future__ import annotations

import base64
import io
import json
import sys
import tempfile
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient
from PIL import Image

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
    before = set(Path(tempfile.gettempdir()).glob("kg-seeds-*"))
    try:
        nb = nbformat.read(NOTEBOOK, as_version=4)
        NotebookClient(nb, kernel_name="kg-test", timeout=120,
                       resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    finally:
        monkeypatch.undo()
    nb.metadata["left_in_tmp"] = sorted(
        str(p) for p in set(Path(tempfile.gettempdir()).glob("kg-seeds-*")) - before
    )
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


def test_notebook_leaves_no_temporary_folder(executed: nbformat.NotebookNode) -> None:
    assert executed.metadata["left_in_tmp"] == []


RAID_MARKER = (0xF4, 0xA0, 0x00)  # the raids' fill colour in both figures


@pytest.mark.parametrize("tag", ["timeline", "map"])
def test_figures_show_raid_markers(executed: nbformat.NotebookNode, tag: str) -> None:
    """Each figure is a real plot with raids drawn on it, not just any PNG."""
    outs = outputs(executed, tag)
    pngs = [o["data"]["image/png"] for o in outs if "image/png" in o.get("data", {})]
    assert len(pngs) == 1, f"expected one figure in {tag}"
    image = Image.open(io.BytesIO(base64.b64decode(pngs[0]))).convert("RGB")
    assert image.width > 300 and image.height > 150
    pixels = np.asarray(image, dtype=np.int16)
    marker = int((np.abs(pixels - np.array(RAID_MARKER)) <= 12).all(axis=2).sum())
    assert marker > 200, f"{tag}: no raid markers drawn ({marker} marker pixels)"


def test_raids_are_placed(executed: nbformat.NotebookNode) -> None:
    assert "dated raids: " in text(outputs(executed, "timeline"))
    shown = text(outputs(executed, "map"))
    count = int(shown.split("raids on map: ")[1].split()[0])
    assert count >= 5  # Barisha and Atmeh through Idlib, Jasim, Daraa, al-Bab, ...
