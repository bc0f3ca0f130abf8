// End-to-end test of the site `phasebook build` writes, in headless Chromium
// (playwright-core driving Debian's /usr/bin/chromium). Run by .ci/e2e; by
// hand: `node --test tests/e2e/` after .ci/e2e has built target/e2e/. See
// helpers.mjs for the environment variables.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { serve } from './serve.mjs';
import { REPO, env, escapeRegExp, fileBase, isPng, launchBrowser, poll, urlOf, walk, watch } from './helpers.mjs';

let browser;
let site; // server of SITE_DIR
let xss; // server of XSS_SITE_DIR

before(async () => {
  browser = await launchBrowser();
  site = await serve(env.siteDir);
  xss = await serve(env.xssSiteDir);
});

after(async () => {
  await browser?.close();
  await site?.close();
  await xss?.close();
});

async function newPage() {
  const page = await browser.context.newPage();
  return { page, seen: watch(page) };
}

// Waits until the page has loaded and the network has been quiet a moment,
// so that late errors (a failed image, an uncaught rejection) are seen.
async function settle(page) {
  await page.waitForLoadState('load');
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.waitForTimeout(200);
}

// ---------------------------------------------------------------------------
// Choosing a search word from the vault's guides, at test time

// The prose of a note as the site shows it: no frontmatter, no code, no
// comments, no wikilink targets, no Markdown link destinations.
function prose(markdown) {
  let text = markdown.replace(/\r\n?/g, '\n');
  text = text.replace(/^---\n[\s\S]*?\n---\n/, ''); // frontmatter at the top
  text = text.replace(/^(# [^\n]*\n+)---\n[\s\S]*?\n---\n/, '$1'); // or after the H1
  text = text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, ' ');
  text = text.replace(/%%[\s\S]*?%%/g, ' ').replace(/<!--[\s\S]*?-->/g, ' ');
  text = text.replace(/`[^`\n]*`/g, ' ');
  text = text.replace(/!?\[\[[^\]]*\]\]/g, ' ');
  text = text.replace(/\]\([^)]*\)/g, '] ');
  text = text.replace(/<[^>]*>/g, ' ');
  return text;
}

const terms = (text) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

// The guide and word to search for: the longest word (letters only, 8 or
// more) that is in the prose of exactly one guide and in no other file of the
// vault, so that the expected result is unambiguous. Chosen from the files at
// test time, so that editing the guides does not break the test.
function chooseSearchWord() {
  const vault = env.vaultDir;
  const notes = walk(vault).filter((f) => f.endsWith('.md'));
  const filesOf = new Map(); // term -> set of notes (raw text, anything counts)
  for (const note of notes) {
    for (const t of new Set(terms(readFileSync(path.join(vault, note), 'utf8')))) {
      if (!filesOf.has(t)) filesOf.set(t, new Set());
      filesOf.get(t).add(note);
    }
  }
  const candidates = [];
  for (const note of notes.filter((n) => n.startsWith('guides/'))) {
    const markdown = readFileSync(path.join(vault, note), 'utf8');
    const h1 = markdown.match(/^# (.+)$/m);
    if (!h1) continue;
    for (const word of new Set(terms(prose(markdown)))) {
      if (word.length >= 8 && /^\p{L}+$/u.test(word) && filesOf.get(word)?.size === 1) {
        candidates.push({ word, note, title: h1[1].trim() });
      }
    }
  }
  candidates.sort((a, b) => b.word.length - a.word.length || a.word.localeCompare(b.word));
  assert.ok(candidates.length > 0, `no word occurs in just one guide of ${vault}/guides`);
  return candidates[0];
}

// ---------------------------------------------------------------------------

describe('front page', () => {
  for (const via of ['http', 'file']) {
    test(`loads with no console or page errors (${via})`, async () => {
      const base = via === 'http' ? site.url : fileBase(env.siteDir);
      const { page, seen } = await newPage();
      try {
        const response = await page.goto(urlOf(base, 'index.html'));
        if (via === 'http') assert.equal(response?.status(), 200, 'index.html status');
        await settle(page);
        assert.equal(await page.locator('body').getAttribute('data-page-kind'), 'index', 'body[data-page-kind]');
        assert.deepEqual(seen.pageErrors, [], 'uncaught exceptions on the front page');
        assert.deepEqual(seen.consoleErrors, [], 'console errors on the front page');
        assert.deepEqual(seen.failedRequests, [], 'failed requests from the front page');
        assert.deepEqual(seen.httpErrors, [], 'HTTP errors from the front page');
      } finally {
        await page.close();
      }
    });
  }
});

describe('content security policy', () => {
  for (const via of ['http', 'file']) {
    test(`an inline script put into a page is blocked; the page's own scripts run (${via})`, async () => {
      const base = via === 'http' ? site.url : fileBase(env.siteDir);
      const { page } = await newPage();
      try {
        await page.goto(urlOf(base, 'index.html'));
        await settle(page);
        const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
        assert.ok(csp && csp.includes("script-src 'self'"), `no CSP meta: ${csp}`);
        const result = await page.evaluate(async () => {
          const violations = [];
          document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
          const s = document.createElement('script');
          s.textContent = 'window.__cspInline = 1';
          document.body.append(s);
          const a = document.createElement('a');
          a.setAttribute('onclick', 'window.__cspHandler = 1');
          document.body.append(a);
          a.click();
          await new Promise((r) => setTimeout(r, 100));
          return { inline: window.__cspInline, handler: window.__cspHandler, violations, search: typeof window.phasebookSearch };
        });
        assert.equal(result.inline, undefined, 'the injected inline script ran');
        assert.equal(result.handler, undefined, 'the injected event handler ran');
        assert.ok(result.violations.some((v) => v.startsWith('script-src')), `no violation reported: ${result.violations}`);
        // The site's own search script is loaded and working.
        await page.fill('#search', 'release');
        await poll(async () => (await page.locator('#search-results a').count()) > 0);
        assert.ok((await page.locator('#search-results a').count()) > 0, 'search found nothing under the CSP');
      } finally {
        await page.close();
      }
    });
  }
});

