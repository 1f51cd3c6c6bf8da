/** Starts the test stack (unless it runs), loads the REST fixtures, and stops the stack afterwards if it started it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { databaseUrlFor, useTestStack } from '../src/testing.ts';
import { waitForRestFixtures } from './rest-support.ts';

export default async function setup() {
  const stop = await useTestStack();
  const client = new pg.Client({ connectionString: databaseUrlFor('postgres') });
  await client.connect();
  await client.query(readFileSync(join(import.meta.dirname, 'fixtures', 'rest.sql'), 'utf8'));
  await client.end();
  // PostgREST reloads its schema cache asynchronously: no test starts before the fixtures answer.
  await waitForRestFixtures();
  return stop;
}
