// Unit tests of the theme's search (site-templates/search.js): tokenising,
// the shard function, prefix matching, AND semantics and ranking, over a
// small hand-made index in the format of docs/site-templates.md ("Search").
//
//   node --test tests/e2e/search.test.mjs
//
// Node 20, no npm packages. search.js is a browser script; outside a
// browser it only exports its pure functions through module.exports.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const search = require(fileURLToPath(new URL("../../site-templates/search.js", import.meta.url)));

// ------------------------------------------------------------ the index

const SHARDS = 64;
const CHUNK = 4;

const DOCS = [
  ["Release Plan", "delivery/artifacts/release-plan.html"],
  ["Rollback Plan", "delivery/artifacts/rollback-plan.html"],
  ["On Call", "guides/On%20call.html"],
];

// [doc, anchor, heading, snippet]; a note's first section has anchor "".
const SECTIONS = [
  [0, "", "", "The release plan lists every release step."],
  [0, "steps", "Steps", "Tag the release, deploy to staging, then production."],
  [1, "", "", "How to roll back a bad release quickly."],
  [1, "triggers", "Triggers", "Roll back when error rates exceed the budget."],
  [2, "", "", "Who is on call and how the rotation works. Releases pause during incidents."],
  [2, "paging", "Paging", "Page the release captain about a broken rollout."],
];

// Builds an index object as the build writes it: sections in chunks of
// CHUNK, and every term of a section's text, heading and (first section
// only) its note's title, in the shard of its first two characters.
function buildIndex(docs, sections, { shards = SHARDS, chunk = CHUNK } = {}) {
  const postings = new Map();
  sections.forEach(([doc, anchor, heading, text], id) => {
    const title = anchor === "" ? docs[doc][0] : "";
    for (const term of search.tokenise(`${text} ${heading} ${title}`)) {
      if (!postings.has(term)) postings.set(term, []);
      const list = postings.get(term);
      if (list[list.length - 1] !== id) list.push(id);
    }
  });
  // As the build writes them: each list as gaps from the section before.
  const terms = [];
  for (const [term, list] of postings) {
    const s = search.shardOf(term, shards);
    (terms[s] ||= {})[term] = list.map((id, k) => (k === 0 ? id : id - list[k - 1]));
  }
  const chunks = [];
  sections.forEach((section, id) => {
    (chunks[Math.floor(id / chunk)] ||= []).push(section);
  });
  return {
    meta: { version: 2, docs: docs.length, sections: sections.length, chunk, shards },
    docs,
    sections: chunks,
    terms,
  };
}

const INDEX = buildIndex(DOCS, SECTIONS);
const ids = (results) => results.map((r) => r.section);

// ------------------------------------------------------------ tokenising

test("tokenise: lower-cased runs of letters and digits, at least 2 characters", () => {
  assert.deepEqual(search.tokenise("Release-Plan v2.0, ÜBER größe"), ["release", "plan", "v2", "über", "größe"]);
  assert.deepEqual(search.tokenise("a b cd e"), ["cd"]);
  assert.deepEqual(search.tokenise("snake_case and  spaces\ttabs"), ["snake", "case", "and", "spaces", "tabs"]);
  assert.deepEqual(search.tokenise("日本語のテキスト"), ["日本語のテキスト"]);
  assert.deepEqual(search.tokenise("٣٤ digits"), ["٣٤", "digits"]); // Arabic-Indic digits are \p{N}
  assert.deepEqual(search.tokenise(""), []);
  assert.deepEqual(search.tokenise("!!! ..."), []);
});

test("tokenise: the same tokens as the index builder (src/site/search.rs)", () => {
  // The case of search.rs's own test.
  assert.deepEqual(search.tokenise("Roll-back, a Überprüfung of v2 — ok?"), ["roll", "back", "überprüfung", "of", "v2", "ok"]);
  // Runs are split first and lower-cased after: "İ" lower-cases to "i" and a
  // combining dot, which stays inside the term.
  assert.deepEqual(search.tokenise("İstanbul"), ["i\u0307stanbul"]);
  // Marks that Unicode counts as alphabetic stay in the word (Rust's
  // char::is_alphanumeric): Devanagari vowel sign I (U+093F).
  assert.deepEqual(search.tokenise("हिंदी text"), ["हिंदी", "text"]);
  // Final sigma is lower-cased as a word ending.
  assert.deepEqual(search.tokenise("ΟΔΟΣ"), ["οδος"]);
});