describe('search', () => {
  const choice = chooseSearchWord();
  test(`chosen word: "${choice.word}" (only in ${choice.note})`, () => {
    const body = prose(readFileSync(path.join(env.vaultDir, choice.note), 'utf8'));
    assert.ok(terms(body).includes(choice.word));
  });

  for (const via of ['http', 'file']) {
    test(`typing "${choice.word}" finds "${choice.title}" and the result opens it (${via})`, async () => {
      const base = via === 'http' ? site.url : fileBase(env.siteDir);
      const { page, seen } = await newPage();
      try {
        await page.goto(urlOf(base, 'index.html'));
        await settle(page);
        const input = page.locator('input#search');
        await input.click();
        await input.pressSequentially(choice.word, { delay: 20 });

        const results = page.locator('#search-results');
        const hit = results.locator('a.search-result').filter({
          has: page.locator('.search-title', { hasText: new RegExp(`^\\s*${escapeRegExp(choice.title)}\\s*$`) }),
        });
        try {
          await hit.first().waitFor({ state: 'visible', timeout: 10_000 });
        } catch {
          const shown = await results.evaluate((el) => ({ hidden: el.hidden, html: el.innerHTML.slice(0, 2000) }));
          assert.fail(
            `no visible .search-result titled "${choice.title}" for "${choice.word}" (${via}); ` +
              `#search-results hidden=${shown.hidden}: ${shown.html || '(empty)'}; ` +
              `page errors: ${JSON.stringify(seen.pageErrors)}; console errors: ${JSON.stringify(seen.consoleErrors)}`,
          );
        }
        assert.equal(await results.evaluate((el) => el.hidden), false, '#search-results is still hidden');

        const href = await hit.first().getAttribute('href');
        await Promise.all([page.waitForURL((u) => u.href !== urlOf(base, 'index.html')), hit.first().click()]);
        await settle(page);
        const expected = new URL(urlOf(base, choice.note.replace(/\.md$/, '.html')));
        const landed = new URL(page.url());
        assert.equal(
          decodeURIComponent(landed.pathname),
          decodeURIComponent(expected.pathname),
          `clicking the result (href ${href}) opened the wrong page`,
        );
        assert.equal(await page.locator('body').getAttribute('data-page-kind'), 'note');
        assert.deepEqual(seen.pageErrors, [], 'uncaught exceptions while searching');
        assert.deepEqual(seen.consoleErrors, [], 'console errors while searching');
      } finally {
        await page.close();
      }
    });
  }
});

