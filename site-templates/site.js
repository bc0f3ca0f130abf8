/* phasebook theme script: small progressive enhancements, nothing the pages
 * need to work, nothing that needs a server.
 *
 * - Marks the table-of-contents entry of the section being read
 *   (class "is-active" on the link in .toc).
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
