// `check`'s mermaid-invalid held against Mermaid itself: every block of
// tests/fixtures/mermaid/diagrams.md is parsed by the vendored Mermaid in
// Chromium (on a page of the Obsidian fixture site, which loads it). A block
// under "Drawn" must parse and have no finding; a block under "Refused" must
// have a finding on one of its lines and be refused by Mermaid's parser, so
// the rule never warns of a diagram Mermaid would draw. A block under "Left
// to the page" is refused by Mermaid and has no finding: what the rule is
// known not to see, kept honest here.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { serve } from './serve.mjs';
import { env, launchBrowser, REPO, urlOf } from './helpers.mjs';

let browser;
let site;

before(async () => {
  browser = await launchBrowser();
  site = await serve(env.obsidianSiteDir);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

/** The corpus's mermaid blocks: section, definition, first and last line (1-based). */
function blocks() {
  const lines = readFileSync(path.join(REPO, 'tests/fixtures/mermaid/diagrams.md'), 'utf8').split('\n');
  const out = [];
  let section = null;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith('## ')) section = lines[i].slice(3).trim();
    if (lines[i] === '```mermaid') {
      const start = i + 1;
      while (lines[i + 1] !== '```') i++;
      out.push({ section, source: lines.slice(start, i + 1).join('\n'), first: start + 1, last: i + 1 });
    }
  }
  return out;
}

test('mermaid-invalid flags exactly the corpus blocks Mermaid refuses', async () => {
  const corpus = blocks();
  assert.ok(corpus.filter((b) => b.section === 'Drawn').length >= 10);
  assert.ok(corpus.filter((b) => b.section === 'Refused').length >= 10);
  const report = JSON.parse(readFileSync(env.mermaidCheckJson, 'utf8'));
  const flagged = report.diagnostics.filter((d) => d.rule === 'mermaid-invalid').map((d) => d.line);

  const page = await browser.context.newPage();
  await page.goto(urlOf(site.url, 'constructs.html'));
  await page.waitForFunction(() => window.mermaid !== undefined, null, { timeout: 15000 });
  const verdicts = await page.evaluate(async (sources) => {
    const out = [];
    for (const source of sources) {
      try {
        await window.mermaid.parse(source);
        out.push(null);
      } catch (e) {
        out.push(String((e && e.message) || e).split('\n')[0]);
      }
    }
    return out;
  }, corpus.map((b) => b.source));
  await page.close();

  corpus.forEach((block, i) => {
    const findings = flagged.filter((line) => line >= block.first && line <= block.last);
    const what = `${block.section} block at line ${block.first}:\n${block.source}`;
    if (block.section === 'Drawn') {
      assert.equal(verdicts[i], null, `Mermaid refuses ${what}`);
      assert.deepEqual(findings, [], `check flags ${what}`);
    } else if (block.section === 'Refused') {
      assert.notEqual(verdicts[i], null, `Mermaid parses ${what}`);
      assert.equal(findings.length, 1, `check does not flag ${what}`);
    } else {
      assert.equal(block.section, 'Left to the page');
      assert.notEqual(verdicts[i], null, `Mermaid parses ${what}`);
      assert.deepEqual(findings, [], `check flags ${what}`);
    }
  });
  // Every finding is on a block of the corpus.
  assert.equal(flagged.length, corpus.filter((b) => b.section === 'Refused').length);
});