describe('wikilinks with a heading', () => {
  test('land on the page, on an element with that id, scrolled into view', async (t) => {
    const guides = walk(env.siteDir).filter((f) => /^guides\/[^/]+\.html$/.test(f));
    assert.ok(guides.length > 0, `no guides/*.html in ${env.siteDir}`);
    const { page, seen } = await newPage();
    try {
      // Every a.internal-link with a #fragment to another page, on the guides.
      const links = [];
      for (const guide of guides) {
        await page.goto(urlOf(site.url, guide));
        const found = await page.$$eval('a.internal-link[href*="#"]', (as) =>
          as.map((a, index) => {
            const u = new URL(a.href);
            const here = new URL(location.href);
            return { index, href: a.getAttribute('href'), otherPage: u.pathname !== here.pathname, hash: u.hash };
          }),
        );
        for (const l of found) if (l.otherPage && l.hash.length > 1) links.push({ from: guide, ...l });
      }
      assert.ok(links.length > 0, 'no a.internal-link with a #fragment to another page on any guide');

      // Follow up to eight distinct targets; a target low on its page shows
      // that the browser really scrolled.
      const targets = [...new Map(links.map((l) => [new URL(l.href, 'http://x/' + l.from).href, l])).values()].slice(0, 8);
      let belowTheFold = 0;
      for (const link of targets) {
        await page.goto(urlOf(site.url, link.from));
        await settle(page);
        const a = page.locator('a.internal-link[href*="#"]').nth(link.index);
        assert.equal(await a.getAttribute('href'), link.href);
        const expected = new URL(link.href, page.url());
        await Promise.all([page.waitForURL((u) => u.pathname === expected.pathname), a.click()]);
        await settle(page);
        const where = `${link.from}: <a href="${link.href}">`;
        assert.equal(decodeURIComponent(new URL(page.url()).pathname), decodeURIComponent(expected.pathname), `${where} landed elsewhere`);
        assert.equal(new URL(page.url()).hash, expected.hash, `${where} lost its fragment`);
        const id = decodeURIComponent(expected.hash.slice(1));
        const measure = () =>
          page.evaluate((id) => {
            const el = document.getElementById(id);
            if (!el) return { exists: false };
            const r = el.getBoundingClientRect();
            return { exists: true, top: r.top, docTop: r.top + window.scrollY, height: window.innerHeight, scrollY: window.scrollY };
          }, id);
        const inView = (m) => m.exists && m.top >= -1 && m.top < m.height;
        const m = await poll(async () => {
          const v = await measure();
          return inView(v) ? v : null;
        }, { timeout: 3_000 }) ?? (await measure());
        assert.ok(m.exists, `${where}: no element with id "${id}" on ${expected.pathname}`);
        assert.ok(inView(m), `${where}: #${id} is not in view (top ${m.top}, viewport height ${m.height}, scrollY ${m.scrollY})`);
        if (m.docTop > m.height) belowTheFold += 1;
        t.diagnostic(`${where} -> #${id}: top ${Math.round(m.top)} of ${m.height}, scrollY ${Math.round(m.scrollY)}`);
      }
      assert.ok(belowTheFold > 0, `none of the ${targets.length} targets is below the first screen, so scrolling was never tested`);
      assert.deepEqual(seen.pageErrors, [], 'uncaught exceptions');
    } finally {
      await page.close();
    }
  });
});

