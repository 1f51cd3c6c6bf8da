/**
 * npm run bench (web): what the public site costs, measured in one run.
 * - Throughput of the server-rendered status page (`/`, signed in as the seed's guardian Aminah: three
 *   status cards, read in one request through the SDK's status.list, and the header's unread count) against a static page of the
 *   same server (a prerendered page when the build has one, else a file of `static/`), requests per
 *   second with autocannon (BENCH_CONNECTIONS connections, default 8) for BENCH_SECONDS per page (default
 *   8) in BENCH_SLICES slices per page (default 2), the order reversed every other slice (ABBA), so that
 *   whatever else the machine runs weighs on each alike; with each page's median latency. The ratio says
 *   what rendering with live data costs against serving a file; the sign-in page (rendered, no data) is
 *   measured beside them for information, to tell the cost of rendering from the cost of the data.
 * - The JavaScript the status page loads, as Chromium fetches it (every script response until the
 *   network is idle), gzipped: goal < 60 kB.
 *
 * Builds the site into .out-bench (as the tests build theirs into their own folders), runs it with
 * adapter-node on a free port, against its own stack instance (ports 27621, 27622, 27624; data in
 * .sejahtera/webbench, removed after the run; with SEJAHTERA_BENCH_STACK=running the running development
 * stack is used instead). autocannon is the stack package's (npm hoists it to the root).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { chromium } from 'playwright-core';
import { ANON_KEY, benchNumber, benchStack, mustRunStackCli } from '@sejahtera/stack/testing';

const SECONDS = benchNumber('BENCH_SECONDS', 8);
const SLICES = Math.max(2, Math.round(benchNumber('BENCH_SLICES', 2)));
const CONNECTIONS = Math.round(benchNumber('BENCH_CONNECTIONS', 8));
const JS_GOAL_KB = 60;
/** The seed's guardian (three status cards), as the development stack signs her in. */
const GUARDIAN = { identifier: 'aminah@sejahtera.test', password: 'Sejahtera-dev-2026' };

const root = join(import.meta.dirname, '..');
const out = '.out-bench';
const { useRunning, dataDir, env: stackEnv, api } = benchStack('webbench', 27621);

const step = (text: string) => console.log(`\n» ${text}`);
const stack = (...args: string[]) => mustRunStackCli(args, stackEnv);
const kB = (bytes: number) => Number((bytes / 1000).toFixed(1));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function build(): Promise<void> {
  step(`building the site into ${out} (vite build, production)`);
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  await promisify(execFile)(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', SEJAHTERA_WEB_OUT: out },
    maxBuffer: 16 * 1024 * 1024,
  });
}