test("tokenise: length counts characters, not UTF-16 units", () => {
  // U+1D4B3 MATHEMATICAL SCRIPT CAPITAL X is one letter but two UTF-16 units.
  assert.deepEqual(search.tokenise("\u{1D4B3}"), []);
  assert.deepEqual(search.tokenise("\u{1D4B3}y"), ["\u{1D4B3}y"]);
});

// ---------------------------------------------------------------- shards

test("shardOf: (c0 * 31 + c1) % shards over the first two UTF-16 units", () => {
  // "ab": 97 * 31 + 98 = 3105; 3105 = 48 * 64 + 33.
  assert.equal(search.shardOf("ab", 64), 33);
  // 3105 = 443 * 7 + 4.
  assert.equal(search.shardOf("ab", 7), 4);
  // "release": 'r' 114, 'e' 101: 114 * 31 + 101 = 3635 = 56 * 64 + 51.
  assert.equal(search.shardOf("release", 64), 51);
  // Only the first two characters count.
  assert.equal(search.shardOf("rerun", 64), 51);
  // "über": 'ü' 252, 'b' 98: 252 * 31 + 98 = 7910 = 123 * 64 + 38.
  assert.equal(search.shardOf("über", 64), 38);
  // One character: c1 = 0. "a": 97 * 31 = 3007 = 46 * 64 + 63.
  assert.equal(search.shardOf("a", 64), 63);
  // An astral letter: its two surrogates are c0 and c1.
  // 0xD835 * 31 + 0xDCB3 = 55349 * 31 + 56499 = 1772318 = 27692 * 64 + 30.
  assert.equal(search.shardOf("\u{1D4B3}y", 64), 30);
});

test("the test index puts every term in its shard", () => {
  for (const [s, shard] of INDEX.terms.entries()) {
    for (const term of Object.keys(shard || {})) assert.equal(search.shardOf(term, SHARDS), s, term);
  }
  // Hand-checked postings.
  const at = (t) => search.postings(INDEX.terms[search.shardOf(t, SHARDS)], t);
  assert.deepEqual(at("release"), [0, 1, 2, 5]);
  assert.deepEqual(at("releases"), [4]);
  assert.deepEqual(at("roll"), [2, 3]);
  assert.deepEqual(at("rollback"), [2]); // the title of note 1, in its first section only
  // Stored as gaps: sections 0, 1, 2, 5 of "release" are written 0, 1, 1, 3.
  assert.deepEqual(INDEX.terms[search.shardOf("release", SHARDS)]["release"], [0, 1, 1, 3]);
});

// --------------------------------------------------------------- queries

test("parseQuery: distinct words, the last one a prefix unless the query ends with a separator", () => {
  assert.deepEqual(search.parseQuery("Rel"), { words: ["rel"], prefix: true });
  assert.deepEqual(search.parseQuery("release "), { words: ["release"], prefix: false });
  assert.deepEqual(search.parseQuery("plan release plan"), { words: ["release", "plan"], prefix: true });
  assert.deepEqual(search.parseQuery("x release"), { words: ["release"], prefix: true });
  assert.deepEqual(search.parseQuery("a"), { words: [], prefix: false });
  assert.deepEqual(search.parseQuery(""), { words: [], prefix: false });
});

test("terms shorter than 2 characters find nothing", () => {
  assert.deepEqual(search.search(INDEX, "a"), []);
  assert.deepEqual(search.search(INDEX, "r"), []);
  assert.deepEqual(search.search(INDEX, "   "), []);
});

test("the last word matches as a prefix: every shard key it begins", () => {
  // roll [2,3], rollback [2], rollout [5].
  assert.deepEqual(ids(search.search(INDEX, "rol")).sort(), [2, 3, 5]);
  // "release" also reaches "releases" (section 4) while typing…
  assert.ok(ids(search.search(INDEX, "release")).includes(4));
  // …but not once the word is finished.
  assert.deepEqual(ids(search.search(INDEX, "release ")), [0, 2, 1, 5]);
  // Earlier words match exactly: "rol" is not a term.
  assert.deepEqual(search.search(INDEX, "rol release"), []);
});

