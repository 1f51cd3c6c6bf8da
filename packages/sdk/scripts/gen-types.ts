/**
 * npm run gen:types -w @sejahtera/sdk: writes src/database.types.ts from the database at DATABASE_URL,
 * else the running development stack's. Run it after a migration changes the public schema.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DATABASE_URL, TYPES_FILE, generateDatabaseTypes } from './database-types.ts';

const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const types = await generateDatabaseTypes(url);
await writeFile(TYPES_FILE, types);
console.log(`wrote ${fileURLToPath(TYPES_FILE)} from ${new URL(url).host}`);
