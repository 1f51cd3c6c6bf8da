/**
 * Serves examples/browser.html, the built bundle (dist/) and supabase-js and zod as browser ES modules
 * (examples/vendor/, bundled here with esbuild from node_modules: their npm builds import further
 * packages by bare name, which a browser without a bundler cannot resolve).
 *
 *   npm run build -w @sejahtera/sdk && node packages/sdk/examples/serve.ts    (PORT=5180 by default; 0 picks one)
 *
 * Any static file server does once examples/vendor/ exists: it serves the package's folder.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const served = ['dist', 'examples'];
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

if (!existsSync(join(root, 'dist', 'index.js'))) {
  console.error('dist/index.js is missing: npm run build -w @sejahtera/sdk first');
  process.exit(1);
}

// Each a single browser ES module; the SDK's bundle imports them through the page's import map.
for (const [name, entry] of [['supabase-js', '@supabase/supabase-js'], ['zod-mini', 'zod/mini']]) {
  await build({
    stdin: { contents: `export * from '${entry}';`, resolveDir: root },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    outfile: join(root, 'examples', 'vendor', `${name}.js`),
    logLevel: 'warning',
  });
}

const server = createServer((request, response) => {
  const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  if (path === '/') {
    response.writeHead(302, { location: '/examples/browser.html' }).end();
    return;
  }
  const file = normalize(join(root, path));
  const inside = served.some((dir) => file.startsWith(join(root, dir) + sep));
  if (request.method !== 'GET' || !inside || !existsSync(file) || !statSync(file).isFile()) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  createReadStream(file).pipe(response);
});

server.listen(Number(process.env.PORT ?? 5180), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : process.env.PORT;
  console.log(`Serving http://127.0.0.1:${port}/examples/browser.html`);
});