test("words are ANDed", () => {
  // release [0,1,2,5] ∩ (roll [2,3] ∪ rollback [2] ∪ rollout [5]).
  assert.deepEqual(ids(search.search(INDEX, "release roll")), [2, 5]);
  assert.deepEqual(ids(search.search(INDEX, "on call")), [4]);
  assert.deepEqual(search.search(INDEX, "release zebra"), []);
  assert.deepEqual(search.search(INDEX, "zebra release"), []);
});

test("ranking: exact words first, then heading/title/first-section boost, then section id", () => {
  // Sections 0, 1, 2, 5 hold "release" exactly, 4 only "releases" (last).
  // Among the exact ones: 0 is a first section whose title holds the word,
  // 2 a first section, 1 and 5 neither (id order).
  assert.deepEqual(ids(search.search(INDEX, "release")), [0, 2, 1, 5, 4]);
  // Two exact words beat one: section 2 holds "release" and "roll",
  // section 5 "release" and only a longer "rollout".
  const [first, second] = search.search(INDEX, "release roll");
  assert.equal(first.exact, 2);
  assert.equal(second.exact, 1);
  // A heading match lifts a later section over an earlier one.
  const index = buildIndex(
    [["Guide", "guide.html"]],
    [
      [0, "", "", "Intro text."],
      [0, "a", "Alpha", "mentions deploy once"],
      [0, "b", "Deploy", "how to deploy"],
    ],
  );
  assert.deepEqual(ids(search.search(index, "deploy")), [2, 1]);
});

test("results carry what the page renders", () => {
  const [r] = search.search(INDEX, "triggers");
  assert.deepEqual(
    { title: r.title, url: r.url, anchor: r.anchor, heading: r.heading, snippet: r.snippet },
    {
      title: "Rollback Plan",
      url: "delivery/artifacts/rollback-plan.html",
      anchor: "triggers",
      heading: "Triggers",
      snippet: "Roll back when error rates exceed the budget.",
    },
  );
});

test("at most 20 results, by section id on equal ranks", () => {
  const sections = Array.from({ length: 30 }, (_, i) => [i, "s", "Section", `common text ${i}`]);
  const docs = sections.map((_, i) => [`Doc ${i}`, `d${i}.html`]);
  const results = search.search(buildIndex(docs, sections, { chunk: 8 }), "common");
  assert.equal(results.length, 20);
  assert.deepEqual(ids(results), Array.from({ length: 20 }, (_, i) => i));
  assert.equal(search.search(buildIndex(docs, sections), "common", 5).length, 5);
});

test("a missing shard or chunk finds nothing instead of failing", () => {
  const partial = { meta: INDEX.meta, docs: INDEX.docs, sections: [], terms: [] };
  assert.deepEqual(search.search(partial, "release"), []);
  // Shards loaded, chunks not: candidates exist but nothing to show yet.
  const noChunks = { ...INDEX, sections: [] };
  assert.equal(search.candidates(noChunks, search.parseQuery("release")).length, 5);
  assert.deepEqual(search.search(noChunks, "release"), []);
});

test("the shards and chunks a query needs", () => {
  const parsed = search.parseQuery("release rollback step");
  // One shard per distinct first two characters, in query order:
  // re → 51 (above); ro → 114 * 31 + 111 = 3645 = 56 * 64 + 61;
  // st → 115 * 31 + 116 = 3681 = 57 * 64 + 33.
  assert.deepEqual(search.shardsFor(parsed, INDEX.meta), [51, 61, 33]);
  const cands = [{ section: 0 }, { section: 3 }, { section: 5 }, { section: 9 }];
  assert.deepEqual(search.chunksFor(cands, INDEX.meta), [0, 1, 2]);
});

test("highlight marks the query words in a snippet (the last as a prefix)", () => {
  const parts = search.highlight("Roll back when error rates exceed", search.parseQuery("roll ba"));
  assert.deepEqual(parts, [
    { text: "Roll", mark: true },
    { text: " ", mark: false },
    { text: "back", mark: true },
    { text: " when error rates exceed", mark: false },
  ]);
  assert.deepEqual(search.highlight("nothing here", search.parseQuery("zz")), [{ text: "nothing here", mark: false }]);
});
