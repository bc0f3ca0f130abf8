// What a reader sees of Obsidian's constructs (OBSIDIAN-RENDERING), in
// headless Chromium, on tests/fixtures/site-obsidian built by .ci/e2e:
// folded callouts fold, highlights are highlighted in both themes, task
// statuses show, single newlines break lines, bare URLs are links.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './serve.mjs';
import { env, launchBrowser, urlOf } from './helpers.mjs';

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

async function open(scheme = 'light') {
  const page = await browser.context.newPage();
  await page.emulateMedia({ colorScheme: scheme });
  await page.goto(urlOf(site.url, 'constructs.html'));
  await page.waitForLoadState('load');
  return page;
}

describe('callouts (R11)', () => {
  test('a [!type]- callout is closed and opens on click; [!type]+ is open', async () => {
    const page = await open();
    const folded = page.locator('details.callout[data-callout="warning"]');
    assert.equal(await folded.getAttribute('open'), null);
    const body = folded.locator('.callout-content');
    assert.equal(await body.isVisible(), false, 'the folded body is hidden');
    await folded.locator('summary').click();
    assert.notEqual(await folded.getAttribute('open'), null);
    assert.equal(await body.isVisible(), true, 'the body shows once opened');
    const open_ = page.locator('details.callout[data-callout="tip"]');
    assert.equal(await open_.locator('.callout-content').isVisible(), true);
    const icon = await open_.locator('.callout-icon svg').boundingBox();
    assert.ok(icon && icon.width > 0 && icon.height > 0, 'the icon is drawn');
    await page.close();
  });
});

describe('highlights (R5)', () => {
  for (const scheme of ['light', 'dark']) {
    test(`a highlighted word has a background of its own (${scheme})`, async () => {
      const page = await open(scheme);
      const mark = page.locator('.note-content mark');
      assert.equal(await mark.innerText(), 'release freeze');
      const [markBg, pageBg] = await mark.evaluate((el) => [
        getComputedStyle(el).backgroundColor,
        getComputedStyle(el.closest('p')).backgroundColor,
      ]);
      assert.notEqual(markBg, 'rgba(0, 0, 0, 0)', 'not transparent');
      assert.notEqual(markBg, pageBg);
      await page.close();
    });
  }
});

describe('tasks (R12), line breaks (R2), bare URLs (R4)', () => {
  test('every status is a task with its data-task, checked unless open', async () => {
    const page = await open();
    for (const status of ['x', '/', '-']) {
      const item = page.locator(`li[data-task="${status}"]`);
      assert.equal(await item.count(), 1, status);
      assert.equal(await item.locator('input[type=checkbox]').isChecked(), true, status);
    }
    await page.close();
  });

  test('a single newline in a paragraph starts a new line', async () => {
    const page = await open();
    const para = page.locator('.note-content p', { hasText: 'release freeze' });
    assert.equal(await para.locator('br').count(), 1);
    const lines = await para.evaluate((p) => {
      const range = document.createRange();
      range.selectNodeContents(p);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
    assert.ok(lines >= 2, `rendered on ${lines} line(s)`);
    await page.close();
  });

  test('a bare URL is a link', async () => {
    const page = await open();
    const link = page.locator('.note-content a[href="https://grafana.example.com/d/release"]');
    assert.equal(await link.count(), 1);
    await page.close();
  });
});

describe('footnotes (R7)', () => {
  test('the list is at the end and the back-link scrolls back to the reference', async () => {
    const page = await open();
    await page.setViewportSize({ width: 800, height: 300 });
    const last = await page.locator('.note-content > :last-child').getAttribute('class');
    assert.equal(last, 'footnotes', 'the list ends the content');
    await page.locator('.footnote-reference a').click();
    await page.waitForFunction(() => location.hash === '#fn:owner');
    await page.locator('#fn\\:owner .footnote-backref').click();
    await page.waitForFunction(() => location.hash === '#fn:ref-owner');
    // Scrolling may be smooth: wait until the reference stops moving.
    let box = null;
    for (let i = 0; i < 40; i++) {
      const next = await page.locator('#fn\\:ref-owner').boundingBox();
      if (box && next && Math.abs(next.y - box.y) < 1) break;
      box = next;
      await page.waitForTimeout(100);
    }
    assert.ok(box && box.y >= 0 && box.y < 300, `the reference is in view (y=${box?.y})`);
    await page.close();
  });
});

describe('math (R8)', () => {
  test('inline and display math are <math> elements of a real size', async () => {
    const page = await open();
    const maths = page.locator('.note-content math');
    assert.equal(await maths.count(), 2);
    for (let i = 0; i < 2; i++) {
      const box = await maths.nth(i).boundingBox();
      assert.ok(box && box.width > 10 && box.height > 5, `math ${i}: ${JSON.stringify(box)}`);
    }
    assert.equal(await maths.nth(1).getAttribute('display'), 'block');
    await page.close();
  });
});

describe('code (R13)', () => {
  for (const scheme of ['light', 'dark']) {
    test(`a fenced block has coloured tokens (${scheme})`, async () => {
      const page = await open(scheme);
      const pre = page.locator('pre.hl-code');
      assert.equal(await pre.count(), 1);
      const colours = await pre.evaluate((el) => {
        const base = getComputedStyle(el.querySelector('code')).color;
        const spans = [...el.querySelectorAll('span[class*="hl-"]')];
        return { base, tokens: [...new Set(spans.map((s) => getComputedStyle(s).color))] };
      });
      const other = colours.tokens.filter((c) => c !== colours.base);
      assert.ok(other.length >= 2, `token colours ${JSON.stringify(colours)}`);
      await page.close();
    });
  }
});

describe('Mermaid (R13)', () => {
  test('a mermaid block is drawn as an <svg> with its labels, with no CSP violation', async () => {
    const page = await browser.context.newPage();
    const violations = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    page.on('pageerror', (e) => violations.push(String(e)));
    await page.goto(urlOf(site.url, 'constructs.html'));
    const svg = page.locator('pre.mermaid svg');
    await svg.waitFor({ timeout: 15000 });
    const box = await svg.boundingBox();
    assert.ok(box && box.width > 50 && box.height > 10, JSON.stringify(box));
    const text = await svg.textContent();
    for (const label of ['Plan', 'Build', 'Release']) assert.ok(text.includes(label), text);
    assert.deepEqual(violations, []);
    await page.close();
  });

  test('a diagram Mermaid cannot parse keeps its source, marked, and the next is still drawn', async () => {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(urlOf(site.url, 'bad-input.html'));
    const message = page.locator('.mermaid-error-message');
    await message.waitFor({ timeout: 15000 });
    assert.match(await message.textContent(), /could not be drawn/);
    const failed = page.locator('pre.mermaid.mermaid-error');
    assert.equal(await failed.count(), 1);
    assert.match(await failed.textContent(), /flowchat LR/);
    assert.ok(await failed.isVisible());
    const drawn = page.locator('pre.mermaid svg');
    await drawn.waitFor({ timeout: 15000 });
    assert.match(await drawn.textContent(), /Triage/);
    assert.deepEqual(errors, []);
    // An unclosed `$$` is text a reader sees, not a formula.
    assert.match(await page.locator('.note-content').textContent(), /\$\$ \\frac\{a\}\{b\}/);
    assert.equal(await page.locator('.note-content math').count(), 0);
    await page.close();
  });

  test('a page without a diagram loads no Mermaid script', async () => {
    const page = await browser.context.newPage();
    await page.goto(urlOf(site.url, 'index.html'));
    assert.equal(await page.locator('script[src*="mermaid"]').count(), 0);
    await page.close();
  });
});
