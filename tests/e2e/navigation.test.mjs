// Finding one's way (#19, "Front page" and "Navigation that scales"), in
// headless Chromium: the front page of a vault with no phases is its home
// note; the sidebar is one shared script per folder, folded but for the
// current page's path, keeps what the reader unfolds across pages, and
// shifts nothing as it arrives.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { serve } from './serve.mjs';
import { env, launchBrowser, urlOf, walk, watch } from './helpers.mjs';

let browser;
let plain;
let site;

before(async () => {
  browser = await launchBrowser();
  plain = await serve(env.plainSiteDir);
  site = await serve(env.siteDir);
});

after(async () => {
  await browser?.close();
  await plain?.close();
  await site?.close();
});

describe('front page', () => {
  test('a vault with no phases opens on its home note, titled by it', async () => {
    const page = await browser.context.newPage();
    const seen = watch(page);
    await page.goto(urlOf(plain.url, 'index.html'));
    assert.match(await page.locator('main').textContent(), /Welcome to the field guide/);
    assert.equal(await page.title(), 'Field Guide');
    assert.equal((await page.locator('.site-title').textContent()).trim(), 'Field Guide');
    assert.ok(!/no phase documents/i.test(await page.locator('main').textContent()));
    // The readiness page stays one click away.
    assert.equal(await page.locator('.site-links a[href$="readiness.html"]').count(), 1);
    assert.deepEqual(seen.pageErrors, []);
    await page.close();
  });
});

describe('sidebar', () => {
  test('is shared, not repeated: a page holds a script tag, a fifth of its bytes at most', () => {
    const area = path.join(env.plainSiteDir, 'area-07');
    const pages = walk(area)
      .filter((f) => f.endsWith('.html'))
      .map((f) => path.join(area, f));
    assert.equal(pages.length, 15);
    for (const file of pages) {
      const html = readFileSync(file, 'utf8');
      const nav = html.match(/<nav class="sidebar"[^>]*>([\s\S]*?)<\/nav>/)[1];
      assert.ok(nav.length * 5 <= html.length, `${file}: sidebar ${nav.length} of ${html.length} bytes`);
      assert.ok(!nav.includes('nav-tree'), `${file}: the tree is in the page`);
    }
  });

  test('unfolds only the current path, remembers what the reader unfolds, and shifts nothing', async () => {
    const page = await browser.context.newPage();
    const seen = watch(page);
    await page.addInitScript(() => {
      window.__shift = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(urlOf(plain.url, 'area-03/area-03-note-02.html'));
    const open = () =>
      page.$$eval('nav.sidebar details[data-nav]', (ds) => ds.filter((d) => d.open).map((d) => d.getAttribute('data-nav')));
    assert.deepEqual(await open(), ['folder:area-03']);
    assert.equal(await page.locator('nav.sidebar details[data-nav]').count(), 20);
    assert.equal(
      await page.locator('nav.sidebar a[aria-current="page"]').getAttribute('href'),
      '../area-03/area-03-note-02.html',
    );
    await page.waitForTimeout(300);
    assert.ok((await page.evaluate(() => window.__shift)) < 0.01, 'layout shift on load');

    // What the sidebar remembered of folder `name` (`toggle` events come
    // after the click, in a task of their own: a reload right after the
    // click may come first, as a reader's never does).
    const remembered = (name, open) =>
      page.waitForFunction(
        ([name, open]) => JSON.parse(sessionStorage.getItem('phasebook-nav') || '{}')[name] === open,
        [name, open],
      );
    // Unfold area-11, then go to a page of area-05: area-11 stays unfolded.
    await page.locator('nav.sidebar details[data-nav="folder:area-11"] > summary').click();
    await remembered('folder:area-11', true);
    assert.deepEqual(await open(), ['folder:area-03', 'folder:area-11']);
    await page.locator('nav.sidebar a[href="../area-11/area-11-note-04.html"]').click();
    await page.waitForURL(/area-11-note-04/);
    await page.goto(urlOf(plain.url, 'area-05/area-05-note-01.html'));
    assert.deepEqual(await open(), ['folder:area-05', 'folder:area-11']);
    // Folded again, it stays folded.
    await page.locator('nav.sidebar details[data-nav="folder:area-11"] > summary').click();
    await remembered('folder:area-11', false);
    await page.reload();
    assert.deepEqual(await open(), ['folder:area-05']);
    assert.ok((await page.evaluate(() => window.__shift)) < 0.01, 'layout shift');
    assert.deepEqual(seen.pageErrors, []);
    assert.deepEqual(seen.consoleErrors, []);
    await page.close();
  });

  test('a phase page unfolds its workflow', async () => {
    const page = await browser.context.newPage();
    await page.goto(urlOf(site.url, 'index.html'));
    const phase = await page.locator('.workflow-card .phase-list a').first().getAttribute('href');
    await page.goto(urlOf(site.url, phase));
    const open = await page.$$eval('nav.sidebar details[data-nav][open]', (ds) => ds.map((d) => d.getAttribute('data-nav')));
    // Phase documents are listed under their workflow, not their folder.
    assert.equal(open.length, 1, JSON.stringify(open));
    assert.ok(open[0].startsWith('workflow:'), JSON.stringify(open));
    assert.equal(await page.locator('nav.sidebar a[aria-current="page"]').getAttribute('href'), `../../${phase}`);
    await page.close();
  });
});

describe('404 page', () => {
  test('is styled and its links work at any depth of a site served under a subpath', async () => {
    const sub = await serve(env.plainSiteDir, { prefix: '/handbook/', notFound: '404.html' });
    const page = await browser.context.newPage();
    const seen = watch(page);
    try {
      const response = await page.goto(`${sub.url}no/such/deep/page.html`);
      assert.equal(response.status(), 404);
      assert.match(await page.locator('h1').first().textContent(), /not found/i);
      // The theme's style sheet applies: the header is sticky.
      assert.equal(await page.locator('.site-header').evaluate((h) => getComputedStyle(h).position), 'sticky');
      // The sidebar's tree arrives, its links under the subpath.
      const link = page.locator('nav.sidebar a[href*="area-02-note-03"]');
      assert.equal(await link.count(), 1);
      await page.locator('.not-found a', { hasText: 'the front page' }).click();
      await page.waitForURL(`${sub.url}index.html`);
      assert.match(await page.locator('main').textContent(), /Welcome to the field guide/);
      assert.deepEqual(seen.httpErrors.filter((e) => !/no\/such/.test(e)), []);
      assert.deepEqual(seen.failedRequests, []);
    } finally {
      await page.close();
      await sub.close();
    }
  });
});

describe('embedded content', () => {
  test('a heading link inside an embed lands on that heading', async () => {
    const page = await browser.context.newPage();
    await page.goto(urlOf(plain.url, 'index.html'));
    const link = page.locator('.embed a.internal-link', { hasText: 'Areas' });
    assert.equal(await link.count(), 1);
    await Promise.all([page.waitForNavigation(), link.click()]);
    const url = new URL(page.url());
    assert.equal(decodeURIComponent(url.pathname).endsWith('/Getting started.html'), true, url.pathname);
    assert.equal(url.hash, '#areas');
    const heading = page.locator('h2#areas');
    assert.equal(await heading.count(), 1);
    const top = await heading.evaluate((h) => h.getBoundingClientRect().top);
    assert.ok(top >= 0 && top < 400, `heading at ${top}`);
    await page.close();
  });
});
