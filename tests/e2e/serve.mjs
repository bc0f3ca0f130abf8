// A tiny static file server for the end-to-end tests: node:http only, no
// packages. Serves one folder on 127.0.0.1 on an ephemeral port.
//
//   import { serve } from './serve.mjs';
//   const server = await serve('/path/to/site');
//   server.url          // "http://127.0.0.1:PORT/"
//   await server.close();
//
// Or from the command line: node tests/e2e/serve.mjs DIR [PORT]

import { createServer } from 'node:http';
import { open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

export function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function inside(root, candidate) {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

// Maps a request target to a file in root, or returns a status code.
export async function resolveRequest(root, target) {
  let pathname;
  try {
    pathname = new URL(target, 'http://localhost').pathname;
  } catch {
    return { status: 400 };
  }
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { status: 400 };
  }
  if (decoded.includes('\0')) return { status: 400 };
  // Reject any `..` segment outright (raw or percent-encoded, either
  // slash), even one that would stay inside the folder after normalising.
  if (decoded.split(/[\\/]/).includes('..')) return { status: 403 };
  let file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  if (!inside(root, file)) return { status: 403 };
  let info;
  try {
    info = await stat(file);
    if (info.isDirectory()) {
      if (!pathname.endsWith('/')) {
        return { status: 301, location: pathname + '/' };
      }
      file = path.join(file, 'index.html');
      info = await stat(file);
    }
  } catch {
    return { status: 404 };
  }
  if (!info.isFile()) return { status: 404 };
  // A symlink inside the folder must not lead outside it.
  let real;
  try {
    real = await realpath(file);
  } catch {
    return { status: 404 };
  }
  if (!inside(root, real)) return { status: 403 };
  return { status: 200, file: real, size: info.size };
}

// Options: `prefix` serves the folder under a subpath (`/handbook/`), as
// GitHub Pages serves a project site; `notFound` names the file answered,
// with status 404, for a path that has none (`404.html`, as static hosts do).
export async function serve(dir, { port = 0, host = '127.0.0.1', prefix = '/', notFound = null } = {}) {
  const root = await realpath(path.resolve(dir));
  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('method not allowed\n');
      return;
    }
    const target = req.url ?? '/';
    let found = target.startsWith(prefix)
      ? await resolveRequest(root, '/' + target.slice(prefix.length))
      : { status: 404 };
    if (found.status === 404 && notFound) {
      const page = await resolveRequest(root, '/' + notFound);
      if (page.status === 200) found = { ...page, status: 404 };
    }
    if (found.status !== 200 && !found.file) {
      const headers = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };
      if (found.location) headers.Location = found.location;
      res.writeHead(found.status, headers);
      res.end(req.method === 'HEAD' ? undefined : `${found.status}\n`);
      return;
    }
    let handle;
    try {
      handle = await open(found.file, 'r');
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('404\n');
      return;
    }
    res.writeHead(found.status, {
      'Content-Type': contentType(found.file),
      'Content-Length': found.size,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') {
      await handle.close();
      res.end();
      return;
    }
    const stream = handle.createReadStream();
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const url = `http://${host}:${address.port}${prefix}`;
  return {
    url,
    port: address.port,
    root,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, port] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node serve.mjs DIR [PORT]');
    process.exit(2);
  }
  const s = await serve(dir, { port: port ? Number(port) : 0 });
  console.log(`serving ${s.root} at ${s.url}`);
}
