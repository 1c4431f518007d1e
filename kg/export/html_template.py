"""The page template of the interactive graph view (kg.export.html); HTML, CSS and JS only.

Jinja2 with autoescape on. The graph data never passes through Jinja as markup: it arrives as
one JSON document inside ``<script type="application/json">`` (``data_json``, already escaped
for that context by kg.export.html), is read with ``JSON.parse`` and is put into the page only
through ``textContent`` and DOM elements, never ``innerHTML``. vis-network draws labels on a
canvas, so they are text too.
"""

from __future__ import annotations

# The page frame both views share (kg.export.overview's page too): fonts and the top bar.
PAGE_CSS = """  html, body { margin: 0; height: 100%;
               font-family: "DejaVu Sans", "Noto Sans", Tahoma, sans-serif; }
  body { display: flex; flex-direction: column; }
  #kg-bar { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 6px 10px;
            border-bottom: 1px solid #ddd; background: #fafafa; font-size: 14px; }
  #kg-bar h1 { font-size: 16px; margin: 0 8px 0 0; }"""

TEMPLATE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';
               img-src data: blob:; font-src data:; connect-src 'none'">
<title>{{ title }}</title>
<style>{{ vis_css }}</style>
<style>
{{ page_css }}
  #kg-search { width: 16em; padding: 3px 6px; }
  #kg-status { color: #555; }
  .kg-legend { display: inline-flex; align-items: center; gap: 4px; cursor: pointer;
               user-select: none; }
  .kg-swatch { display: inline-block; width: 12px; height: 12px; border: 1px solid #0004; }
  .kg-shape-dot { border-radius: 50%; }
  .kg-shape-triangle { clip-path: polygon(50% 0, 100% 100%, 0 100%); }
  .kg-shape-diamond { transform: rotate(45deg) scale(0.8); }
  .kg-shape-star { clip-path: polygon(50% 0, 61% 35%, 98% 35%, 68% 57%, 79% 91%, 50% 70%,
                                      21% 91%, 32% 57%, 2% 35%, 39% 35%); }
  .kg-edges { display: inline-flex; gap: 10px; color: #444; font-size: 13px; }
  .kg-edge { display: inline-flex; align-items: center; gap: 4px; }
  .kg-line { display: inline-block; width: 18px; height: 3px; }
  #kg-network { flex: 1; min-height: 300px; direction: rtl; }
  .kg-tip { direction: ltr; text-align: left; max-width: 480px; white-space: normal;
            font-size: 13px; }
  .kg-tip .kg-name { font-weight: bold; font-size: 15px; }
  .kg-tip .kg-ar { direction: rtl; unicode-bidi: isolate; }
  .kg-tip ul { margin: 2px 0 4px 0; padding-left: 18px; }
  .kg-tip .kg-head { color: #555; margin-top: 4px; }
</style>
</head>
<body>
<div id="kg-bar">
  <h1>{{ title }}</h1>
  <label>Search <input id="kg-search" type="search" dir="auto" placeholder="name / الاسم"
                       autocomplete="off"></label>
  <span id="kg-status" aria-live="polite"></span>
  {% for item in legend %}
  <label class="kg-legend" title="{{ item.type }}">
    <input type="checkbox" class="kg-filter" value="{{ item.type }}" checked>
    <span class="kg-swatch kg-shape-{{ item.shape }}" style="background: {{ item.colour }}"></span>
    {{ item.type }} ({{ item.count }})
  </label>
  {% endfor %}
  {% if edge_legend %}<span class="kg-edges">
  {% for item in edge_legend %}<span class="kg-edge"><span class="kg-line"
    style="background: {{ item.colour }}"></span>{{ item.relation }}</span>
  {% endfor %}</span>{% endif %}
</div>
<div id="kg-network"></div>
<script type="application/json" id="kg-data">{{ data_json }}</script>
<script>{{ vis_js }}</script>
<script>
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  window.kgErrors = window.kgErrors || 0;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function list(parent, head, items, rtl) {
    if (!items || !items.length) { return; }
    parent.appendChild(el("div", "kg-head", head));
    var ul = el("ul");
    items.forEach(function (item) {
      var li = el("li", rtl ? "kg-ar" : null, item);
      li.setAttribute("dir", "auto");
      ul.appendChild(li);
    });
    parent.appendChild(ul);
  }
  function sources(ids) {
    return (ids || []).map(function (id) { return (data.sources || {})[id] || id; });
  }
  function nodeTip(n) {
    var tip = el("div", "kg-tip");
    var name = el("div", "kg-name kg-ar", n.kg.label_ar);
    name.setAttribute("dir", "rtl");
    tip.appendChild(name);
    var latin = n.kg.label_latn || n.kg.label_en;
    if (latin) { tip.appendChild(el("div", "kg-latn", latin)); }
    tip.appendChild(el("div", "kg-head", n.kg.subtype + (n.kg.date ? " \u00b7 " + n.kg.date : "")));
    list(tip, "Aliases", n.kg.aliases, true);
    list(tip, "Sources", sources(n.kg.docs), false);
    list(tip, "Evidence", n.kg.evidence, true);
    return tip;
  }
  function edgeTip(e) {
    var tip = el("div", "kg-tip");
    tip.appendChild(el("div", "kg-name", e.kg.relation));
    list(tip, "Sources", sources(e.kg.docs), false);
    list(tip, "Evidence", e.kg.evidence, true);
    return tip;
  }
  data.nodes.forEach(function (n) { n.title = nodeTip(n); });
  data.edges.forEach(function (e) { e.title = edgeTip(e); });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  window.kgNetwork = network;

  // Physics keeps nodes apart, not their labels: once the layout has settled, nodes whose
  // boxes (label included) overlap are pushed apart along the shorter overlap, a few passes,
  // for graphs small enough to read label by label (quadratic, so not for big ones).
  function declutter() {
    var ids = nodes.getIds();
    if (ids.length > 400) { return -1; }
    var pos = network.getPositions(ids), box = {};
    ids.forEach(function (id) {
      var b = network.getBoundingBox(id), p = pos[id];
      box[id] = {l: b.left - p.x - 4, r: b.right - p.x + 4, t: b.top - p.y - 2,
                 b: b.bottom - p.y + 2};
    });
    var overlaps = 0;
    for (var pass = 0; pass < 60; pass++) {
      overlaps = 0;
      for (var i = 0; i < ids.length; i++) {
        var a = ids[i], pa = pos[a], ba = box[a];
        for (var j = i + 1; j < ids.length; j++) {
          var c = ids[j], pc = pos[c], bc = box[c];
          var dx = Math.min(pa.x + ba.r, pc.x + bc.r) - Math.max(pa.x + ba.l, pc.x + bc.l);
          var dy = Math.min(pa.y + ba.b, pc.y + bc.b) - Math.max(pa.y + ba.t, pc.y + bc.t);
          if (dx <= 0 || dy <= 0) { continue; }
          overlaps++;
          if (dy <= dx) {
            var sy = (pa.y <= pc.y ? -1 : 1) * (dy / 2 + 1);
            pa.y += sy; pc.y -= sy;
          } else {
            var sx = (pa.x <= pc.x ? -1 : 1) * (dx / 2 + 1);
            pa.x += sx; pc.x -= sx;
          }
        }
      }
      if (!overlaps) { break; }
    }
    ids.forEach(function (id) { network.moveNode(id, pos[id].x, pos[id].y); });
    return overlaps;
  }
  function stable() {
    network.setOptions({physics: {enabled: false}});
    // label boxes are measured when drawn: declutter after the next drawing
    network.once("afterDrawing", function () {
      var left = declutter();  // label overlaps left after the passes (-1: graph too big)
      network.fit({animation: false});
      document.body.setAttribute("data-kg-overlaps", String(left));
      document.body.setAttribute("data-kg-stable", "1");
    });
    network.redraw();
  }
  var status = document.getElementById("kg-status");
  if (data.nodes.length === 0) { stable(); }
  network.on("stabilizationProgress", function (p) {
    status.textContent = "layout " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    status.textContent = "";
    stable();
  });

  // Search: Arabic-aware (diacritics, tatweel and alef/yeh/teh-marbuta forms folded).
  // Latin script: the phonetic key of kg/text/namematch.py (latin_word_key), ported line for
  // line; tests/fixtures/name_keys.json is the table both are tested against. The names' keys
  // are computed in Python (n.kg.lkeys: word keys joined by a space, one string a name form).
  // namematch:begin (tests/test_name_match.py runs this block in node)
  // Arabic-aware folding of names and queries: diacritics, tatweel, alef/yeh/teh marbuta
  function fold(s) {
    return String(s).toLowerCase()
      .replace(/[\u064B-\u0652\u0670\u0640]/g, "")
      .replace(/[\u0623\u0625\u0622\u0671]/g, "\u0627")
      .replace(/\u0649/g, "\u064A").replace(/\u0629/g, "\u0647");
  }
  var ARTICLES = " al el ul il ad ar as ash at az an adh ath ed er es esh et ez en ";
  var ABD_WORDS = " abd abdul abdel abdal abdoul abdou ";
  var UNIT_MAP = {kh: "k", gh: "g", sh: "c", ch: "c", th: "t", dh: "z", ph: "f", ck: "k",
                  q: "k", c: "k", g: "j", x: "ks", v: "f", p: "b"};
  function collapse(s) { return s.replace(/(.)\1+/g, "$1"); }
  function latinWordKey(w) {
    if (ARTICLES.indexOf(" " + w + " ") !== -1) { return ""; }
    if (w === "bin" || w === "ben" || w === "ibn" || w === "bint") { return "bn"; }
    if (ABD_WORDS.indexOf(" " + w + " ") !== -1) { return "abd"; }
    if (/^[0-9]+$/.test(w)) { return w; }
    w = w.replace(/^ab(?:d|dou|du|de|da)l(?=[a-z]{3})/, "abd");
    if (w.length > 3 && w.slice(-2) === "ah") { w = w.slice(0, -1); }
    var finalI = w.length > 2 && /(i|y|ee|ie)$/.test(w);
    var units = w.match(/kh|gh|sh|ch|th|dh|ph|ck|[a-z]/g) || [];
    var out = "";
    units.forEach(function (u, n) {
      if ("aeiouwy".indexOf(u) !== -1 && !(n === 0 && (u === "w" || u === "y"))) {
        if (n === 0) { out += "a"; }
        return;
      }
      out += UNIT_MAP.hasOwnProperty(u) ? UNIT_MAP[u] : u;
    });
    if (finalI) { out += "i"; }
    return collapse(out);
  }
  function latinWordKeys(text) {
    var s = String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/['`\u02bf\u02be\u2019\u2018]/g, "");
    return s.split(/[^a-z0-9]+/).filter(function (w) { return w; })
      .map(latinWordKey).filter(function (k) { return k; });
  }
  function inOrder(short, full) {  // namematch._run_in: words of full, in their order
    var i = 0;
    for (var j = 0; j < full.length && i < short.length; j++) {
      if (full[j] === short[i]) { i++; }
    }
    return short.length > 0 && i === short.length;
  }
  function phonetic(entry, words) {
    var whole = collapse(words.join(""));
    if (whole.length < 3) { return false; }  // namematch._MIN_PHONETIC
    return entry.lkeys.some(function (k) {
      return inOrder(words, k.split(" ")) || collapse(k.replace(/ /g, "")) === whole;
    });
  }
  // namematch:end
  var index = data.nodes.map(function (n) {
    return {id: n.id, lkeys: n.kg.lkeys || [],
            keys: [n.kg.label_ar, n.kg.label_en || "", n.kg.label_latn || ""]
              .concat(n.kg.aliases).map(fold)};
  });
  function search(query) {
    var q = fold(query.trim());
    if (!q) { network.unselectAll(); status.textContent = ""; return; }
    var words = /[\u0621-\u064a]/.test(q) ? [] : latinWordKeys(q);
    var hits = index.filter(function (entry) {
      return entry.keys.some(function (k) { return k.indexOf(q) !== -1; }) ||
        phonetic(entry, words);
    }).map(function (entry) { return entry.id; });
    hits = hits.filter(function (id) { var n = nodes.get(id); return n && !n.hidden; });
    status.textContent = hits.length + " found";
    network.selectNodes(hits);
    if (hits.length) { network.fit({nodes: hits, animation: false}); }
  }
  var box = document.getElementById("kg-search");
  box.addEventListener("input", function () { search(box.value); });
  box.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { search(box.value); } });

  // Type filters: the legend entries double as check boxes.
  function applyFilters() {
    var shown = {};
    Array.prototype.forEach.call(document.querySelectorAll(".kg-filter"), function (box) {
      shown[box.value] = box.checked;
    });
    nodes.update(data.nodes.map(function (n) {
      return {id: n.id, hidden: shown[n.kg.type] === false};
    }));
  }
  Array.prototype.forEach.call(document.querySelectorAll(".kg-filter"), function (box) {
    box.addEventListener("change", applyFilters);
  });
}());
</script>
</body>
</html>
"""
