// Search on the static mirror (flames export): the search page of an exported
// site has no server behind it, so it asks Pagefind's index, built by the export
// into pagefind/ at the mirror's root. The live site never loads this script.
(function () {
  "use strict";
  var LIMIT = 20;
  var script = document.currentScript;
  var form = document.querySelector("form.search-form");
  if (!script || !form) return;
  var text = script.dataset;
  // This file is static/flames/static-search[.hash].js under the mirror's root.
  var root = new URL("../../", script.src);
  var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
  var input = form.querySelector("input[name=q]");
  if (input) input.value = query;
  // The index has no topic, year or language filters; the page's language decides.
  form.querySelectorAll(".filters select, .filters label, .person-filter").forEach(function (node) {
    node.hidden = true;
  });
  var status = document.createElement("p");
  status.className = "count";
  status.setAttribute("role", "status");
  var list = document.createElement("ol");
  list.className = "results";
  form.after(status, list);
  if (!query) return;
  if (window.location.protocol === "file:") {
    status.textContent = text.offline;
    return;
  }
  status.textContent = text.searching;
  // The export adds pages changed since its full index to a small delta index, and
  // lists the full index's outdated entries in the overlay: ask both, hide those. The
  // delta is asked only if it has pages in the page's language (the overlay lists its
  // languages): Pagefind would otherwise answer from its biggest language.
  // Revalidated on every search: each export rewrites it under the same name.
  var overlay = fetch(new URL("pagefind/flames-overlay.json", root), { cache: "no-cache" })
    .then(function (response) { return response.ok ? response.json() : {}; })
    .catch(function () { return {}; });
  Promise.all([overlay, search("pagefind/pagefind.js")])
    .then(function (found) {
      var hidden = new Set(found[0].hidden || []);
      var results = found[1].results.filter(function (result) { return !hidden.has(result.id); });
      if ((found[0].delta || []).indexOf(document.documentElement.lang) < 0) return results;
      return search("pagefind-delta/pagefind.js").then(function (delta) {
        return results.concat(delta.results).sort(function (a, b) { return b.score - a.score; });
      });
    })
    .then(function (results) {
      var shown = results.slice(0, LIMIT).map(function (result) { return result.data(); });
      return Promise.all(shown).then(function (pages) { show(pages, results.length); });
    })
    .catch(function () { status.textContent = text.failed; });

  function search(bundle) {
    return import(new URL(bundle, root).href).then(function (pagefind) {
      return pagefind.search(query);
    });
  }

  function show(pages, total) {
    if (!pages.length) {
      status.textContent = text.none.replace("{query}", query);
      return;
    }
    status.textContent = text.count.replace("{count}", String(total));
    pages.forEach(function (page) {
      var item = document.createElement("li");
      item.className = "result";
      var heading = document.createElement("h2");
      var link = document.createElement("a");
      // Pagefind's addresses already start at the mirror's root (it knows where its bundle is).
      link.href = new URL(page.url, root).href;
      link.textContent = (page.meta && page.meta.title) || page.url;
      heading.append(link);
      item.append(heading);
      if (page.excerpt) item.append(excerpt(page.excerpt));
      list.append(item);
    });
  }

  // Pagefind marks matches with <mark>; keep those and plain text, nothing else.
  function excerpt(markup) {
    var snippet = document.createElement("p");
    snippet.className = "snippet";
    var parsed = new DOMParser().parseFromString(markup, "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        snippet.append(mark);
      } else {
        snippet.append(document.createTextNode(node.textContent));
      }
    });
    return snippet;
  }
})();
