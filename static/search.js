/*
 * brief: client-side search over the index written at build time.
 *
 * `search-index.js` sets `window.briefSearch`, one array per record:
 * [kind, title, date (ISO), path, snippet, terms], `path` relative to the
 * site root. An article with quotes carries them as a seventh item, each
 * [id, speaker or null, snippet]; they become records of their own, after
 * all the others, with the article's date and title and an anchored path.
 * This script lives at the root, so it resolves paths against its own
 * URL: the same files work on any host, under any sub-path, and opened from
 * a folder (file://), where folder links need their index.html spelled out.
 *
 * Matching: every word of the query must occur in the record's title,
 * snippet or terms, ignoring case and diacritics (Erdogan finds Erdoğan).
 * Records whose title holds the words come first, then the newest.
 * Results are built with DOM calls and textContent only: nothing in the
 * index is ever parsed as HTML.
 */
(function () {
  "use strict";

  var LIMIT = 50;
  var KINDS = { note: "Note", article: "Source", actor: "Actor", quote: "Quote" };

  var index = records(window.briefSearch || []);
  var root = new URL(".", document.currentScript.src);
  var fromFiles = root.protocol === "file:";
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list || !status) return;

  /* The records of the index, each article's quotes unpacked after the rest. */
  function records(packed) {
    var quotes = [];
    var out = packed.map(function (r) {
      (r[6] || []).forEach(function (q) {
        quotes.push(["quote", q[1] || "Unattributed", r[2], r[3] + "#" + q[0], q[2], r[1]]);
      });
      return r.slice(0, 6);
    });
    return out.concat(quotes);
  }

  /* Lower case without diacritics, with a map from each folded character
     back to its place in the original, for highlighting. */
  function fold(text) {
    var out = "";
    var at = [];
    for (var i = 0; i < text.length; i++) {
      var piece = text[i].normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
      for (var k = 0; k < piece.length; k++) at.push(i);
      out += piece;
    }
    at.push(text.length);
    return { text: out, at: at };
  }

  var folded = null;
  function haystacks() {
    if (!folded) {
      folded = index.map(function (r) {
        return {
          title: fold(r[1]).text,
          all: fold(r[1] + "\n" + r[4] + "\n" + r[5]).text,
        };
      });
    }
    return folded;
  }

  function words(query) {
    return fold(query).text.split(/[\s,.;:!?"“”‘’()]+/).filter(Boolean);
  }

  function search(query) {
    var terms = words(query);
    if (!terms.length) return { terms: terms, hits: [] };
    var hay = haystacks();
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var h = hay[i];
      var all = true;
      var inTitle = 0;
      for (var t = 0; t < terms.length; t++) {
        if (h.all.indexOf(terms[t]) < 0) { all = false; break; }
        if (h.title.indexOf(terms[t]) >= 0) inTitle++;
      }
      if (all) hits.push({ i: i, score: inTitle });
    }
    hits.sort(function (a, b) {
      if (b.score !== a.score) return b.score - a.score;
      var da = index[a.i][2] || "";
      var db = index[b.i][2] || "";
      if (db !== da) return db < da ? -1 : 1;
      return a.i - b.i;
    });
    return { terms: terms, hits: hits };
  }

  function href(path) {
    var url = new URL(path, root);
    if (fromFiles && url.pathname.slice(-1) === "/") url.pathname += "index.html";
    return url.href;
  }

  /* Appends `text` to `parent`, each occurrence of a term in a <mark>. */
  function highlighted(parent, text, terms) {
    var f = fold(text);
    var marks = [];
    terms.forEach(function (term) {
      for (var from = f.text.indexOf(term); from >= 0; from = f.text.indexOf(term, from + 1)) {
        marks.push([f.at[from], f.at[from + term.length]]);
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var done = 0;
    marks.forEach(function (m) {
      if (m[0] < done) return;
      parent.appendChild(document.createTextNode(text.slice(done, m[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m[0], m[1]);
      parent.appendChild(mark);
      done = m[1];
    });
    parent.appendChild(document.createTextNode(text.slice(done)));
  }

  /* "2025-05-16" as "16 May 2025", as the pages show dates. */
  function human(iso) {
    return new Date(iso + "T00:00:00Z").toLocaleDateString("en-GB", {
      day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
    });
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function show(query) {
    var found = search(query);
    list.textContent = "";
    if (!found.terms.length) {
      status.textContent = index.length + " notes, sources, actors and quotes to search.";
      return;
    }
    var shown = found.hits.slice(0, LIMIT);
    shown.forEach(function (hit) {
      var r = index[hit.i];
      var item = element("li", "search-result search-" + r[0]);
      var head = element("p", "search-head");
      head.appendChild(element("span", "search-kind", KINDS[r[0]] || r[0]));
      head.appendChild(document.createTextNode(" "));
      var link = element("a");
      link.href = href(r[3]);
      highlighted(link, r[1], found.terms);
      head.appendChild(link);
      if (r[2]) {
        head.appendChild(document.createTextNode(" "));
        var date = element("time", "meta search-date", human(r[2]));
        date.dateTime = r[2];
        head.appendChild(date);
      }
      item.appendChild(head);
      if (r[4]) {
        var snippet = element("p", "search-snippet");
        highlighted(snippet, r[0] === "quote" ? "“" + r[4] + "”" : r[4], found.terms);
        item.appendChild(snippet);
      }
      if (r[0] === "quote" && r[5]) item.appendChild(element("p", "meta search-source", "in " + r[5]));
      list.appendChild(item);
    });
    var n = found.hits.length;
    status.textContent =
      n === 0 ? "No results for “" + query.trim() + "”." :
      (n > LIMIT ? "The first " + LIMIT + " of " + n : n) + " result" + (n === 1 ? "" : "s") +
      " for “" + query.trim() + "”.";
  }

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  show(input.value);
  input.addEventListener("input", function () {
    show(input.value);
    if (!fromFiles) {
      var url = new URL(location.href);
      if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
      history.replaceState(null, "", url.href);
    }
  });
  input.form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(input.value);
  });
})();
