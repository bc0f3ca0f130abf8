/* Draws the page's Mermaid diagrams (<pre class="mermaid">, OBSIDIAN-RENDERING
   R13) with the vendored mermaid.min.js (Mermaid 11.17.2, MIT licence, from
   the npm package's dist/). Loaded only by pages that have a diagram; in the
   reader's colour scheme; securityLevel "strict": no HTML or scripts in
   labels.

   Each diagram is drawn on its own, so one that Mermaid cannot parse does
   not stop the others: it keeps its source, marked as an error with
   Mermaid's message above it (check's `mermaid-invalid` names the common
   causes, an unknown diagram type, a block without its `end`, brackets in
   unquoted node text, before a reader sees it). */
(function () {
  if (!window.mermaid) return;
  /* The reader's theme (theme.js), else the system's. */
  var dark = window.phasebookDarkTheme
    ? window.phasebookDarkTheme()
    : window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  window.mermaid.initialize({
    startOnLoad: false,
    securityLevel: "strict",
    theme: dark ? "dark" : "default",
    suppressErrorRendering: true,
  });
  var blocks = Array.prototype.slice.call(document.querySelectorAll("pre.mermaid"));
  blocks.reduce(function (drawn, pre) {
    var source = pre.textContent;
    return drawn.then(function () {
      return window.mermaid.run({ nodes: [pre] }).catch(function (err) {
        pre.textContent = source;
        pre.classList.add("mermaid-error");
        var message = document.createElement("p");
        message.className = "mermaid-error-message";
        message.setAttribute("role", "note");
        var why = String((err && err.message) || err || "").split("\n")[0];
        message.textContent = "This diagram could not be drawn" + (why ? ": " + why : ".");
        pre.parentNode.insertBefore(message, pre);
      });
    });
  }, Promise.resolve());
})();
