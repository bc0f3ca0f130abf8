/* phasebook search: a static full-text index, no server, no network.
 *
 * The index lives in ROOT + "_phasebook/search/" as plain scripts that assign
 * into window.phasebookSearch (see docs/site-templates.md, "Search"):
 *
 *   meta.js        phasebookSearch.meta = {version, docs, sections, chunk, shards}
 *   docs.js        phasebookSearch.docs = [[title, url], …]
 *   sections-K.js  phasebookSearch.sections[K] = [[doc, anchor, heading, snippet], …]
 *   terms-S.js     phasebookSearch.terms[S] = {"term": [gap, …], …}
 *                  (the term's sections ascending, each written as the gap
 *                  from the one before; postings() adds them back up)
 *
 * Scripts are loaded with <script> tags, never fetch/XHR, so the site also
 * searches from file://. Nothing is loaded before the search box is used:
 * meta.js and docs.js on the first focus or input, then for each query only
 * the term shards of its words and the section chunks of its top results.
 *
 * The pure part (tokenise, shardOf, parseQuery, candidates, rank, search,
 * highlight) is exported for Node tests through `module.exports`; in a
 * browser `module` does not exist and the script exposes nothing but
 * window.phasebookSearch, the object the index files fill.
 */
(function () {
  "use strict";

  var MAX_RESULTS = 20;
  /* How many of the best candidates (by term matches alone) have their
     sections loaded to apply the heading/title boost; bounds the number of
     sections-K.js files one query may load. */
  var RANK_POOL = 50;
  /* A run of letters and digits. \p{Alphabetic} (letters plus the marks and
     letter-numbers Unicode counts as alphabetic) with \p{N} is exactly
     Rust's char::is_alphanumeric, which the index builder splits on; for
     plain letters it is the same as [\p{L}\p{N}]. */
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  var ENDS_IN_WORD = /[\p{Alphabetic}\p{N}]$/u;

  /* ------------------------------------------------------------ pure part */

  /* Code points, not UTF-16 units: "at least 2 characters" counts characters. */
  function charCount(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 0xdc00 || c > 0xdfff) n++; // do not count low surrogates
    }
    return n;
  }

  /* The index's terms of a text: runs of Unicode letters and digits at
     least 2 characters long, each lower-cased, in order (repeats kept).
     Split first, lower-case after, as the index does: lower-casing can
     change a run ("İ" becomes "i" + a combining dot). */
  function tokenise(text) {
    var out = [];
    var runs = String(text == null ? "" : text).match(WORD);
    if (!runs) return out;
    for (var i = 0; i < runs.length; i++) {
      if (charCount(runs[i]) >= 2) out.push(runs[i].toLowerCase());
    }
    return out;
  }

  /* The shard of a term: (c0 * 31 + c1) % shards over its first two UTF-16
     code units (as the index builder's encode_utf16); a 1-unit term uses
     c1 = 0. */
  function shardOf(term, shards) {
    var c0 = term.length > 0 ? term.charCodeAt(0) : 0;
    var c1 = term.length > 1 ? term.charCodeAt(1) : 0;
    return (c0 * 31 + c1) % shards;
  }

  /* A query: its distinct words in order; the last one is a prefix unless
     the query ends with a separator (the user finished typing that word).
     {words: [..], prefix: bool} */
  function parseQuery(query) {
    var q = String(query == null ? "" : query);
    var words = [];
    var all = tokenise(q);
    for (var i = 0; i < all.length; i++) {
      if (words.indexOf(all[i]) < 0) words.push(all[i]);
    }
    var prefix = words.length > 0 && ENDS_IN_WORD.test(q);
    /* "release rel": the prefix word is the last one typed; if it repeats an
       earlier exact word it adds nothing, so keep it as the prefix. */
    if (prefix) {
      var last = all[all.length - 1];
      words.splice(words.indexOf(last), 1);
      words.push(last);
    }
    return { words: words, prefix: prefix };
  }

  /* The shards a parsed query needs. */
  function shardsFor(parsed, meta) {
    var out = [];
    for (var i = 0; i < parsed.words.length; i++) {
      var s = shardOf(parsed.words[i], meta.shards);
      if (out.indexOf(s) < 0) out.push(s);
    }
    return out;
  }

  function isPrefixWord(parsed, i) {
    return parsed.prefix && i === parsed.words.length - 1;
  }

  /* The sections holding `term` in a shard, ascending. The index writes
     each list as gaps (the first section, then the distance from the one
     before: short numbers where the ids are long); this adds them up. */
  function postings(shard, term) {
    var gaps = shard[term];
    var out = new Array(gaps.length);
    var at = 0;
    for (var i = 0; i < gaps.length; i++) {
      at += gaps[i];
      out[i] = at;
    }
    return out;
  }

  /* Candidates: the sections holding every word (AND; the last word through
     any term it begins), each with `exact`, the number of query words it
     holds exactly, sorted by exact (descending) then section id.
     Needs index.meta and index.terms[shard] for the query's shards (a
     missing shard counts as empty). */
  function candidates(index, parsed) {
    var words = parsed.words;
    if (!words.length) return [];
    var counts = null; // section -> number of exact word hits, for sections holding all words so far
    for (var i = 0; i < words.length; i++) {
      var shard = index.terms[shardOf(words[i], index.meta.shards)] || {};
      var exactList = Object.prototype.hasOwnProperty.call(shard, words[i]) ? postings(shard, words[i]) : [];
      var hits = new Map(); // section -> 1 if exact, 0 if through a longer term
      if (isPrefixWord(parsed, i)) {
        for (var term in shard) {
          if (Object.prototype.hasOwnProperty.call(shard, term) && term !== words[i] && term.lastIndexOf(words[i], 0) === 0) {
            var list = postings(shard, term);
            for (var k = 0; k < list.length; k++) if (!hits.has(list[k])) hits.set(list[k], 0);
          }
        }
      }
      for (var j = 0; j < exactList.length; j++) hits.set(exactList[j], 1);
      if (counts === null) {
        counts = hits;
      } else {
        var next = new Map();
        counts.forEach(function (n, section) {
          if (hits.has(section)) next.set(section, n + hits.get(section));
        });
        counts = next;
      }
      if (counts.size === 0) return [];
    }
    var out = [];
    counts.forEach(function (n, section) {
      out.push({ section: section, exact: n });
    });
    out.sort(function (a, b) {
      return b.exact - a.exact || a.section - b.section;
    });
    return out;
  }

  /* The chunks (sections-K.js) holding these candidates. */
  function chunksFor(cands, meta) {
    var out = [];
    for (var i = 0; i < cands.length; i++) {
      var k = Math.floor(cands[i].section / meta.chunk);
      if (out.indexOf(k) < 0) out.push(k);
    }
    return out;
  }

  /* [doc, anchor, heading, snippet] of a section, or null when its chunk is
     not loaded. */
  function sectionAt(index, id) {
    var chunk = index.sections[Math.floor(id / index.meta.chunk)];
    return (chunk && chunk[id % index.meta.chunk]) || null;
  }

  /* How many query words a text holds (the prefix word through any term it
     begins). */
  function wordsIn(text, parsed) {
    var terms = tokenise(text);
    var n = 0;
    for (var i = 0; i < parsed.words.length; i++) {
      var w = parsed.words[i];
      for (var j = 0; j < terms.length; j++) {
        if (terms[j] === w || (isPrefixWord(parsed, i) && terms[j].lastIndexOf(w, 0) === 0)) {
          n++;
          break;
        }
      }
    }
    return n;
  }

  /* Rank candidates whose section is loaded and keep the best `limit`:
     more exact word hits first, then the boost (query words in the
     section's heading, in the note's title for its first section, and the
     first section itself), then the lower section id. Returns results
     {section, doc, title, url, anchor, heading, snippet, exact, boost}. */
  function rank(index, cands, parsed, limit) {
    var out = [];
    for (var i = 0; i < cands.length; i++) {
      var sec = sectionAt(index, cands[i].section);
      if (!sec) continue;
      var doc = index.docs[sec[0]] || ["", ""];
      var first = sec[1] === "";
      var boost = 2 * wordsIn(sec[2], parsed) + (first ? 1 + 2 * wordsIn(doc[0], parsed) : 0);
      out.push({
        section: cands[i].section,
        doc: sec[0],
        title: doc[0],
        url: doc[1],
        anchor: sec[1],
        heading: sec[2],
        snippet: sec[3],
        exact: cands[i].exact,
        boost: boost
      });
    }
    out.sort(function (a, b) {
      return b.exact - a.exact || b.boost - a.boost || a.section - b.section;
    });
    return out.slice(0, limit == null ? MAX_RESULTS : limit);
  }

  /* Search a fully loaded index object {meta, docs, sections, terms}. */
  function search(index, query, limit) {
    var parsed = parseQuery(query);
    return rank(index, candidates(index, parsed), parsed, limit);
  }

  /* A snippet cut into parts [{text, mark}] where `mark` is true on the
     words of the query (the prefix word: words it begins). */
  function highlight(text, parsed) {
    var parts = [];
    var s = String(text == null ? "" : text);
    var re = new RegExp(WORD.source, "gu");
    var last = 0;
    var m;
    while ((m = re.exec(s)) !== null) {
      var lower = m[0].toLowerCase();
      var hit = false;
      for (var i = 0; i < parsed.words.length && !hit; i++) {
        var w = parsed.words[i];
        hit = lower === w || (isPrefixWord(parsed, i) && lower.lastIndexOf(w, 0) === 0);
      }
      if (!hit) continue;
      if (m.index > last) parts.push({ text: s.slice(last, m.index), mark: false });
      parts.push({ text: m[0], mark: true });
      last = m.index + m[0].length;
    }
    if (last < s.length) parts.push({ text: s.slice(last), mark: false });
    return parts;
  }

  var api = {
    MAX_RESULTS: MAX_RESULTS,
    tokenise: tokenise,
    shardOf: shardOf,
    parseQuery: parseQuery,
    shardsFor: shardsFor,
    postings: postings,
    candidates: candidates,
    chunksFor: chunksFor,
    rank: rank,
    search: search,
    highlight: highlight
  };

  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  }

  if (typeof window === "undefined" || typeof document === "undefined") return;

  /* --------------------------------------------------------- browser part */

  var index = (window.phasebookSearch = window.phasebookSearch || {});
  /* Objects keyed by chunk / shard number, as the index files create them
     when they load first. */
  if (!index.sections) index.sections = {};
  if (!index.terms) index.terms = {};

  var input = document.getElementById("search");
  var box = document.getElementById("search-results");
  if (!input || !box) return;

  var base = (document.body.getAttribute("data-root") || "") + "_phasebook/search/";
  var loading = {}; // src -> Promise
  var ready = null; // Promise of meta.js + docs.js
  var seq = 0; // the latest query; older answers are dropped
  var active = -1; // keyboard selection in the results

  function loadScript(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = base + name;
        s.async = true;
        s.onload = function () {
          resolve();
        };
        s.onerror = function () {
          reject(new Error("cannot load " + name));
        };
        document.head.appendChild(s);
      });
    }
    return loading[name];
  }

  function start() {
    if (!ready) {
      ready = Promise.all([loadScript("meta.js"), loadScript("docs.js")]).then(function () {
        if (!index.meta || !index.docs || !(index.meta.shards > 0) || !(index.meta.chunk > 0)) {
          throw new Error("bad index");
        }
      });
      ready.catch(function () {}); // reported when a query needs it
    }
    return ready;
  }

  /* A shard or chunk file that is missing counts as empty. */
  function loadShard(s) {
    return loadScript("terms-" + s + ".js").then(null, function () {
      if (!index.terms[s]) index.terms[s] = {};
    });
  }

  function loadChunk(k) {
    return loadScript("sections-" + k + ".js").then(null, function () {
      if (!index.sections[k]) index.sections[k] = [];
    });
  }

  function clear() {
    while (box.firstChild) box.removeChild(box.firstChild);
    active = -1;
  }

  function close() {
    box.hidden = true;
    active = -1;
  }

  function message(text) {
    clear();
    var p = document.createElement("div");
    p.className = "search-message";
    p.textContent = text;
    box.appendChild(p);
    box.hidden = false;
  }

  /* <span class=NAME> holding text, the query words in <mark>. Index text
     only ever goes through textContent / text nodes. */
  function marked(name, text, parsed) {
    var span = document.createElement("span");
    span.className = name;
    var parts = highlight(text, parsed);
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].mark) {
        var mark = document.createElement("mark");
        mark.textContent = parts[i].text;
        span.appendChild(mark);
      } else {
        span.appendChild(document.createTextNode(parts[i].text));
      }
    }
    return span;
  }

  function render(results, parsed) {
    clear();
    if (!results.length) {
      message("No results");
      return;
    }
    var root = document.body.getAttribute("data-root") || "";
    for (var i = 0; i < results.length; i++) {
      var r = results[i];
      var a = document.createElement("a");
      a.className = "search-result";
      a.setAttribute("href", root + r.url + (r.anchor ? "#" + r.anchor : ""));
      a.appendChild(marked("search-title", r.title, parsed));
      if (r.heading) a.appendChild(marked("search-heading", r.heading, parsed));
      a.appendChild(marked("search-snippet", r.snippet, parsed));
      box.appendChild(a);
    }
    box.hidden = false;
  }

  function run() {
    var mine = ++seq;
    var parsed = parseQuery(input.value);
    if (!parsed.words.length) {
      clear();
      close();
      return;
    }
    start()
      .then(function () {
        return Promise.all(shardsFor(parsed, index.meta).map(loadShard));
      })
      .then(function () {
        if (mine !== seq) return null;
        var cands = candidates(index, parsed);
        var pool = cands.slice(0, Math.max(RANK_POOL, MAX_RESULTS));
        return Promise.all(chunksFor(pool, index.meta).map(loadChunk)).then(function () {
          return cands;
        });
      })
      .then(
        function (cands) {
          if (cands === null || mine !== seq) return;
          /* Candidates past the pool take part only when their chunk
             happens to be loaded already; see RANK_POOL. */
          render(rank(index, cands, parsed, MAX_RESULTS), parsed);
        },
        function () {
          if (mine === seq) message("Search index not found");
        }
      );
  }

  function links() {
    return box.querySelectorAll("a.search-result");
  }

  function select(i) {
    var all = links();
    if (!all.length) return;
    if (active >= 0 && all[active]) all[active].classList.remove("is-active");
    active = (i + all.length) % all.length;
    all[active].classList.add("is-active");
    all[active].scrollIntoView({ block: "nearest" });
  }

  input.addEventListener("focus", function () {
    start();
    if (box.firstChild && parseQuery(input.value).words.length) box.hidden = false;
  });

  input.addEventListener("input", run);

  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (box.hidden && box.firstChild) box.hidden = false;
      select(active + 1);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      select(active < 0 ? -1 : active - 1);
    } else if (e.key === "Enter") {
      var all = links();
      if (!box.hidden && all.length) {
        e.preventDefault();
        window.location.href = all[active >= 0 ? active : 0].href;
      }
    } else if (e.key === "Escape") {
      if (!box.hidden) {
        e.preventDefault();
        close();
      } else {
        input.blur();
      }
    }
  });

  /* Close when the focus or a click goes elsewhere. */
  document.addEventListener("mousedown", function (e) {
    if (e.target !== input && !box.contains(e.target)) close();
  });
  box.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      close();
      input.focus();
    }
  });
})();
