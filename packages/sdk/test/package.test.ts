/** What makes the package embeddable anywhere: no Node built-ins in its sources, tree-shakeable, both module formats. */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

it('imports nothing but supabase-js, zod/mini and its own files, and uses no Node globals', async () => {
  const allowed = new Set(['@supabase/supabase-js', 'zod/mini']);
  for (const file of await sources(join(root, 'src'))) {
    const text = await readFile(file, 'utf8');
    for (const [, specifier] of text.matchAll(/^\s*(?:import|export)\b[^;]*?from\s+'([^']+)'/gm)) {
      if (specifier.startsWith('.')) continue;
      expect(allowed.has(specifier), `${file} imports ${specifier}`).toBe(true);
    }
    expect(text, `${file} imports dynamically`).not.toMatch(/\bimport\(/);
    expect(text, `${file} uses a Node global`).not.toMatch(/\b(process\.|Buffer\b|require\(|__dirname)/);
  }
});

it('declares itself side-effect free, with ESM, CJS and types for each entry: the public one and staff\'s', async () => {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  expect(pkg.sideEffects).toBe(false);
  expect(pkg.exports['.']).toEqual({
    import: { types: './dist/index.d.ts', default: './dist/index.js' },
    require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
  });
  expect(pkg.exports['./staff']).toEqual({
    import: { types: './dist/staff.d.ts', default: './dist/staff.js' },
    require: { types: './dist/staff.d.cts', default: './dist/staff.cjs' },
  });
  expect(pkg.peerDependencies).toHaveProperty('@supabase/supabase-js');
});
