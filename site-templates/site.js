/* phasebook theme script: small progressive enhancements, nothing the pages
 * need to work, nothing that needs a server.
 *
 * - Marks the table-of-contents entry of the section being read
 *   (class "is-active" on the link in .toc).
 * - YouTube embeds load their player on a click.
 * - Heading anchors that copy their address; copy buttons on code blocks.
 * - "/" and Ctrl-K focus the search box.
 * (The theme button is theme.js's, which runs before the first paint.)
 */
(function () {
  "use strict";

  var links = document.querySelectorAll('.toc a[href^="#"]');
  if (!links.length || !("IntersectionObserver" in window)) return;

  /* Each toc link with its heading, in page order. */
  var entries = [];
  for (var i = 0; i < links.length; i++) {
    var id = links[i].getAttribute("href").slice(1);
    try {
      id = decodeURIComponent(id);
    } catch (e) {
      /* keep it as written */
    }
    var heading = document.getElementById(id);
    if (heading) entries.push({ link: links[i], heading: heading });
  }
  if (!entries.length) return;

  var current = null;
  var visible = new Set();

  function mark(entry) {
    if (entry === current) return;
    if (current) current.link.classList.remove("is-active");
    current = entry;
    if (current) current.link.classList.add("is-active");
  }

  /* The active section is the first heading in view, or else the last
     heading above the top of the viewport. */
  function update() {
    for (var i = 0; i < entries.length; i++) {
      if (visible.has(entries[i].heading)) {
        mark(entries[i]);
        return;
      }
    }
    var above = null;
    for (var j = 0; j < entries.length; j++) {
      if (entries[j].heading.getBoundingClientRect().top < 0) above = entries[j];
    }
    mark(above);
  }

  var observer = new IntersectionObserver(
    function (changes) {
      for (var i = 0; i < changes.length; i++) {
        if (changes[i].isIntersecting) visible.add(changes[i].target);
        else visible.delete(changes[i].target);
      }
      update();
    },
    /* Ignore the band under the sticky header and the bottom of the screen. */
    { rootMargin: "-64px 0px -40% 0px" }
  );

  for (var k = 0; k < entries.length; k++) observer.observe(entries[k].heading);
})();

/* YouTube embeds (R18): a link to the video until the reader clicks it,
   then the player from YouTube's privacy-enhanced host. Nothing of
   YouTube loads before the click; without this script the link stays. */
(function () {
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-youtube-id]");
    if (!link) return;
    var id = link.getAttribute("data-youtube-id");
    if (!/^[A-Za-z0-9_-]{11}$/.test(id)) return;
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.className = "embed-youtube-player";
    frame.src = "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1";
    frame.title = link.textContent;
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    link.parentNode.replaceChild(frame, link);
  });
})();

/* Copies text to the clipboard; `done` runs once it is there. Where the
   clipboard is refused (an insecure origin, a denied permission) nothing
   is copied and nothing breaks. */
function phasebookCopy(text, done) {
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(text).then(done, function () {});
  }
}

/* Heading anchors: every heading of the note with an id gets a "#" link to
   itself (the address to share), which also copies that address. Embedded
   content has no ids, so its headings get none. */
(function () {
  "use strict";
  var headings = document.querySelectorAll(
    ".note-header h1[id], .note-content h2[id], .note-content h3[id], .note-content h4[id], .note-content h5[id], .note-content h6[id]"
  );
  for (var i = 0; i < headings.length; i++) {
    var heading = headings[i];
    var anchor = document.createElement("a");
    anchor.className = "heading-anchor";
    anchor.href = "#" + encodeURIComponent(heading.id);
    anchor.textContent = "#";
    anchor.setAttribute("aria-label", "Link to this section: " + heading.textContent);
    anchor.addEventListener("click", function (event) {
      var link = event.currentTarget;
      phasebookCopy(link.href, function () {
        link.classList.add("is-copied");
        setTimeout(function () {
          link.classList.remove("is-copied");
        }, 1500);
      });
    });
    heading.appendChild(anchor);
  }
})();

