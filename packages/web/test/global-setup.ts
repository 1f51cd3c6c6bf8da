/**
 * The site's tests run the built site (adapter-node) against the shared test stack (see
 * @sejahtera/stack/testing): the stack is started if needed and stopped if started here; the site is
 * built once, here, with the Node that runs the tests.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { useTestStack } from '@sejahtera/stack/testing';

const run = promisify(execFile);

export default async function setup(): Promise<() => Promise<void>> {
  const packageDir = join(import.meta.dirname, '..');
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const [stack, build] = await Promise.allSettled([
    useTestStack(),
    // vitest sets NODE_ENV=test, which would build a development site.
    run(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: packageDir, env: { ...process.env, NODE_ENV: 'production' } }),
  ]);
  if (stack.status === 'rejected') throw stack.reason;
  if (build.status === 'rejected') {
    await stack.value();
    throw build.reason;
  }
  return stack.value;
}