describe('readiness page', () => {
  test('tables and phase rows carry the numbers of `phasebook readiness --format json`', async () => {
    const report = JSON.parse(readFileSync(env.readinessJson, 'utf8'));
    assert.equal(report.schema, 'phasebook-readiness');
    assert.equal(report.version, 1);
    assert.ok(report.workflows.length > 0, 'the readiness report has no workflows');
    const { page } = await newPage();
    try {
      await page.goto(urlOf(site.url, 'readiness.html'));
      assert.equal(await page.locator('body').getAttribute('data-page-kind'), 'readiness');
      const tables = await page.$$eval('table.readiness[data-workflow]', (ts) =>
        ts.map((t) => ({
          workflow: t.dataset.workflow,
          done: t.dataset.done,
          total: t.dataset.total,
          rows: [...t.querySelectorAll('tr.phase-row')].map((r) => ({ path: r.dataset.path, done: r.dataset.done, total: r.dataset.total })),
        })),
      );
      assert.deepEqual(
        tables.map((t) => t.workflow),
        report.workflows.map((w) => w.name),
        'one table.readiness per workflow, in report order',
      );
      const sum = (p, key) => ['entry', 'exit', 'gates', 'other'].reduce((n, g) => n + p[g][key], 0);
      // Every mismatch, not just the first, so that one run shows them all.
      const wrong = [];
      const expect = (actual, expected, what) => {
        if (actual !== expected) wrong.push(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
      };
      for (const w of report.workflows) {
        const t = tables.find((x) => x.workflow === w.name);
        const table = `table.readiness[data-workflow="${w.name}"]`;
        expect(t.done, String(w.done), `${table} data-done`);
        expect(t.total, String(w.total), `${table} data-total`);
        expect(t.rows.length, w.phases.length, `${table}: number of tr.phase-row`);
        let wfDone = 0;
        let wfTotal = 0;
        for (const [i, p] of w.phases.entries()) {
          const items = p.groups.flatMap((g) => g.items);
          // The JSON is the reference: its group counts must agree with its items.
          assert.equal(sum(p, 'total'), items.length, `${p.path}: group totals of the JSON disagree with its items`);
          assert.equal(sum(p, 'done'), items.filter((it) => it.done).length, `${p.path}: group done of the JSON disagrees with its items`);
          wfDone += sum(p, 'done');
          wfTotal += sum(p, 'total');
          const row = t.rows[i];
          if (!row) continue;
          const tr = `${table} tr.phase-row #${i + 1} (${p.path})`;
          // The report's path is relative to the repository root
          // (vault/delivery/…); data-path is the vault path (delivery/…).
          if (!(row.path && (p.path === row.path || p.path.endsWith('/' + row.path)))) {
            wrong.push(`${tr} data-path: ${JSON.stringify(row.path)}, expected the vault path of ${p.path}`);
          }
          expect(row.done, String(sum(p, 'done')), `${tr} data-done`);
          expect(row.total, String(sum(p, 'total')), `${tr} data-total`);
        }
        assert.equal(wfDone, w.done, `${w.name}: phases' done in the JSON add up to the workflow's`);
        assert.equal(wfTotal, w.total, `${w.name}: phases' totals in the JSON add up to the workflow's`);
      }
      assert.deepEqual(wrong, [], `readiness.html disagrees with ${env.readinessJson}:\n${wrong.join('\n')}`);
    } finally {
      await page.close();
    }
  });
});

describe('screenshots', () => {
  test('of the front page and of a phase page', async () => {
    const dir = env.screenshotDir;
    mkdirSync(dir, { recursive: true });
    const shots = { 'front-page.png': null, 'phase-page.png': null };
    for (const name of Object.keys(shots)) rmSync(path.join(dir, name), { force: true });

    const { page } = await newPage();
    try {
      await page.goto(urlOf(site.url, 'index.html'));
      await settle(page);
      await page.screenshot({ path: path.join(dir, 'front-page.png'), fullPage: true });

      // The first phase of the readiness report; its path is relative to the
      // repository root, the page is at the vault path with .html.
      const report = JSON.parse(readFileSync(env.readinessJson, 'utf8'));
      const first = report.workflows[0]?.phases[0];
      assert.ok(first, 'the readiness report has no phase');
      const vaultPath = path.relative(env.vaultDir, path.resolve(REPO, first.path)).split(path.sep).join('/');
      assert.ok(!vaultPath.startsWith('..') && vaultPath.endsWith('.md'), `${first.path} is not in ${env.vaultDir}`);
      await page.goto(urlOf(site.url, vaultPath.replace(/\.md$/, '.html')));
      await settle(page);
      assert.equal(await page.locator('nav.phase-nav').count(), 1, `${vaultPath}: one nav.phase-nav`);
      assert.ok((await page.locator('nav.phase-nav a[rel="prev"], nav.phase-nav a[rel="next"]').count()) > 0, 'nav.phase-nav has a[rel=prev|next]');
      await page.screenshot({ path: path.join(dir, 'phase-page.png'), fullPage: true });
    } finally {
      await page.close();
    }
    for (const name of Object.keys(shots)) {
      const file = path.join(dir, name);
      assert.ok(statSync(file).size > 1000, `${file} is (nearly) empty`);
      const png = isPng(readFileSync(file));
      assert.ok(png, `${file} is not a PNG`);
      assert.equal(png.width, 1280, `${file} width`);
      assert.ok(png.height >= 720, `${file} height ${png.height}`);
    }
  });
});

// ---------------------------------------------------------------------------
// The XSS fixture (tests/fixtures/site-xss): every payload sets window.__xss
// to its own number, or opens a dialog.

// Looks for anything script-like that survived into the page. Runs in the page.
function inspectForInjection() {
  const problems = [];
  const root = document.body?.dataset.root ?? '';
  const assets = new URL(root + '_phasebook/', location.href).href;
  const main = document.querySelector('main, [role="main"]');
  const show = (el) => el.outerHTML.slice(0, 160);
  for (const s of document.querySelectorAll('script')) {
    if (main && main.contains(s)) problems.push(`<script> in the main content: ${show(s)}`);
    else if (s.src && !s.src.startsWith(assets)) problems.push(`<script src> outside _phasebook/: ${s.src}`);
    else if (!s.src && /__xss|alert\(/.test(s.textContent)) problems.push(`inline script from the vault: ${show(s)}`);
  }
  const urlAttrs = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'poster', 'background', 'srcset', 'ping', 'cite'];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) problems.push(`${name}= attribute: ${show(el)}`);
      if (name === 'srcdoc') problems.push(`srcdoc= attribute: ${show(el)}`);
      if (urlAttrs.includes(name)) {
        const v = attr.value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
        if (/^(javascript|vbscript):|^data:text\/html/.test(v)) problems.push(`${name}="${attr.value}": ${show(el)}`);
      }
    }
  }
  for (const el of document.querySelectorAll('iframe, frame, object, embed, base, meta[http-equiv]')) {
    if (!(el.tagName === 'META' && document.head.contains(el) && !/refresh/i.test(el.httpEquiv))) {
      problems.push(`<${el.tagName.toLowerCase()}> element: ${show(el)}`);
    }
  }
  // HTML in frontmatter values (tags: ["<b>x</b>"], name: "Inject <i>name</i>")
  // must come out as text, never as elements.
  for (const el of document.querySelectorAll('b, i')) {
    if (el.textContent === 'x' || el.textContent === 'name') problems.push(`frontmatter HTML rendered as markup: ${show(el)}`);
  }
  return { problems, xss: window.__xss, title: document.title };
}

