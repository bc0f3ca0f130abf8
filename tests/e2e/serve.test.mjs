// Tests of serve.mjs, the static server the browser tests use.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { serve } from './serve.mjs';

let tmp;
let server;

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'phasebook-serve-test-'));
  const root = path.join(tmp, 'site');
  mkdirSync(path.join(root, 'guides'), { recursive: true });
  mkdirSync(path.join(root, '_phasebook'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!DOCTYPE html><title>i</title>');
  writeFileSync(path.join(root, 'guides', 'On call.html'), '<!DOCTYPE html><title>o</title>');
  writeFileSync(path.join(root, 'guides', 'index.html'), 'guides index');
  writeFileSync(path.join(root, '_phasebook', 'search.js'), 'window.x=1;');
  writeFileSync(path.join(root, '_phasebook', 'style.css'), 'body{}');
  writeFileSync(path.join(root, 'a.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(root, 'a.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(path.join(root, 'blob.unknownext'), 'x');
  writeFileSync(path.join(tmp, 'secret.txt'), 'secret');
  symlinkSync(path.join(tmp, 'secret.txt'), path.join(root, 'link.txt'));
  server = await serve(root);
});

after(async () => {
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// A raw request, so that `..` reaches the server as written.
function get(rawPath, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: rawPath, method }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('listens on 127.0.0.1 on an ephemeral port', () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.ok(server.port > 0);
});

test('serves files with their content types', async () => {
  const cases = [
    ['/index.html', 'text/html; charset=utf-8'],
    ['/_phasebook/search.js', 'text/javascript; charset=utf-8'],
    ['/_phasebook/style.css', 'text/css; charset=utf-8'],
    ['/a.svg', 'image/svg+xml'],
    ['/a.png', 'image/png'],
    ['/blob.unknownext', 'application/octet-stream'],
  ];
  for (const [p, type] of cases) {
    const res = await get(p);
    assert.equal(res.status, 200, p);
    assert.equal(res.headers['content-type'], type, p);
  }
  assert.equal((await get('/_phasebook/search.js')).body, 'window.x=1;');
});

test('decodes percent-encoded paths and serves index.html of a folder', async () => {
  const res = await get('/guides/On%20call.html');
  assert.equal(res.status, 200);
  assert.equal(res.body, '<!DOCTYPE html><title>o</title>');
  assert.equal((await get('/')).body, '<!DOCTYPE html><title>i</title>');
  assert.equal((await get('/guides/')).body, 'guides index');
  const redirect = await get('/guides');
  assert.equal(redirect.status, 301);
  assert.equal(redirect.headers.location, '/guides/');
  assert.equal((await get('/index.html?q=1#x')).status, 200);
});

test('answers 404 for what is missing', async () => {
  for (const p of ['/missing.html', '/guides/missing.html', '/_phasebook/search/meta.js', '/index.html/x']) {
    assert.equal((await get(p)).status, 404, p);
  }
});

test('refuses paths escaping the folder', async () => {
  for (const p of ['/../secret.txt', '/guides/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/..%5csecret.txt', '/guides/%2E%2E/%2E%2E/secret.txt']) {
    const res = await get(p);
    assert.ok([400, 403, 404].includes(res.status), `${p}: ${res.status}`);
    assert.notEqual(res.body, 'secret', p);
  }
  const link = await get('/link.txt');
  assert.equal(link.status, 403, 'a symlink out of the folder');
  assert.notEqual(link.body, 'secret');
  assert.equal((await get('/index.html%00.png')).status, 400);
});

test('answers HEAD without a body and refuses other methods', async () => {
  const head = await get('/index.html', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
  assert.equal((await get('/index.html', 'POST')).status, 405);
});
