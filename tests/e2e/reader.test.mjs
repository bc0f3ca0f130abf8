// What a reader gets beyond the text (#19, "Reading"), in headless Chromium
// on the default vault's site: the theme button and its memory, heading
// anchors that copy their address and land clear of the sticky header,
// copy buttons on code, and the search shortcut.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './serve.mjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { env, launchBrowser, urlOf, walk, watch } from './helpers.mjs';

let browser;
let site;
const GUIDE = 'guides/linking-notes.html';

before(async () => {
  browser = await launchBrowser();
  site = await serve(env.siteDir);
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url });
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const isDarkColour = (rgb) => {
  const [r, g, b] = rgb.match(/\d+/g).map(Number);
  return r + g + b < 200;
};

describe('theme button', () => {
  test('cycles system → light → dark → system, survives a reload, and overrides the system', async () => {
    const page = await browser.context.newPage();
    const seen = watch(page);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(urlOf(site.url, GUIDE));
    const button = page.locator('button.theme-toggle');
    assert.ok(await button.isVisible(), 'the theme button is shown');
    assert.equal(await button.getAttribute('data-theme-choice'), 'system');
    assert.ok(!isDarkColour(await background(page)));

    await button.click(); // light
    assert.equal(await button.getAttribute('data-theme-choice'), 'light');
    await button.click(); // dark
    assert.equal(await button.getAttribute('data-theme-choice'), 'dark');
    assert.ok(isDarkColour(await background(page)), 'dark is chosen on a light system');
    assert.equal(await page.locator('html').getAttribute('class'), 'theme-dark');

    await page.reload();
    assert.equal(await page.locator('button.theme-toggle').getAttribute('data-theme-choice'), 'dark');
    assert.ok(isDarkColour(await background(page)), 'the choice survives a reload');
    // Another page of the site, too.
    await page.goto(urlOf(site.url, 'index.html'));
    assert.ok(isDarkColour(await background(page)), 'and holds on every page');

    await page.locator('button.theme-toggle').click(); // system
    assert.ok(!isDarkColour(await background(page)), 'system again: light');
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.ok(isDarkColour(await background(page)), 'system follows the system');
    await page.locator('button.theme-toggle').click(); // light on a dark system
    assert.ok(!isDarkColour(await background(page)), 'light is chosen on a dark system');
    await page.reload();
    assert.ok(!isDarkColour(await background(page)), 'light survives a reload on a dark system');
    // Leave the profile as it was found.
    await page.evaluate(() => localStorage.clear());
    assert.deepEqual(seen.pageErrors, []);
    assert.deepEqual(seen.consoleErrors, []);
    await page.close();
  });
});

describe('theme button without storage', () => {
  test('still cycles through every theme when localStorage is refused, and a dark page prints light', async () => {
    const page = await browser.context.newPage();
    const seen = watch(page);
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('denied', 'SecurityError');
        },
      });
    });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(urlOf(site.url, GUIDE));
    const button = page.locator('button.theme-toggle');
    const seenChoices = [];
    for (let i = 0; i < 3; i++) {
      await button.click();
      seenChoices.push(await button.getAttribute('data-theme-choice'));
    }
    assert.deepEqual(seenChoices, ['light', 'dark', 'system']);
    await button.click();
    await button.click(); // dark
    assert.ok(isDarkColour(await background(page)));
    await page.emulateMedia({ media: 'print' });
    assert.ok(!isDarkColour(await background(page)), 'printed light');
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(seen.pageErrors, []);
    await page.close();
  });
});

