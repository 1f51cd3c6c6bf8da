/**
 * The console's tests run its production build against the test stack (@sejahtera/stack/testing):
 * the stack is started if needed (and stopped again if started here) while vite builds the console
 * with the test stack's URL, into a folder of this test port's own so parallel runs do not collide.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ANON_KEY, API_URL, useTestStack } from '@sejahtera/stack/testing';
import { buildDir } from './build-dir.ts';

const run = promisify(execFile);

export default async function setup(): Promise<() => Promise<void>> {
  const packageDir = join(import.meta.dirname, '..');
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const [stack, build] = await Promise.allSettled([
    useTestStack(),
    // vitest sets NODE_ENV=test, which would build a development bundle.
    run(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: packageDir,
      env: { ...process.env, NODE_ENV: 'production', SEJAHTERA_ADMIN_OUT: buildDir, VITE_SUPABASE_URL: API_URL, VITE_SUPABASE_ANON_KEY: ANON_KEY },
    }),
  ]);
  if (stack.status === 'rejected') throw stack.reason;
  if (build.status === 'rejected') {
    await stack.value();
    throw build.reason;
  }
  return stack.value;
}
