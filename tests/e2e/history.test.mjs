// The readiness page's history chart (#23), in headless Chromium, on the
// three-commit vault .ci/e2e builds (target/e2e/history-site): the chart is
// drawn at a readable size, its axis carries the first and last commit
// dates, and the page runs no script for it.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './serve.mjs';
import { env, launchBrowser, urlOf } from './helpers.mjs';

let browser;
let site;

before(async () => {
  browser = await launchBrowser();
  site = await serve(env.historySiteDir);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

for (const scheme of ['light', 'dark']) {
  test(`the readiness page draws items done over time with dated axes (${scheme})`, async () => {
    const page = await browser.context.newPage();
    const violations = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(urlOf(site.url, 'readiness.html'));
    const chart = page.locator('svg.readiness-chart');
    assert.equal(await chart.count(), 1);
    const box = await chart.boundingBox();
    assert.ok(box && box.width > 200 && box.height > 50, JSON.stringify(box));
    const dates = await chart.locator('text.axis-date').allTextContents();
    assert.deepEqual(dates, ['2026-11-01', '2026-11-15']);
    const line = chart.locator('polyline.done-line');
    assert.equal((await line.getAttribute('points')).trim().split(/\s+/).length, 3);
    // The line is drawn in a colour that differs from the page background.
    const colours = await page.evaluate(() => {
      const line = document.querySelector('polyline.done-line');
      return [getComputedStyle(line).stroke, getComputedStyle(document.body).backgroundColor];
    });
    assert.notEqual(colours[0], colours[1]);
    assert.match(await page.locator('.last-moved').first().textContent(), /Last moved: 2026-11-15/);
    assert.deepEqual(violations, []);
    await page.close();
  });
}
