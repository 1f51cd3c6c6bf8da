/**
 * npm run bench (console): runs every bench/*.bench.ts in turn, each exporting `run()`, each on its own
 * stack instance. BENCH_ONLY=import,dashboard runs only the benchmarks named.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim()).filter(Boolean);
const files = readdirSync(import.meta.dirname)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => !only || only.includes(file.replace(/\.bench\.ts$/, '')))
  .sort();

let failed = false;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  try {
    const bench = (await import(pathToFileURL(join(import.meta.dirname, file)).href)) as { run: () => Promise<void> };
    await bench.run();
  } catch (error) {
    failed = true;
    console.error(`${file} failed:`, error);
  }
}
if (failed) process.exitCode = 1;