describe('heading anchors', () => {
  test('each heading links to itself, copies its address, and lands below the sticky header', async () => {
    const page = await browser.context.newPage();
    const seen = watch(page);
    await page.goto(urlOf(site.url, GUIDE));
    const headings = page.locator('.note-content h2[id]');
    const count = await headings.count();
    assert.ok(count >= 3, `${count} h2 headings`);
    assert.equal(await page.locator('.note-content h2[id] > a.heading-anchor').count(), count);
    const last = headings.nth(count - 1);
    const id = await last.getAttribute('id');
    await last.hover();
    const anchor = last.locator('a.heading-anchor');
    assert.ok(Number(await anchor.evaluate((a) => getComputedStyle(a).opacity)) > 0, 'shown on hover');
    await anchor.click();
    await page.waitForFunction(() => document.querySelector('.heading-anchor.is-copied'));
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(new URL(copied).hash, `#${encodeURIComponent(id)}`);
    assert.equal(new URL(copied).pathname, new URL(page.url()).pathname);
    assert.equal(decodeURIComponent(new URL(page.url()).hash.slice(1)), id);
    // Clear of the sticky header: the whole heading is below it.
    await page.waitForTimeout(100);
    const { top, headerBottom, scrollY } = await last.evaluate((h) => ({
      top: h.getBoundingClientRect().top,
      headerBottom: document.querySelector('.site-header').getBoundingClientRect().bottom,
      scrollY: window.scrollY,
    }));
    assert.ok(scrollY > 0, 'the page scrolled');
    assert.ok(top >= headerBottom, `heading top ${top} under the header's bottom ${headerBottom}`);
    // The TOC's text is the heading's, without the anchor's "#".
    assert.ok(!(await page.locator('.toc').textContent()).includes('#'));
    assert.deepEqual(seen.pageErrors, []);
    await page.close();
  });
});

describe('code blocks', () => {
  test('a copy button copies the code, and nothing else', async () => {
    const page = await browser.context.newPage();
    await page.goto(urlOf(site.url, GUIDE));
    const pre = page.locator('.note-content pre').first();
    const code = await pre.locator('code').textContent();
    await pre.hover();
    const button = pre.locator('button.code-copy');
    assert.ok(await button.isVisible());
    await button.click();
    await page.waitForFunction(() => document.querySelector('.code-copy.is-copied'));
    assert.equal(await button.textContent(), 'Copied');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);
    await page.close();
  });
});

describe('search shortcut', () => {
  test('"/" and Ctrl-K focus the search box; "/" typed in it stays text', async () => {
    const page = await browser.context.newPage();
    await page.goto(urlOf(site.url, GUIDE));
    const focused = () => page.evaluate(() => document.activeElement && document.activeElement.id);
    assert.notEqual(await focused(), 'search');
    await page.keyboard.press('/');
    assert.equal(await focused(), 'search');
    await page.keyboard.type('a/b');
    assert.equal(await page.locator('#search').inputValue(), 'a/b');
    await page.keyboard.press('Escape');
    await page.locator('.note-content').click();
    await page.keyboard.press('Control+k');
    assert.equal(await focused(), 'search');
    await page.close();
  });
});

describe("maintainers' matters", () => {
  test('a note shows breadcrumbs, not its source path, and no broken-link counts', async () => {
    const page = await browser.context.newPage();
    await page.goto(urlOf(site.url, GUIDE));
    const crumbs = page.locator('nav.breadcrumbs li');
    assert.deepEqual(await crumbs.allTextContents(), ['guides']);
    const text = await page.locator('body').textContent();
    assert.ok(!text.includes('guides/linking-notes.md'), 'no source path');
    assert.ok(!/broken link/i.test(await page.locator('.site-footer').textContent()));
    await page.close();
  });
});

describe('page metadata', () => {
  test('every page of the site has a description and an Open Graph title', async () => {
    const pages = walk(env.siteDir)
      .filter((f) => f.endsWith('.html'))
      .map((f) => path.join(env.siteDir, f));
    assert.ok(pages.length > 20, `${pages.length} pages`);
    let images = 0;
    for (const file of pages) {
      const html = readFileSync(file, 'utf8');
      const description = html.match(/<meta name="description" content="([^"]*)">/);
      assert.ok(description && description[1].trim().length > 10, `${file}: no description`);
      assert.match(html, /<meta property="og:title" content="[^"]+">/, `${file}: no og:title`);
      for (const img of html.match(/<img [^>]*>/g) || []) {
        assert.match(img, / width="\d+"/, `${file}: ${img} has no width`);
        assert.match(img, / height="\d+"/, `${file}: ${img} has no height`);
        assert.match(img, / loading="lazy"/, `${file}: ${img} loads eagerly`);
        images += 1;
      }
    }
    assert.ok(images > 0, 'no image on any page: nothing was checked');
  });

  test('an image keeps its reserved box: its rendered size is the one the page gave', async () => {
    const page = await browser.context.newPage();
    await page.goto(urlOf(site.url, 'index.html'));
    const src = await page.evaluate(() => {
      const img = document.querySelector('.note-content img[width][height]');
      return img && img.getAttribute('src');
    });
    assert.ok(src, 'the front page shows an image');
    const box = await page.evaluate(() => {
      const img = document.querySelector('.note-content img[width][height]');
      const r = img.getBoundingClientRect();
      return { w: r.width, h: r.height, aw: Number(img.getAttribute('width')), ah: Number(img.getAttribute('height')) };
    });
    // The box keeps the given proportions (the stylesheet may scale it down).
    assert.ok(box.h > 0 && Math.abs(box.w / box.h - box.aw / box.ah) < 0.02, JSON.stringify(box));
    await page.close();
  });
});

