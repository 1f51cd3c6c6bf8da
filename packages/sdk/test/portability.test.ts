/**
 * The built package, as apps receive it, in each runtime it promises: tsup's ESM and CommonJS builds in
 * Node (each exposing the factory, and errors recognised across the two copies), no Node built-in in
 * the bundle, and the ESM build in real Deno reading the questionnaire from the stack through
 * npm:@supabase/supabase-js.
 */
import { execFile } from 'node:child_process';
import { builtinModules, createRequire } from 'node:module';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ANON_KEY, API_URL, DEMO_PASSWORD, randomIp } from './support.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const bin = join(root, '..', '..', 'node_modules', '.bin');
// Inside the package, so that the bundles' bare imports (supabase-js, zod) resolve as they do from dist/.
const out = join(root, 'node_modules', '.cache', 'portability');
const esm = join(out, 'index.js');
const cjs = join(out, 'index.cjs');

beforeAll(async () => {
  // The package's own tsup config, into a folder of this test's (dist/ may be in use by other runs).
  await run(join(bin, 'tsup'), ['--out-dir', out, '--silent'], { cwd: root, env: { ...process.env, NODE_ENV: 'production' } });
}, 180_000);

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

async function node(source: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', source], { cwd: root });
  return stdout.trim();
}

it('the ESM build imports and the CommonJS build requires in Node, each with createSejahtera, and each copy recognises the other\'s errors', async () => {
  const answer = await node(`
    import { createRequire } from 'node:module';
    const esm = await import(${JSON.stringify(esm)});
    const cjs = createRequire(import.meta.url)(${JSON.stringify(cjs)});
    const fromCjs = new cjs.ValidationError('bad', { phone: ['must be a Malaysian mobile number'] });
    const fromEsm = new esm.RateLimitError('slow down', { retryAfterMs: 1000 });
    console.log(JSON.stringify({
      factories: [typeof esm.createSejahtera, typeof cjs.createSejahtera],
      distinctClasses: esm.ValidationError !== cjs.ValidationError,
      esmKnowsCjs: [esm.isSejahteraError(fromCjs), esm.isValidationError(fromCjs), fromCjs instanceof esm.ValidationError],
      cjsKnowsEsm: [cjs.isSejahteraError(fromEsm), cjs.isRateLimitError(fromEsm), cjs.isValidationError(fromEsm)],
      clients: [esm.createSejahtera({ url: 'http://127.0.0.1:1', anonKey: 'k' }).assessments !== undefined,
                cjs.createSejahtera({ url: 'http://127.0.0.1:1', anonKey: 'k' }).assessments !== undefined],
    }));
  `);
  expect(JSON.parse(answer)).toEqual({
    factories: ['function', 'function'],
    distinctClasses: true, // two copies of the SDK, as an app bundling both would have
    esmKnowsCjs: [true, true, false], // the guards see through what instanceof cannot
    cjsKnowsEsm: [true, true, false],
    clients: [true, true],
  });
  // And the CommonJS build loads in this process too (no top-level await, no ESM-only syntax).
  expect(typeof createRequire(import.meta.url)(cjs).createSejahtera).toBe('function');
});

it('the browser bundle imports no Node built-in, only supabase-js and zod', async () => {
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  for (const file of [esm, cjs]) {
    const text = await readFile(file, 'utf8');
    const specifiers = [
      ...[...text.matchAll(/\b(?:import|export)\b[^;'"]*?from\s*["']([^"']+)["']/g)].map((m) => m[1]),
      ...[...text.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]),
      ...[...text.matchAll(/\brequire\s*\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]),
    ];
    expect(specifiers.length, `${file} imports something`).toBeGreaterThan(0);
    for (const specifier of specifiers) {
      expect(builtins.has(specifier), `${file} imports the Node built-in ${specifier}`).toBe(false);
      expect(['@supabase/supabase-js', 'zod/mini'], `${file} imports ${specifier}`).toContain(specifier);
    }
    expect(text, `${file} reads process`).not.toMatch(/\bprocess\.(env|versions|platform)\b/);
  }
});

it('the ESM build runs in Deno with npm:@supabase/supabase-js, signing in and reading the questionnaire from the stack', async () => {
  const versions = async (pkg: string) => JSON.parse(await readFile(join(root, '..', '..', 'node_modules', pkg, 'package.json'), 'utf8')).version as string;
  const dir = await mkdtemp(join(tmpdir(), 'sejahtera-deno-'));
  try {
    // The bundle's bare imports mapped to npm: specifiers, as a Deno app (or an edge function) maps them.
    await writeFile(join(dir, 'deno.json'), JSON.stringify({
      imports: {
        '@supabase/supabase-js': `npm:@supabase/supabase-js@${await versions('@supabase/supabase-js')}`,
        'zod/mini': `npm:zod@${await versions('zod')}/mini`,
      },
    }));
    await writeFile(join(dir, 'main.ts'), `
      import { createSejahtera, isSejahteraError } from ${JSON.stringify(`file://${esm}`)};
      const sejahtera = createSejahtera({
        url: Deno.env.get('SEJAHTERA_URL')!, anonKey: Deno.env.get('SEJAHTERA_ANON_KEY')!,
        auth: { persistSession: false, autoRefreshToken: false }, headers: { 'x-forwarded-for': Deno.env.get('CLIENT_IP')! },
      });
      const refused = await sejahtera.assessments.questionnaire().catch((error) => error);
      await sejahtera.auth.signInWithPassword({ email: 'aminah@sejahtera.test', password: Deno.env.get('DEMO_PASSWORD')! });
      const questionnaire = await sejahtera.assessments.questionnaire({ language: 'en' });
      console.log(JSON.stringify({ runtime: 'deno ' + Deno.version.deno, refused: isSejahteraError(refused) ? refused.code : String(refused),
        version: questionnaire.version, questions: questionnaire.questions.length, first: questionnaire.questions[0]?.text }));
    `);
    const { stdout } = await run(join(bin, 'deno'), ['run', '--config', join(dir, 'deno.json'), '--allow-net', '--allow-env', '--allow-read', join(dir, 'main.ts')], {
      cwd: dir,
      env: {
        ...process.env,
        DENO_TLS_CA_STORE: process.env.DENO_TLS_CA_STORE ?? 'mozilla,system',
        DENO_NO_PACKAGE_JSON: '1',
        DENO_NO_UPDATE_CHECK: '1',
        NO_COLOR: '1',
        SEJAHTERA_URL: API_URL,
        SEJAHTERA_ANON_KEY: ANON_KEY,
        DEMO_PASSWORD,
        CLIENT_IP: randomIp(),
      },
      timeout: 150_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(result.runtime).toMatch(/^deno 2\./);
    expect(result.refused).toBe('not_signed_in');
    expect(result.questions).toBeGreaterThan(5);
    expect(typeof result.first).toBe('string');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 180_000);
