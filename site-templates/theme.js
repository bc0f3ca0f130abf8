/* The reader's colour theme: the system's (the default), light or dark,
   picked with the header's theme button and remembered in localStorage
   ("phasebook-theme"), across pages, reloads and open tabs.

   The dark style sheets (dark.css, highlight-dark.css) are linked with
   media="screen and (prefers-color-scheme: dark)" and data-dark, so
   without this script the site follows the system (and prints light). A
   choice sets their media to "screen" (dark) or "not all" (light), and
   <html> gets class "theme-dark" or
   "theme-light" (the classes Obsidian Publish's publish.css snippets use)
   and the matching color-scheme. Loaded in <head> without defer, after the
   style sheets, so the first paint is already in the chosen theme. */
(function () {
  "use strict";
  var KEY = "phasebook-theme";
  /* Screen only: a page is printed light, whatever the theme. */
  var SYSTEM = "screen and (prefers-color-scheme: dark)";
  var NEXT = { system: "light", light: "dark", dark: "system" };
  var LABEL = { system: "Theme: system", light: "Theme: light", dark: "Theme: dark" };
  var query = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  /* The choice in force here: storage may be refused, and the button
     must still cycle. */
  var choice = null;

  function stored() {
    if (choice) return choice;
    try {
      var value = window.localStorage.getItem(KEY);
      return value === "light" || value === "dark" ? value : "system";
    } catch (e) {
      return "system"; /* storage refused (file://, privacy settings) */
    }
  }

  function isDark(choice) {
    return choice === "dark" || (choice === "system" && !!query && query.matches);
  }

  function apply(choice) {
    var links = document.querySelectorAll("link[data-dark]");
    for (var i = 0; i < links.length; i++) {
      links[i].media = choice === "dark" ? "screen" : choice === "light" ? "not all" : SYSTEM;
    }
    var root = document.documentElement;
    var dark = isDark(choice);
    root.classList.toggle("theme-dark", dark);
    root.classList.toggle("theme-light", !dark);
    root.style.colorScheme = choice === "system" ? "" : choice;
    var button = document.querySelector(".theme-toggle");
    if (button) {
      button.setAttribute("data-theme-choice", choice);
      button.setAttribute("aria-label", LABEL[choice] + " (change)");
      button.title = LABEL[choice];
    }
  }

  /* For mermaid-init.js: whether diagrams are drawn dark. */
  window.phasebookDarkTheme = function () {
    return isDark(stored());
  };

  apply(stored());
  if (query && query.addEventListener) {
    query.addEventListener("change", function () {
      apply(stored());
    });
  }
  /* A choice made in another tab. */
  window.addEventListener("storage", function (event) {
    if (event.key !== KEY) return;
    choice = null;
    apply(stored());
  });
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    button.hidden = false;
    apply(stored());
    button.addEventListener("click", function () {
      var next = NEXT[stored()];
      choice = next;
      try {
        if (next === "system") window.localStorage.removeItem(KEY);
        else window.localStorage.setItem(KEY, next);
      } catch (e) {
        /* not remembered, still applied to this page */
      }
      apply(next);
    });
  });
})();

/* The sidebar's folding, kept across pages. Each folder and workflow is a
   <details data-nav="…">; the page unfolds those on its own path
   (data-current). What the reader unfolds or folds elsewhere is
   remembered in sessionStorage ("phasebook-nav") and applied by each
   page's sidebar script as soon as the tree is in place, before the page
   below it is laid out, so nothing jumps. The current page's path stays
   unfolded. */
window.phasebookSidebar = function (nav) {
  "use strict";
  var KEY = "phasebook-nav";
  var state = {};
  try {
    state = JSON.parse(window.sessionStorage.getItem(KEY) || "{}");
  } catch (e) {
    state = null;
  }
  if (!state || typeof state !== "object" || Array.isArray(state)) state = {};
  var folds = nav.querySelectorAll("details[data-nav]");
  for (var i = 0; i < folds.length; i++) {
    var d = folds[i];
    var name = d.getAttribute("data-nav");
    if (!d.hasAttribute("data-current") && Object.prototype.hasOwnProperty.call(state, name)) {
      d.open = !!state[name];
    }
  }
  nav.addEventListener(
    "toggle",
    function (event) {
      var d = event.target;
      if (!d.getAttribute || !d.hasAttribute("data-nav") || d.hasAttribute("data-current")) return;
      state[d.getAttribute("data-nav")] = d.open;
      try {
        window.sessionStorage.setItem(KEY, JSON.stringify(state));
      } catch (e) {
        /* not remembered */
      }
    },
    true
  );
  /* The current page's link in view in a long sidebar (the sidebar's own
     scroll only: scrollIntoView would scroll the page too). */
  var current = nav.querySelector('a[aria-current="page"]');
  if (current && nav.scrollHeight > nav.clientHeight) {
    var below = current.getBoundingClientRect().top - nav.getBoundingClientRect().top;
    if (below > nav.clientHeight * 0.8) nav.scrollTop += below - nav.clientHeight / 2;
  }
};