describe('XSS fixture', () => {
  const pagesOf = () => walk(env.xssSiteDir).filter((f) => f.endsWith('.html'));

  test('the fixture site has its pages', () => {
    const pages = pagesOf();
    for (const expected of ['index.html', 'xss/phases/01-inject.html', 'xss/phases/02-follow.html', 'readiness.html']) {
      assert.ok(pages.includes(expected), `${expected} missing from ${env.xssSiteDir} (has ${pages.join(', ')})`);
    }
  });

  // Opens each file of the fixture site, lets `poke` act on the page, and
  // returns what ran or stayed that should not have.
  async function injections(files, poke = async () => {}) {
    const failures = [];
    for (const rel of files) {
      const { page, seen } = await newPage();
      try {
        await page.goto(urlOf(xss.url, rel));
        await settle(page);
        await poke(page);
        const result = await page.evaluate(inspectForInjection);
        if (result.xss !== undefined) failures.push(`${rel}: window.__xss = ${JSON.stringify(result.xss)}`);
        for (const d of seen.dialogs) failures.push(`${rel}: dialog ${d}`);
        for (const p of result.problems) failures.push(`${rel}: ${p}`);
      } finally {
        await page.close();
      }
    }
    return failures;
  }

  test('no page runs a payload, opens a dialog, or keeps script-like markup', async () => {
    const pages = pagesOf();
    assert.ok(pages.length > 0);
    const failures = await injections(pages);
    assert.deepEqual(failures, [], `injection in the XSS fixture site:\n${failures.join('\n')}`);
  });

  test('SVG attachments opened from the site run nothing; HTML attachments are not published', async () => {
    const files = walk(env.xssSiteDir);
    const svgs = files.filter((f) => f.endsWith('.svg'));
    for (const expected of ['attachments/script.svg', 'attachments/onload.svg', 'attachments/foreign.svg', 'attachments/links.svg']) {
      assert.ok(svgs.includes(expected), `${expected} not published (has ${svgs.join(', ')})`);
    }
    assert.ok(!files.some((f) => f.endsWith('.html') && f.startsWith('attachments/')), 'an HTML attachment was published');
    // Hover and click every shape, links included.
    const failures = await injections(svgs, async (page) => {
      for (const shape of await page.locator('rect, a, image').all()) {
        await shape.hover({ force: true, timeout: 2000 }).catch(() => {});
        await shape.click({ force: true, timeout: 2000 }).catch(() => {});
      }
      await settle(page);
    });
    assert.deepEqual(failures, [], `script ran from an SVG attachment:\n${failures.join('\n')}`);
  });

  test('the phase page shows frontmatter HTML as text', async () => {
    const { page } = await newPage();
    try {
      await page.goto(urlOf(xss.url, 'xss/phases/01-inject.html'));
      const text = await page.locator('body').innerText();
      assert.ok(text.includes('<script>window.__xss=4</script>'), 'owner: "<script>…" is not shown as text in the frontmatter panel');
      assert.ok(text.includes('Xylophonic payloads'), 'the note body is missing');
    } finally {
      await page.close();
    }
  });

  test('clicking the javascript: links does nothing', async () => {
    const { page, seen } = await newPage();
    try {
      const url = urlOf(xss.url, 'xss/phases/01-inject.html');
      await page.goto(url);
      await settle(page);
      assert.equal(await page.evaluate(() => window.__xss), undefined, 'window.__xss set before any click');
      const links = page.locator('a', { hasText: /^\s*(click|html javascript link|mixed case javascript link|entity javascript link)\s*$/ });
      const count = await links.count();
      for (let i = 0; i < count; i++) {
        const link = links.nth(i);
        const label = (await link.innerText()).trim();
        await link.click({ timeout: 5_000 });
        await page.waitForTimeout(300);
        assert.equal(page.url(), url, `clicking "${label}" navigated away`);
        assert.equal(await page.evaluate(() => window.__xss), undefined, `clicking "${label}" set window.__xss`);
      }
      assert.deepEqual(seen.dialogs, [], 'dialogs opened by clicking');
      assert.deepEqual(seen.pageErrors, [], 'uncaught exceptions');
      const text = await page.locator('body').innerText();
      for (const label of ['click', 'html javascript link']) {
        assert.ok(text.includes(label), `the text of the "${label}" link is gone (expected as an inert link or text)`);
      }
    } finally {
      await page.close();
    }
  });

  test('searching the payload section runs nothing', async () => {
    const { page, seen } = await newPage();
    try {
      await page.goto(urlOf(xss.url, 'index.html'));
      await settle(page);
      assert.equal(await page.evaluate(() => window.__xss), undefined, 'window.__xss set before searching');
      await page.locator('input#search').pressSequentially('xylophonic', { delay: 20 });
      const hit = page.locator('#search-results a.search-result');
      await hit.first().waitFor({ state: 'visible', timeout: 10_000 });
      await page.waitForTimeout(500);
      const result = await page.evaluate(inspectForInjection);
      assert.equal(result.xss, undefined, 'window.__xss set after searching');
      assert.deepEqual(seen.dialogs, [], 'dialogs after searching');
      assert.deepEqual(result.problems, [], 'script-like markup after searching');
      // The result for the phase opens it, and nothing runs there either.
      await Promise.all([page.waitForURL(/01-inject\.html/), hit.filter({ hasText: 'Inject' }).first().click()]);
      await settle(page);
      assert.equal(await page.evaluate(() => window.__xss), undefined, 'window.__xss set on the page opened from search');
      assert.deepEqual(seen.dialogs, [], 'dialogs');
    } finally {
      await page.close();
    }
  });
});
