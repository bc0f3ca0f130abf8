// Shared helpers of the end-to-end tests: where things are, and the browser.
//
// Environment (defaults are what .ci/e2e writes, relative to the repo root):
//   SITE_DIR        the default vault built with `phasebook build`  (target/e2e/site)
//   XSS_SITE_DIR    tests/fixtures/site-xss built                    (target/e2e/xss-site)
//   OBSIDIAN_SITE_DIR tests/fixtures/site-obsidian built             (target/e2e/obsidian-site)
//   READINESS_JSON  `phasebook readiness --format json` of vault/    (target/e2e/readiness.json)
//   PLAIN_SITE_DIR  tests/fixtures/site-plain plus 300 generated notes  (target/e2e/plain-site)
//   MERMAID_CHECK_JSON `phasebook check --format json` of tests/fixtures/mermaid
//                                                       (target/e2e/mermaid-check.json)
//   SCREENSHOT_DIR  where screenshots go                             (target/e2e/screenshots)
//   LARGE_SITE_DIR  2,142 generated notes and a workflow            (target/e2e/large-site)
//   VAULT_DIR       the vault SITE_DIR was built from                (vault)
//   CHROMIUM        the browser                                      (/usr/bin/chromium)

import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function dirFromEnv(name, fallback, kind = 'dir') {
  const value = path.resolve(REPO, process.env[name] || fallback);
  if (kind === 'dir' && !(existsSync(value) && statSync(value).isDirectory())) {
    throw new Error(`${name}: ${value} is not a folder (build it first, see .ci/e2e)`);
  }
  if (kind === 'file' && !(existsSync(value) && statSync(value).isFile())) {
    throw new Error(`${name}: ${value} is not a file (see .ci/e2e)`);
  }
  return value;
}

export const env = {
  get siteDir() {
    return dirFromEnv('SITE_DIR', 'target/e2e/site');
  },
  get xssSiteDir() {
    return dirFromEnv('XSS_SITE_DIR', 'target/e2e/xss-site');
  },
  get historySiteDir() {
    return dirFromEnv('HISTORY_SITE_DIR', 'target/e2e/history-site');
  },
  get obsidianSiteDir() {
    return dirFromEnv('OBSIDIAN_SITE_DIR', 'target/e2e/obsidian-site');
  },
  get readinessJson() {
    return dirFromEnv('READINESS_JSON', 'target/e2e/readiness.json', 'file');
  },
  get largeSiteDir() {
    return dirFromEnv('LARGE_SITE_DIR', 'target/e2e/large-site');
  },
  get plainSiteDir() {
    return dirFromEnv('PLAIN_SITE_DIR', 'target/e2e/plain-site');
  },
  get mermaidCheckJson() {
    return dirFromEnv('MERMAID_CHECK_JSON', 'target/e2e/mermaid-check.json', 'file');
  },
  get vaultDir() {
    return dirFromEnv('VAULT_DIR', 'vault');
  },
  get screenshotDir() {
    return path.resolve(REPO, process.env.SCREENSHOT_DIR || 'target/e2e/screenshots');
  },
  chromium: process.env.CHROMIUM || '/usr/bin/chromium',
};

// The flags of the machine notes: without the background-networking ones
// Chromium keeps trying hosts that this closed network refuses.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

// Launches headless Chromium with a fresh, empty profile. Returns
// {context, close}; close() also removes the profile folder.
export async function launchBrowser() {
  if (!existsSync(env.chromium)) {
    throw new Error(`${env.chromium} not found: apt-get install chromium (see .ci/e2e)`);
  }
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'phasebook-e2e-profile-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: env.chromium,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 720 },
      // Phasebook's pages are static; nothing should ever need more.
      timeout: 60_000,
    });
  } catch (err) {
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    throw err;
  }
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  return {
    context,
    async close() {
      try {
        await context.close();
      } finally {
        await rm(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      }
    },
  };
}

// Records what a page reports: console errors, uncaught exceptions, dialogs
// (dismissed at once), failed requests and HTTP errors.
//
// Chromium asks every http origin for /favicon.ico on its own, whatever the
// page says; the site has none (docs/site-templates.md lists none), and that
// 404 is the browser's, not the page's, so it is left out.
const isAutoFavicon = (url) => {
  try {
    const u = new URL(url);
    return u.protocol.startsWith('http') && u.pathname === '/favicon.ico';
  } catch {
    return false;
  }
};

export function watch(page) {
  const seen = { consoleErrors: [], pageErrors: [], dialogs: [], failedRequests: [], httpErrors: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      if (loc?.url && isAutoFavicon(loc.url)) return;
      seen.consoleErrors.push(`${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => seen.pageErrors.push(String(err?.stack || err)));
  page.on('dialog', (dialog) => {
    seen.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on('requestfailed', (req) => seen.failedRequests.push(`${req.url()}: ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400 && !isAutoFavicon(res.url())) seen.httpErrors.push(`${res.status()} ${res.url()}`);
  });
  return seen;
}

// Every file below dir (relative paths with `/`), sorted.
export function walk(dir, base = '') {
  const out = [];
  for (const entry of readdirSync(path.join(dir, base), { withFileTypes: true })) {
    const rel = base ? `${base}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(dir, rel));
    else out.push(rel);
  }
  return out.sort();
}

// A site-relative path as a URL below base (http://…/ or file:///…/).
export function urlOf(base, rel) {
  return new URL(rel.split('/').map(encodeURIComponent).join('/'), base).href;
}

export function fileBase(dir) {
  return pathToFileURL(dir).href.replace(/\/?$/, '/');
}

// Polls fn until it returns a truthy value or timeout ms pass; returns the
// last value either way.
export async function poll(fn, { timeout = 5_000, interval = 100 } = {}) {
  const end = Date.now() + timeout;
  let value;
  for (;;) {
    value = await fn();
    if (value || Date.now() >= end) return value;
    await new Promise((r) => setTimeout(r, interval));
  }
}

export function isPng(buffer) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buffer.length < 33 || !buffer.subarray(0, 8).equals(signature)) return null;
  if (buffer.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

export function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
