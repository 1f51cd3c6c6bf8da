/**
 * Starts the test stack (unless told to use a running one), loads the REST fixtures, and stops the
 * stack afterwards if this run started it.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { databaseUrlFor, projectDir, stackEnv } from './env.ts';
import { waitForRestFixtures } from './rest-support.ts';

const run = promisify(execFile);
const cli = join(projectDir, 'packages', 'stack', 'bin', 'sejahtera-stack.js');

async function stack(...args: string[]) {
  return run(process.execPath, [cli, ...args], { env: { ...process.env, ...stackEnv }, cwd: projectDir });
}

async function running(): Promise<boolean> {
  return stack('status', '--json').then(
    () => true,
    () => false,
  );
}

export default async function setup() {
  const wasRunning = await running();
  if (!wasRunning) {
    try {
      await stack('start');
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      throw new Error(`The test stack did not start:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
  }
  const fixture = join(import.meta.dirname, 'fixtures', 'rest.sql');
  if (existsSync(fixture)) {
    const client = new pg.Client({ connectionString: databaseUrlFor('postgres') });
    await client.connect();
    await client.query(readFileSync(fixture, 'utf8'));
    await client.end();
    // PostgREST reloads its schema cache asynchronously: no test starts before the fixtures answer.
    await waitForRestFixtures();
  }

  return async () => {
    if (!wasRunning && process.env.SEJAHTERA_TEST_KEEP !== '1') await stack('stop');
  };
}
