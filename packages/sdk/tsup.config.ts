import { defineConfig } from 'tsup';

// One neutral build for browsers, Node >= 22, Deno and React Native: no Node built-ins may be imported
// (test/package.test.ts checks the sources), supabase-js and zod stay external. Two entries: the public's
// (index) and staff's (staff, a superset); what they share sits in chunks, in ESM and in CommonJS alike,
// so that an app importing both has one copy of each class (errors, the client).
export default defineConfig({
  entry: { index: 'src/index.ts', staff: 'src/staff.ts' },
  format: ['esm', 'cjs'],
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  sourcemap: true,
  clean: true,
  treeshake: true,
  splitting: true,
  external: ['@supabase/supabase-js', 'zod', /^zod\//],
});
