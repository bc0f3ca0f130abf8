/* Draws the page's Mermaid diagrams (<pre class="mermaid">, OBSIDIAN-RENDERING
   R13) with the vendored mermaid.min.js (Mermaid 11.17.2, MIT licence, from
   the npm package's dist/). Loaded only by pages that have a diagram; in the
   reader's colour scheme; securityLevel "strict": no HTML or scripts in
   labels. */
(function () {
  if (!window.mermaid) return;
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  window.mermaid.initialize({
    startOnLoad: false,
    securityLevel: "strict",
    theme: dark ? "dark" : "default",
  });
  window.mermaid.run({ querySelector: "pre.mermaid" });
})();
