// The query page of `kg serve`: sends the query to /sparql on this server (no other address)
// and shows the answer. Every value from the graph is written with textContent, never as
// HTML: the graph is built from hostile articles.
"use strict";

const GRAPH_FORMS = /^\s*(?:(?:PREFIX\s+\S*:\s*<[^>]*>|BASE\s*<[^>]*>|#[^\n]*)\s*)*(CONSTRUCT|DESCRIBE)\b/i;

function cell(term) {
  if (!term) return "";
  if (term.type === "literal" && term["xml:lang"]) return term.value + " @" + term["xml:lang"];
  return term.value;
}

function showTable(doc, into) {
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const v of doc.head.vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const row of doc.results.bindings) {
    const tr = body.insertRow();
    for (const v of doc.head.vars) tr.insertCell().textContent = cell(row[v]);
  }
  into.appendChild(table);
  return doc.results.bindings.length + " rows";
}

async function run(event) {
  event.preventDefault();
  const query = document.getElementById("query").value;
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const graph = GRAPH_FORMS.test(query);
  results.replaceChildren();
  status.textContent = "running…";
  const started = performance.now();
  try {
    const answer = await fetch("sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/sparql-query",
        "Accept": graph ? "text/turtle" : "application/sparql-results+json",
      },
      body: query,
    });
    const text = await answer.text();
    let said = "";
    if (!answer.ok) {
      const pre = document.createElement("pre");
      pre.className = "error";
      pre.textContent = text;
      results.appendChild(pre);
      said = "HTTP " + answer.status;
    } else if (graph) {
      const pre = document.createElement("pre");
      pre.textContent = text;
      results.appendChild(pre);
      said = "graph";
    } else {
      const doc = JSON.parse(text);
      said = "boolean" in doc ? "answer: " + doc.boolean : showTable(doc, results);
    }
    if (answer.headers.get("X-Result-Truncated") === "true") {
      said += " (cut at " + answer.headers.get("X-Result-Limit") + ")";
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    status.textContent = said + " in " + seconds + " s";
  } catch (err) {
    status.textContent = "failed: " + err;
  }
}

document.getElementById("form").addEventListener("submit", run);

// A link to this page ending in #query=… (URL-encoded SPARQL) fills in the query and runs it,
// so a query can be shared as a link.
if (location.hash.startsWith("#query=")) {
  document.getElementById("query").value = decodeURIComponent(location.hash.slice(7));
  document.getElementById("form").requestSubmit();
}
