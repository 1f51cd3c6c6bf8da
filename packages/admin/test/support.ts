/** The console's build served on a free port, Chromium through playwright-core, and helpers for its pages. */
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';
import pg from 'pg';
import { type Browser, type Page, chromium } from 'playwright-core';
import { databaseUrlFor } from '@sejahtera/stack/testing';
import { expect } from 'vitest';
import { buildDir } from './build-dir.ts';

export const DEMO_PASSWORD = 'Sejahtera-dev-2026';
export const screenshotDir = join(import.meta.dirname, 'screenshots');

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export interface Console {
  url: string;
  stop(): Promise<void>;
}

/** Serves the built console (test/global-setup.ts) as a static site: any path without a file gets index.html. */
export async function serveConsole(): Promise<Console> {
  const server: Server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(buildDir, path);
    if (!file.startsWith(buildDir) || !existsSync(file) || statSync(file).isDirectory()) file = join(buildDir, 'index.html');
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh browser profile at a desktop's width whose browser asks for `language` first. */
export async function newPage(browser: Browser, language: 'en-US' | 'ms-MY' = 'en-US'): Promise<Page> {
  const context = await browser.newContext({ locale: language, viewport: { width: 1280, height: 800 } });
  return context.newPage();
}

/** Fills the sign-in form and submits it. */
export async function signIn(page: Page, url: string, email: string): Promise<void> {
  await page.goto(`${url}/#/login`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.locator('button[type="submit"]').click();
}

/** The hrefs of the side menu's entries, e.g. ['#/', '#/persons']. */
export async function menuEntries(page: Page): Promise<string[]> {
  const menu = page.locator('.RaMenu-open, .RaMenu-closed').first();
  await menu.locator('a').first().waitFor();
  return (await menu.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))).sort();
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/**
 * No serious or critical axe-core violation, and a whole-page screenshot at 1280 px as test/screenshots/<name>.png.
 * A select's menu that is closing fades out while still in the page (axe would judge its half-faded options):
 * it is gone first.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await expect.poll(() => page.locator('ul[role="listbox"]').count(), { timeout: 15_000 }).toBe(0);
  await screenshot(page, name);
  expect(await seriousViolations(page), name).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Runs one query on the test stack's database as postgres. */
export async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrlFor() });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