/* A copy button on each code block (not on Mermaid diagrams). */
(function () {
  "use strict";
  var blocks = document.querySelectorAll(".note-content pre:not(.mermaid)");
  for (var i = 0; i < blocks.length; i++) {
    var pre = blocks[i];
    var button = document.createElement("button");
    button.type = "button";
    button.className = "code-copy";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy the code");
    button.addEventListener("click", function (event) {
      var b = event.currentTarget;
      var code = b.parentNode.querySelector("code") || b.parentNode;
      var text = code === b.parentNode ? code.textContent.slice(0, -b.textContent.length) : code.textContent;
      phasebookCopy(text, function () {
        b.textContent = "Copied";
        b.classList.add("is-copied");
        setTimeout(function () {
          b.textContent = "Copy";
          b.classList.remove("is-copied");
        }, 1500);
      });
    });
    pre.classList.add("has-copy");
    pre.appendChild(button);
  }
})();

/* "/" or Ctrl-K (⌘K) puts the focus in the search box, unless the reader
   is typing somewhere already. */
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var input = document.getElementById("search");
    if (!input) return;
    var key = event.key;
    var commandK = (event.ctrlKey || event.metaKey) && !event.altKey && (key === "k" || key === "K");
    var slash = key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey;
    if (!commandK && !slash) return;
    var target = event.target;
    var typing =
      target &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (slash && typing) return;
    if (commandK && typing && target !== input) return;
    event.preventDefault();
    input.focus();
    input.select();
  });
})();

/* Hover previews of internal links, as Obsidian Publish and Quartz have
   them: resting the pointer on a link to another page of the site shows
   the start of that page (or of the section its #heading names) in a
   popover, built from the page's own HTML, fetched once per page and
   cached. No build output per link. Pointers that cannot hover (touch)
   and file:// (where pages cannot be fetched) get none. */