async function startSite(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  step(`starting the built site on ${url} against ${api}`);
  const child = spawn(process.execPath, [join(root, out, 'build', 'index.js')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', ORIGIN: url, SUPABASE_URL: api, SUPABASE_ANON_KEY: ANON_KEY },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`The site exited with ${child.exitCode}`);
    if (await fetch(`${url}/sign-in`).then((r) => r.ok, () => false)) return { url, child };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('The site did not answer within 20 s');
}

/** Signs the guardian in through the site's own form: the session cookies @supabase/ssr set. */
async function signIn(url: string): Promise<Array<{ name: string; value: string }>> {
  const response = await fetch(`${url}/sign-in?/signIn`, {
    method: 'POST',
    body: new URLSearchParams(GUARDIAN),
    headers: { accept: 'text/html', origin: url },
    redirect: 'manual',
  });
  const cookies = response.headers.getSetCookie().map((line) => {
    const [pair] = line.split(';');
    const at = pair.indexOf('=');
    return { name: pair.slice(0, at), value: pair.slice(at + 1) };
  });
  if (response.status !== 303 || !cookies.some((c) => c.name.includes('auth-token'))) {
    throw new Error(`Signing in ${GUARDIAN.identifier} failed: ${response.status}, no session cookie (is the stack seeded?)`);
  }
  return cookies.filter((c) => c.value !== '');
}

/**
 * The static page to compare with: a prerendered page of the build (the offline page, where the build
 * prerenders it), else a file of static/ served by the same server.
 */
function staticPage(): { path: string; what: string } {
  const prerendered = join(root, out, 'build', 'prerendered');
  const pages = existsSync(prerendered)
    ? readdirSync(prerendered, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.html'))
    : [];
  const page = pages.find((file) => file === 'offline.html') ?? pages[0];
  if (page) {
    const path = `/${page.replace(/(index)?\.html$/, '')}`.replace(/\/$/, '') || '/';
    return { path, what: `prerendered page ${path}` };
  }
  return { path: '/favicon.svg', what: 'static file /favicon.svg (the build prerenders no page)' };
}

/** Requests per second of `path` for `seconds`, every answer a 200, and the median latency. */
async function load(url: string, path: string, headers: Record<string, string>, seconds: number): Promise<{ rate: number; p50: number }> {
  const result = await autocannon({ url: `${url}${path}`, headers, connections: CONNECTIONS, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${path}: ${result.non2xx} answers other than 2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return { rate: result.requests.total / (result.duration || seconds), p50: result.latency.p50 };
}

async function throughput(url: string, cookie: string, baseline: { path: string; what: string }) {
  const pages = {
    status: { label: 'status page / (signed in)', path: '/', headers: { cookie, accept: 'text/html', 'accept-language': 'ms-MY' } },
    // For information: the cost of rendering a page at all, without the status page's data.
    form: { label: 'sign-in page (server-rendered, no data)', path: '/sign-in', headers: { accept: 'text/html', 'accept-language': 'ms-MY' } },
    static: { label: baseline.what, path: baseline.path, headers: { accept: 'text/html' } },
  };
  type Which = keyof typeof pages;
  // The status page must be the guardian's cards, not the sign-in page a lost session would give.
  const page = await fetch(`${url}/`, { headers: pages.status.headers, redirect: 'manual' });
  const html = await page.text();
  const cards = html.match(/class="status-card /g)?.length ?? 0;
  if (page.status !== 200 || cards === 0) throw new Error(`The status page answered ${page.status} with ${cards} status cards`);
  step(`throughput: / (signed in, ${cards} status cards), /sign-in and ${baseline.what}; ${CONNECTIONS} connections, ${SECONDS} s per page in ${SLICES} slices, the order reversed every other slice`);
  for (const which of Object.keys(pages) as Which[]) await load(url, pages[which].path, pages[which].headers, 1);
  const slice = SECONDS / SLICES;
  const runs: Record<Which, Array<{ rate: number; p50: number }>> = { status: [], form: [], static: [] };
  for (let i = 0; i < SLICES; i++) {
    const order: Which[] = i % 2 === 0 ? ['status', 'form', 'static'] : ['static', 'form', 'status'];
    for (const which of order) {
      const run = await load(url, pages[which].path, pages[which].headers, slice);
      runs[which].push(run);
      console.log(`  slice ${i + 1}/${SLICES} ${pages[which].label}: ${fmt(run.rate)} requests/s, median ${run.p50} ms`);
    }
  }
  const mean = (which: Which, key: 'rate' | 'p50') => runs[which].reduce((sum, run) => sum + run[key], 0) / runs[which].length;
  const row = (which: Which) => ({ 'requests/s': fmt(mean(which, 'rate')), 'median ms': Number(mean(which, 'p50').toFixed(1)) });
  return {
    rows: { [pages.status.label]: row('status'), [pages.form.label]: row('form'), [pages.static.label]: row('static') },
    ratio: mean('status', 'rate') / mean('static', 'rate'),
  };
}

async function javaScriptSize(url: string, cookies: Array<{ name: string; value: string }>) {
  step('JavaScript the status page loads: Chromium opens / signed in, every script until the network is idle, gzipped');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ locale: 'ms-MY', viewport: { width: 390, height: 844 } });
    await context.addCookies(cookies.map(({ name, value }) => ({ name, value, url })));
    const page = await context.newPage();
    const scripts = new Map<string, Promise<Buffer>>();
    page.on('response', (response) => {
      const type = response.request().resourceType();
      const contentType = response.headers()['content-type'] ?? '';
      // The service worker is installed beside the page, once, and never delays it: reported on its own.
      if (new URL(response.url()).pathname === '/service-worker.js') return;
      if (type === 'script' || contentType.includes('javascript')) scripts.set(response.url(), response.body());
    });
    const response = await page.goto(`${url}/`, { waitUntil: 'networkidle' });
    if (response?.status() !== 200 || new URL(page.url()).pathname !== '/') throw new Error(`The status page did not open: ${response?.status()} at ${page.url()}`);
    // Hydration marks the page enhanced: every script it needed has run.
    await page.locator('html[data-enhanced]').waitFor({ state: 'attached' });
    const files = await Promise.all(
      [...scripts].map(async ([href, body]) => {
        const bytes = await body;
        return { file: new URL(href).pathname, raw: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength };
      }),
    );
    const gzip = files.reduce((sum, f) => sum + f.gzip, 0);
    const raw = files.reduce((sum, f) => sum + f.raw, 0);
    const largest = [...files].sort((a, b) => b.gzip - a.gzip).slice(0, 5).map((f) => `${f.file.replace('/_app/immutable/', '')} ${kB(f.gzip)}`).join(', ');
    console.log(`  ${files.length} scripts, ${kB(raw)} kB as sent uncompressed, ${kB(gzip)} kB gzipped; largest (kB gzipped): ${largest}`);
    const worker = join(root, out, 'build', 'client', 'service-worker.js');
    return {
      'scripts loaded': { value: files.length, goal: '' },
      'JavaScript, kB gzipped': { value: kB(gzip), goal: `< ${JS_GOAL_KB}: ${kB(gzip) < JS_GOAL_KB ? 'met' : 'MISSED'}` },
      'JavaScript, kB uncompressed': { value: kB(raw), goal: '' },
      ...(existsSync(worker) ? { 'service worker (installed once, beside the page), kB gzipped': { value: kB(gzipSync(readFileSync(worker), { level: 9 }).byteLength), goal: '' } } : {}),
    };
  } finally {
    await browser.close();
  }
}

async function main() {
  const started = Date.now();
  await build();
  if (!useRunning) {
    step(`starting the bench stack (API ${api}, data in ${relative(process.cwd(), dataDir) || dataDir}), with the seed's people`);
    await stack('stop').catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
    await stack('start');
  }
  let site: { url: string; child: ChildProcess } | undefined;
  let rates;
  let size;
  try {
    site = await startSite();
    const cookies = await signIn(site.url);
    const cookie = cookies.map(({ name, value }) => `${name}=${value}`).join('; ');
    rates = await throughput(site.url, cookie, staticPage());
    size = await javaScriptSize(site.url, cookies);
  } finally {
    site?.child.kill('SIGTERM');
    if (!useRunning) {
      step('stopping the bench stack');
      await stack('stop');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  console.log('\nResults (one run, this machine)');
  console.log(`\nServer-rendered status page vs a static page of the same server (${CONNECTIONS} connections, ${SECONDS} s per page)`);
  console.table(rates?.rows);
  console.log(`status page / static page, requests per second: ${rates?.ratio.toFixed(3)}`);
  console.log(`\nJavaScript shipped to the status page (goal < ${JS_GOAL_KB} kB gzipped)`);
  console.table(size);
  console.log(`\nBench done in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