describe('hover previews', () => {
  test('resting on a link to another page shows its start; leaving hides it', async () => {
    const page = await browser.context.newPage();
    const seen = watch(page);
    await page.goto(urlOf(site.url, GUIDE));
    // A link to another page of the site, without a heading.
    const link = page.locator('.note-content a.internal-link[href$=".html"]').first();
    const href = await link.getAttribute('href');
    await link.hover();
    const popover = page.locator('.preview-popover');
    await popover.waitFor({ state: 'visible', timeout: 5000 });
    // The linked page's own title and text.
    const other = await browser.context.newPage();
    await other.goto(new URL(href, page.url()).href);
    const title = (await other.locator('.note-header h1, main h1').first().textContent()).replace(/#$/, '').trim();
    await other.close();
    assert.equal((await popover.locator('.preview-title').textContent()).trim(), title);
    assert.ok((await popover.locator('.preview-body').textContent()).trim().length > 20);
    assert.equal(await popover.locator('[id]').count(), 0, 'no ids repeated from the other page');
    // Away from the link and the popover: gone.
    await page.mouse.move(5, 400);
    await popover.waitFor({ state: 'detached', timeout: 3000 });
    // A link with a #heading shows that section, from its heading.
    const section = page.locator('.note-content a.internal-link[href*=".html#"]:not([href*="#%5E"])').first();
    assert.equal(await section.count(), 1, 'the guide links to a heading of another page');
    await section.hover();
    await popover.waitFor({ state: 'visible', timeout: 5000 });
    const first = popover.locator('.preview-body > :first-child');
    assert.match(await first.evaluate((e) => e.tagName), /^H[1-6]$/);
    assert.deepEqual(seen.pageErrors, []);
    assert.deepEqual(seen.consoleErrors, []);
    await page.close();
  });
});

describe('local graph', () => {
  test('opens to the note, its links and backlinks, stays open across pages, and its nodes lead there', async () => {
    const page = await browser.context.newPage();
    const seen = watch(page);
    await page.goto(urlOf(site.url, GUIDE));
    const panel = page.locator('details.local-graph');
    assert.equal(await panel.getAttribute('open'), null, 'closed until asked for');
    assert.equal(await page.locator('script[src*="graph.js"]').count(), 0, 'nothing loaded before');
    await panel.locator('summary').click();
    const svg = panel.locator('svg.graph-svg');
    await svg.waitFor({ timeout: 5000 });
    const box = await svg.boundingBox();
    assert.ok(box && box.width > 200 && box.height > 100, JSON.stringify(box));
    const title = (await page.locator('.note-header h1').textContent()).replace(/#$/, '').trim();
    assert.equal((await svg.locator('a.graph-step-0 title').textContent()).trim(), title);
    // Every backlink of the page is a node one step away.
    const backlinks = await page.locator('.backlinks a').allTextContents();
    const near = await svg.locator('a.graph-step-1 title').allTextContents();
    for (const b of backlinks) assert.ok(near.includes(b.trim()), `${b} not in ${near}`);
    assert.ok(near.length >= backlinks.length && near.length > 0);
    // A node leads to its note; the graph is open there too.
    const target = svg.locator('a.graph-step-1').first();
    const name = (await target.locator('title').textContent()).trim();
    await Promise.all([page.waitForNavigation(), target.click()]);
    assert.equal((await page.locator('main h1').first().textContent()).replace(/#$/, '').trim(), name);
    // A neighbour has a link, so a graph, opened as the reader left it.
    const again = page.locator('details.local-graph');
    assert.equal(await again.count(), 1);
    await again.locator('svg.graph-svg').waitFor({ timeout: 5000 });
    assert.notEqual(await again.getAttribute('open'), null);
    await page.evaluate(() => localStorage.removeItem('phasebook-graph'));
    assert.deepEqual(seen.pageErrors, []);
    assert.deepEqual(seen.consoleErrors, []);
    await page.close();
  });
});