(function () {
  "use strict";
  if (!window.fetch || !window.DOMParser || location.protocol === "file:") return;
  if (window.matchMedia && !window.matchMedia("(hover: hover)").matches) return;
  var pages = {};
  var popover = null;
  var pending = null;
  var showFor = null;
  var hideTimer = null;

  function load(path) {
    if (!pages[path]) {
      pages[path] = fetch(path, { credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.text();
        })
        .then(function (text) {
          return new DOMParser().parseFromString(text, "text/html");
        });
      pages[path].catch(function () {});
    }
    return pages[path];
  }

  /* The blocks to show: from the heading the hash names to the next
     heading of its level or above, else the page's first blocks. */
  function blocks(content, hash) {
    var all = Array.prototype.slice.call(content.children);
    var id = "";
    try {
      id = decodeURIComponent((hash || "").slice(1));
    } catch (e) {
      id = "";
    }
    var target = id ? content.ownerDocument.getElementById(id) : null;
    if (target && /^H[1-6]$/.test(target.tagName) && target.parentNode === content) {
      var level = Number(target.tagName[1]);
      var start = all.indexOf(target);
      var out = [target];
      for (var i = start + 1; i < all.length; i++) {
        var m = /^H([1-6])$/.exec(all[i].tagName);
        if (m && Number(m[1]) <= level) break;
        out.push(all[i]);
      }
      return out;
    }
    return all;
  }

  function build(doc, url) {
    var content = doc.querySelector(".note-content, .index-content");
    if (!content) return null;
    var box = document.createElement("div");
    box.className = "preview-popover";
    box.setAttribute("role", "tooltip");
    var title = doc.querySelector(".note-header h1, main h1");
    if (title) {
      var h = document.createElement("p");
      h.className = "preview-title";
      h.textContent = title.textContent.replace(/#$/, "");
      box.appendChild(h);
    }
    var body = document.createElement("div");
    body.className = "preview-body";
    var list = blocks(content, url.hash);
    var size = 0;
    for (var i = 0; i < list.length && size < 1500; i++) {
      var node = document.importNode(list[i], true);
      size += (node.textContent || "").length;
      body.appendChild(node);
    }
    /* No ids twice on one page, nothing that runs, links that lead where
       they led on their own page. */
    var scripts = body.querySelectorAll("script, iframe, audio, video");
    for (var s = 0; s < scripts.length; s++) scripts[s].remove();
    var withId = body.querySelectorAll("[id]");
    for (var k = 0; k < withId.length; k++) withId[k].removeAttribute("id");
    var refs = body.querySelectorAll("[href], [src]");
    for (var j = 0; j < refs.length; j++) {
      var attr = refs[j].hasAttribute("href") ? "href" : "src";
      try {
        refs[j].setAttribute(attr, new URL(refs[j].getAttribute(attr), url).href);
      } catch (e) {
        refs[j].removeAttribute(attr);
      }
    }
    box.appendChild(body);
    box.addEventListener("mouseenter", function () {
      clearTimeout(hideTimer);
    });
    box.addEventListener("mouseleave", hideSoon);
    return box;
  }

  function place(box, link) {
    var r = link.getBoundingClientRect();
    var width = Math.min(448, window.innerWidth - 16);
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + window.innerWidth - width - 8));
    box.style.width = width + "px";
    box.style.left = left + "px";
    var below = r.bottom + window.scrollY + 6;
    box.style.top = below + "px";
    document.body.appendChild(box);
    /* Above the link when there is no room below it. */
    if (r.bottom + 6 + box.offsetHeight > window.innerHeight && r.top > box.offsetHeight + 6) {
      box.style.top = r.top + window.scrollY - box.offsetHeight - 6 + "px";
    }
  }

  function hide() {
    clearTimeout(pending);
    showFor = null;
    if (popover) popover.remove();
    popover = null;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);
  }

  document.addEventListener("mouseover", function (event) {
    var link = event.target.closest && event.target.closest("a.internal-link[href]");
    if (!link || (popover && popover.contains(link))) return;
    var url;
    try {
      url = new URL(link.href, location.href);
    } catch (e) {
      return;
    }
    if (url.origin !== location.origin || url.pathname === location.pathname) return;
    if (!/\.html$/.test(url.pathname)) return;
    clearTimeout(hideTimer);
    if (showFor === link) return;
    hide();
    showFor = link;
    pending = setTimeout(function () {
      load(url.pathname).then(function (doc) {
        if (showFor !== link) return;
        var box = build(doc, url);
        if (!box) return;
        popover = box;
        place(box, link);
      }, function () {});
    }, 300);
  });

  document.addEventListener("mouseout", function (event) {
    var link = event.target.closest && event.target.closest("a.internal-link[href]");
    if (link && link === showFor && !(event.relatedTarget && link.contains(event.relatedTarget))) hideSoon();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
  window.addEventListener("scroll", function () {
    if (popover && !popover.matches(":hover")) hide();
  }, { passive: true });
})();

/* The local graph (<details class="local-graph">): this note, the notes it
   links to and that link to it, and theirs — one and two steps away —
   drawn as SVG from _phasebook/graph.js, which is loaded the first time a
   reader opens a graph. Whether the graph is open is remembered across
   pages (localStorage "phasebook-graph"). */
