/** The committed database types are what the database's schema generates now: a migration that changes the public schema must come with them. */
import { readFile } from 'node:fs/promises';
import { databaseUrlFor } from '@sejahtera/stack/testing';
import { expect, it } from 'vitest';
import { TYPES_FILE, generateDatabaseTypes } from '../scripts/database-types.ts';

it('src/database.types.ts is up to date with the database schema', async () => {
  const url = databaseUrlFor('postgres');
  const [live, committed] = await Promise.all([generateDatabaseTypes(url), readFile(TYPES_FILE, 'utf8')]);
  if (live !== committed) {
    const liveLines = live.split('\n');
    const committedLines = committed.split('\n');
    const line = liveLines.findIndex((text, i) => text !== committedLines[i]);
    expect.fail(
      `src/database.types.ts is stale: the public schema of ${new URL(url).host} generates other types ` +
        `(first difference at line ${line + 1}: database has ${JSON.stringify(liveLines[line])}, file has ${JSON.stringify(committedLines[line])}).\n` +
        `Regenerate and commit it: DATABASE_URL=${url} npm run gen:types -w @sejahtera/sdk\n` +
        '(If you did not change the schema, your database may be behind the migrations: npm run stack -- reset.)',
    );
  }
});
