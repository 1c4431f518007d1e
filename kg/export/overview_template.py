"""The page template of the big-graph overview (kg.export.overview); HTML, CSS and JS only.

Jinja2 with autoescape on. As in the full view (kg.export.html_template), graph data never
passes through Jinja as markup: the overview arrives as one escaped JSON document, the data
files as JSON payloads of ``kgData(...)`` calls, and names reach the page only through
``textContent`` and canvas labels. The Content-Security-Policy allows scripts from the page
itself and from its own folder (``'self'``, and ``file:`` for a page opened from the disk),
never from the network.
"""

from __future__ import annotations

OVERVIEW_TEMPLATE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'none'; script-src 'unsafe-inline' 'self' file:;
               style-src 'unsafe-inline'; img-src data: blob:; font-src data:;
               connect-src 'none'">
<title>{{ title }}</title>
<style>{{ vis_css }}</style>
<style>
{{ page_css }}
  #kg-search { width: 18em; padding: 3px 6px; }
  #kg-status { color: #555; }
  #kg-main { flex: 1; display: flex; min-height: 300px; }
  #kg-network { flex: 1; direction: rtl; }
  #kg-results { width: 22em; overflow-y: auto; border-left: 1px solid #ddd; margin: 0;
                padding: 4px 8px; list-style: none; font-size: 13px; }
  #kg-results li { padding: 3px 0; cursor: pointer; border-bottom: 1px solid #eee; }
  #kg-results li:hover { background: #eef; }
  .kg-ar { direction: rtl; unicode-bidi: isolate; }
  .kg-tip { direction: ltr; text-align: left; max-width: 480px; white-space: normal;
            font-size: 13px; }
  .kg-tip .kg-name { font-weight: bold; font-size: 15px; }
  .kg-tip .kg-head { color: #555; margin-top: 4px; }
  .kg-tip code { background: #f3f3f3; padding: 1px 3px; }
</style>
</head>
<body>
<div id="kg-bar">
  <h1>{{ title }}</h1>
  <label>Search all names <input id="kg-search" type="search" dir="auto"
         placeholder="name / الاسم" autocomplete="off"></label>
  <span id="kg-status" aria-live="polite"></span>
  <span>{{ summary }}</span>
</div>
<div id="kg-main">
  <div id="kg-network"></div>
  <ul id="kg-results"></ul>
</div>
<script type="application/json" id="kg-data">{{ data_json }}</script>
<script>{{ vis_js }}</script>
<script>
(function () {
  "use strict";
  var page = JSON.parse(document.getElementById("kg-data").textContent);
  var DATA = page.folder, BLOCK = page.block, LRM = "\u200e";
  var store = {n: {}, a: {}, s: {}}, waiting = {};
  var status = document.getElementById("kg-status");

  // A data file calls kgData with gzip-compressed JSON in base64: inflate, parse, keep.
  function inflate(packed) {
    var bytes = Uint8Array.from(atob(packed), function (c) { return c.charCodeAt(0); });
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }
  window.kgData = function (kind, block, packed) {
    inflate(packed).then(function (payload) {
      store[kind][block] = payload;
      (waiting[kind + block] || []).forEach(function (done) { done(); });
      delete waiting[kind + block];
    });
  };
  function need(kind, block) {
    return new Promise(function (resolve, reject) {
      if (store[kind][block] !== undefined) { resolve(store[kind][block]); return; }
      var key = kind + block;
      var first = !waiting[key];
      waiting[key] = (waiting[key] || []).concat([function () { resolve(store[kind][block]); }]);
      if (!first) { return; }
      var name = kind + String(block).padStart(kind === "s" ? 2 : 4, "0") + ".js";
      var tag = document.createElement("script");
      tag.src = DATA + "/" + name;
      tag.onerror = function () { reject(new Error("cannot load " + DATA + "/" + name)); };
      document.head.appendChild(tag);
    });
  }
  function record(i) {
    var b = Math.floor(i / BLOCK);
    return need("n", b).then(function (rows) { return rows[i - b * BLOCK]; });
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function tip(rec) {
    var box = el("div", "kg-tip");
    box.appendChild(el("div", "kg-name kg-ar", rec[2]));
    if (rec[3]) { box.appendChild(el("div", null, rec[3])); }
    box.appendChild(el("div", "kg-head", rec[4] + (rec[8] ? " \u00b7 " + rec[8] : "") +
                       " \u00b7 " + rec[6] + " source(s) \u00b7 " + rec[7] + " link(s)"));
    if (rec[5].length) {
      box.appendChild(el("div", "kg-head", "Aliases"));
      box.appendChild(el("div", "kg-ar", rec[5].join(" | ")));
    }
    box.appendChild(el("div", "kg-head", "Sources and evidence:"));
    box.appendChild(el("code", null, "kg view graph.ttl --focus " + rec[0] + " --hops 1"));
    return box;
  }
  function visNode(i, rec) {
    var style = page.styles[rec[1]] || page.styles.Unknown;
    return {id: i, label: rec[3] ? rec[2] + "\n" + LRM + rec[3] + LRM : rec[2],
            shape: style[1], color: style[0], value: rec[7] + 1, title: tip(rec)};
  }

  var nodes = new vis.DataSet([]), edges = new vis.DataSet([]);
  // vis redraws after every add: new nodes and edges are collected, then added at once
  function visEdge(a, b, rel, out) {
    var from = out ? a : b, to = out ? b : a;
    return {id: from + ">" + to + ">" + rel, from: from, to: to, arrows: "to",
            title: page.relations[rel],
            color: page.edge_colours[page.relations[rel]] || "#9e9e9e"};
  }
  // the overview goes in before the network is made, so that its layout is stabilised
  nodes.add(Object.keys(page.nodes).map(function (k) {
    return visNode(Number(k), page.nodes[k]);
  }));
  edges.add(page.edges.map(function (e) { return visEdge(e[0], e[1], e[2], e[3]); }));
  var network = new vis.Network(document.getElementById("kg-network"),
                                {nodes: nodes, edges: edges}, page.options);
  window.kgNetwork = network;
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({physics: {enabled: false}});
    network.fit({animation: false});
    document.body.setAttribute("data-kg-stable", "1");
    document.body.setAttribute("data-kg-stable-ms", String(Math.round(performance.now())));
  });
  if (!page.edges.length) { document.body.setAttribute("data-kg-stable", "1"); }

  // A node's neighbourhood, loaded from the data folder: placed on a circle around it.
  function expand(i) {
    var b = Math.floor(i / BLOCK);
    status.textContent = "loading\u2026";
    return Promise.all([record(i), need("a", b)]).then(function (got) {
      var rec = got[0], adjacent = got[1][i - b * BLOCK];
      if (!nodes.get(i)) { nodes.add(visNode(i, rec)); }
      var shown = adjacent.slice(0, page.max_neighbours);
      return Promise.all(shown.map(function (n) { return record(n[0]); })).then(function (recs) {
        var at = network.getPositions([i])[i] || {x: 0, y: 0};
        var newNodes = [], newEdges = [], seen = {};
        recs.forEach(function (r, k) {
          var other = shown[k][0];
          if (!nodes.get(other) && !seen[other]) {
            seen[other] = true;
            var angle = 2 * Math.PI * k / recs.length, radius = 120 + 4 * recs.length;
            var node = visNode(other, r);
            node.x = at.x + radius * Math.cos(angle);
            node.y = at.y + radius * Math.sin(angle);
            newNodes.push(node);
          }
          var edge = visEdge(i, other, shown[k][1], shown[k][2]);
          if (!edges.get(edge.id)) { newEdges.push(edge); }
        });
        nodes.add(newNodes);
        edges.update(newEdges);
        network.selectNodes([i]);
        network.fit({nodes: [i].concat(shown.map(function (n) { return n[0]; })),
                     animation: false});
        status.textContent = rec[2] + ": " + adjacent.length + " link(s)" +
          (adjacent.length > shown.length ? ", first " + shown.length + " shown" : "");
        document.body.setAttribute("data-kg-loaded", rec[0] + ":" + shown.length);
        document.body.setAttribute("data-kg-loaded-ms", String(Math.round(performance.now())));
      });
    }).catch(function (err) {
      status.textContent = String(err.message || err);
      window.kgErrors = (window.kgErrors || 0) + 1;
    });
  }
  network.on("doubleClick", function (params) {
    if (params.nodes.length) { expand(params.nodes[0]); }
  });

  // Search over every name: the same folding and Latin phonetic key as the full view.
  {{ namematch_js }}
  var index = null;
  function loadIndex() {
    if (index) { return Promise.resolve(index); }
    var parts = [];
    for (var k = 0; k < page.search_files; k++) { parts.push(need("s", k)); }
    status.textContent = "loading names\u2026";
    return Promise.all(parts).then(function (files) {
      index = [];
      files.forEach(function (rows) {
        rows.forEach(function (r) {
          index.push({i: r[0], names: r[1].split("\t").map(fold),
                      lkeys: r[2] ? r[2].split("\t") : []});
        });
      });
      index.sort(function (a, b) { return a.i - b.i; });
      status.textContent = "";
      return index;
    });
  }
  function inOrder(short, full) {
    var i = 0;
    for (var j = 0; j < full.length && i < short.length; j++) {
      if (full[j] === short[i]) { i++; }
    }
    return short.length > 0 && i === short.length;
  }
  // 0: a name equals the query; 1: a name contains it; 2: same Latin phonetic key; -1: none
  function rank(entry, q, words) {
    if (entry.names.indexOf(q) !== -1) { return 0; }
    if (entry.names.some(function (n) { return n.indexOf(q) !== -1; })) { return 1; }
    var whole = collapse(words.join(""));
    if (whole.length < 3) { return -1; }
    return entry.lkeys.some(function (k) {
      return inOrder(words, k.split(" ")) || collapse(k.replace(/ /g, "")) === whole;
    }) ? 2 : -1;
  }
  var results = document.getElementById("kg-results");
  function search(query) {
    var q = fold(query.trim());
    results.textContent = "";
    if (!q) { status.textContent = ""; return Promise.resolve([]); }
    return loadIndex().then(function (all) {
      var words = /[\u0621-\u064a]/.test(q) ? [] : latinWordKeys(q);
      var hits = [];
      all.forEach(function (e) {
        var r = rank(e, q, words);
        if (r >= 0) { hits.push({i: e.i, r: r}); }
      });
      hits.sort(function (a, b) { return a.r - b.r || a.i - b.i; });
      status.textContent = hits.length + " found";
      var first = hits.slice(0, 50);
      return Promise.all(first.map(function (h) { return record(h.i); })).then(function (recs) {
        recs.forEach(function (rec, k) {
          var li = el("li");
          li.appendChild(el("div", "kg-ar", rec[2]));
          li.appendChild(el("div", null, (rec[3] ? rec[3] + " \u00b7 " : "") + rec[4]));
          li.addEventListener("click", function () { expand(first[k].i); });
          results.appendChild(li);
        });
        return first;
      });
    });
  }
  var box = document.getElementById("kg-search"), timer = null;
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(box.value); }, 250);
  });
  // An id's node number: a binary search over each block's first id, then that block.
  function byId(id) {
    var lo = 0, hi = page.firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (page.firsts[mid] <= id) { lo = mid; } else { hi = mid - 1; }
    }
    if (!page.firsts.length || page.firsts[lo] > id) { return Promise.resolve(-1); }
    return need("n", lo).then(function (rows) {
      for (var k = 0; k < rows.length; k++) {
        if (rows[k][0] === id) { return lo * BLOCK + k; }
      }
      return -1;
    });
  }
  // #focus=ID or a name: open its neighbourhood (links, bookmarks); a name is searched.
  var wanted = decodeURIComponent((location.hash.match(/^#focus=(.*)$/) || ["", ""])[1]);
  if (wanted) {
    box.value = wanted;
    byId(wanted).then(function (i) {
      if (i >= 0) { return expand(i); }
      return search(wanted).then(function (hits) {
        if (hits.length) { return expand(hits[0].i); }
      });
    });
  }
}());
</script>
</body>
</html>
"""
