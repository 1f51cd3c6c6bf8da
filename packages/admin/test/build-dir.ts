import { join } from 'node:path';

/** Where the tests' build of the console goes: a folder per test port, beside the package's own dist. */
export const buildDir = join(import.meta.dirname, '..', `.out-${process.env.SEJAHTERA_TEST_PORT ?? 'test'}`);