(function () {
  "use strict";
  var panel = document.querySelector("details.local-graph[data-graph-node]");
  if (!panel) return;
  var KEY = "phasebook-graph";
  var SVG = "http://www.w3.org/2000/svg";
  var root = document.body.getAttribute("data-root") || "";
  var center = Number(panel.getAttribute("data-graph-node"));
  var drawn = false;

  function loadGraph(done) {
    if (window.phasebookGraph) return done(window.phasebookGraph);
    var script = document.createElement("script");
    script.src = root + "_phasebook/graph.js";
    script.onload = function () {
      if (window.phasebookGraph) done(window.phasebookGraph);
    };
    document.head.appendChild(script);
  }

  /* Nodes one and two steps from the centre (at most 24, then 48 in
     all), each with its step and the node that reached it. */
  function neighbourhood(graph) {
    var adjacent = {};
    for (var i = 0; i + 1 < graph.e.length; i += 2) {
      var a = graph.e[i];
      var b = graph.e[i + 1];
      (adjacent[a] = adjacent[a] || []).push(b);
      (adjacent[b] = adjacent[b] || []).push(a);
    }
    var seen = {};
    seen[center] = { step: 0, via: null };
    var order = [center];
    var ring = [center];
    for (var step = 1; step <= 2; step++) {
      var next = [];
      var cap = step === 1 ? 24 : 48;
      for (var r = 0; r < ring.length; r++) {
        var near = adjacent[ring[r]] || [];
        for (var n = 0; n < near.length && order.length < cap; n++) {
          if (!seen[near[n]]) {
            seen[near[n]] = { step: step, via: ring[r] };
            order.push(near[n]);
            next.push(near[n]);
          }
        }
      }
      ring = next;
    }
    return { nodes: order, info: seen, adjacent: adjacent };
  }

  function el(name, attrs) {
    var e = document.createElementNS(SVG, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }

  function draw(graph) {
    if (drawn) return;
    drawn = true;
    var hood = neighbourhood(graph);
    var place = {};
    var rings = { 1: [], 2: [] };
    hood.nodes.forEach(function (n) {
      if (hood.info[n].step > 0) rings[hood.info[n].step].push(n);
    });
    place[center] = { x: 0, y: 0 };
    rings[1].forEach(function (n, i) {
      var angle = (2 * Math.PI * i) / rings[1].length - Math.PI / 2;
      place[n] = { x: 110 * Math.cos(angle), y: 110 * Math.sin(angle), angle: angle };
    });
    /* The second ring in the order of the first, each near its parent. */
    rings[2].sort(function (a, b) {
      return place[hood.info[a].via].angle - place[hood.info[b].via].angle;
    });
    rings[2].forEach(function (n, i) {
      var angle = (2 * Math.PI * i) / rings[2].length - Math.PI / 2;
      place[n] = { x: 200 * Math.cos(angle), y: 200 * Math.sin(angle) };
    });
    var svg = el("svg", { viewBox: "-260 -240 520 480", class: "graph-svg" });
    var shown = {};
    hood.nodes.forEach(function (n) {
      shown[n] = true;
    });
    hood.nodes.forEach(function (a) {
      (hood.adjacent[a] || []).forEach(function (b) {
        if (a < b && shown[b]) {
          svg.appendChild(
            el("line", { x1: place[a].x, y1: place[a].y, x2: place[b].x, y2: place[b].y, class: "graph-edge" })
          );
        }
      });
    });
    hood.nodes.forEach(function (n) {
      var node = graph.n[n];
      var step = hood.info[n].step;
      var link = el("a", { href: root + node[1], class: "graph-node graph-step-" + step });
      var title = el("title", {});
      title.textContent = node[0];
      link.appendChild(title);
      link.appendChild(el("circle", { cx: place[n].x, cy: place[n].y, r: step === 0 ? 9 : step === 1 ? 6 : 4 }));
      var label = el("text", { x: place[n].x, y: place[n].y + (step === 0 ? 24 : 18), "text-anchor": "middle" });
      label.textContent = node[0].length > 22 ? node[0].slice(0, 21) + "…" : node[0];
      link.appendChild(label);
      svg.appendChild(link);
    });
    panel.querySelector(".graph-view").appendChild(svg);
  }

  panel.addEventListener("toggle", function () {
    try {
      if (panel.open) window.localStorage.setItem(KEY, "open");
      else window.localStorage.removeItem(KEY);
    } catch (e) {
      /* not remembered */
    }
    if (panel.open) loadGraph(draw);
  });
  var remembered = false;
  try {
    remembered = window.localStorage.getItem(KEY) === "open";
  } catch (e) {
    remembered = false;
  }
  if (remembered) panel.open = true;
})();
