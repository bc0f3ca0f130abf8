// The sidebar of a vault past 2,000 notes (#20: sidebars that grow with
// the vault, not with its square), in headless Chromium: every page loads
// one shared skeleton (every top-level folder and workflow closed) and its
// folder's part, which opens the page's own top-level folder along its path
// and its workflow. The reader sees the same sidebar a per-folder tree gave.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { serve } from './serve.mjs';
import { env, launchBrowser, urlOf, watch } from './helpers.mjs';

let browser;
let large;

before(async () => {
  browser = await launchBrowser();
  large = await serve(env.largeSiteDir);
});

after(async () => {
  await browser?.close();
  await large?.close();
});

const openFolds = (page) =>
  page.$$eval('nav.sidebar details[data-nav]', (ds) => ds.filter((d) => d.open).map((d) => d.getAttribute('data-nav')));

describe('sidebar of a large vault', () => {
  test('lists every top-level folder and opens the page’s path, each link working', async () => {
    const page = await browser.context.newPage();
    const seen = watch(page);
    await page.goto(urlOf(large.url, 'dept-05/team-2/dept-05-team-2-note-07.html'));
    // Every top-level folder once: 20 closed links and the page's own, open.
    const tops = await page.$$eval('nav.sidebar [data-part^="folder:"]', (es) => es.map((e) => e.getAttribute('data-part')));
    assert.equal(tops.length, 21, JSON.stringify(tops));
    assert.equal(new Set(tops).size, 21);
    assert.deepEqual(await openFolds(page), ['folder:dept-05', 'folder:dept-05/team-2']);
    // The page's folder lists its notes; the page's own link is marked.
    assert.equal(await page.locator('nav.sidebar details[data-nav="folder:dept-05/team-2"] .nav-notes a').count(), 34);
    assert.equal(
      await page.locator('nav.sidebar a[aria-current="page"]').getAttribute('href'),
      '../../dept-05/team-2/dept-05-team-2-note-07.html',
    );
    // The workflow is listed, closed: one link.
    assert.equal(await page.locator('nav.sidebar .nav-workflow.nav-closed a').count(), 1);
    // Every link of the sidebar leads to a page of the site.
    const hrefs = await page.$$eval('nav.sidebar a[href]', (as) => as.map((a) => a.getAttribute('href')));
    for (const href of hrefs) {
      const file = path.join(env.largeSiteDir, 'dept-05/team-2', decodeURIComponent(href));
      assert.ok(existsSync(file), `${href} leads nowhere`);
    }
    // A closed top-level folder leads into it, where it is the open one.
    await page.locator('nav.sidebar li.nav-closed[data-part="folder:dept-17"] a').click();
    await page.waitForURL(/dept-17\//);
    const open = await openFolds(page);
    assert.equal(open[0], 'folder:dept-17', JSON.stringify(open));
    assert.ok(!open.includes('folder:dept-05'), JSON.stringify(open));
    assert.deepEqual(seen.pageErrors, []);
    assert.deepEqual(seen.consoleErrors, []);
    assert.deepEqual(seen.failedRequests, []);
    await page.close();
  });

  test('a phase page opens its workflow, the folders stay closed', async () => {
    const page = await browser.context.newPage();
    const seen = watch(page);
    await page.goto(urlOf(large.url, 'flow/02-step.html'));
    assert.deepEqual(await openFolds(page), ['workflow:flow']);
    assert.equal(await page.locator('nav.sidebar .nav-phases a').count(), 3);
    assert.equal(await page.locator('nav.sidebar a[aria-current="page"]').getAttribute('href'), '../flow/02-step.html');
    assert.equal(await page.locator('nav.sidebar li.nav-closed[data-part^="folder:"]').count(), 21);
    assert.deepEqual(seen.pageErrors, []);
    await page.close();
  });

  test('a generated page shows the skeleton alone', async () => {
    const page = await browser.context.newPage();
    await page.goto(urlOf(large.url, 'readiness.html'));
    assert.deepEqual(await openFolds(page), []);
    assert.equal(await page.locator('nav.sidebar li.nav-closed[data-part^="folder:"]').count(), 21);
    await page.close();
  });
});
