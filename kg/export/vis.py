"""What the two HTML views share (the full page, kg.export.html, and the big-graph overview,
kg.export.overview): node and edge colours, the vendored vis-network files, and JSON that can
sit inside a ``<script>`` element. Reads the vendored files; writes nothing.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from kg.export.common import EVENT_KIND, RAID_KIND

# Colour and vis-network shape per node type; the legend shows them in this order.
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "Person": ("#4285f4", "dot"),
    "Organization": ("#db4437", "square"),
    "Place": ("#0f9d58", "triangle"),
    RAID_KIND: ("#f4a000", "diamond"),
    EVENT_KIND: ("#ab47bc", "star"),
    "Unknown": ("#9e9e9e", "dot"),
}
EDGE_COLOURS = {"killed": "#c62828", "captured": "#ef6c00", "wounded": "#f9a825",
                "target": "#8d6e63", "perpetrator": "#5d4037"}
EDGE_COLOUR = "#9e9e9e"
# vis-network from the npm registry, vendored with its licences (see README.md there)
VIS_DIR = Path(__file__).resolve().parent.parent / "data" / "vendor" / "vis-network"
_SCRIPT_CLOSE_RE = re.compile(r"</(script)", re.IGNORECASE)
_STYLE_CLOSE_RE = re.compile(r"</(style)", re.IGNORECASE)


def json_for_script(value: Any) -> str:
    """JSON that can sit inside a <script> element: no text in it can end the element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@cache
def vis_js() -> str:
    """vis-network's script, safe to inline in a <script> element."""
    text = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    return _SCRIPT_CLOSE_RE.sub(r"<\\/\1", text)


@cache
def vis_css() -> str:
    """vis-network's style sheet, safe to inline in a <style> element."""
    text = (VIS_DIR / "vis-network.min.css").read_text(encoding="utf-8")
    return _STYLE_CLOSE_RE.sub(r"<\\/\1", text)
