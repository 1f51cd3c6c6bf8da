import { defineConfig } from 'tsup';

// One neutral build for browsers, Node >= 22, Deno and React Native: no Node built-ins may be imported
// (test/bundle.test.ts checks the sources), supabase-js and zod stay external.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  sourcemap: true,
  clean: true,
  treeshake: true,
  splitting: false,
  external: ['@supabase/supabase-js', 'zod', /^zod\//],
});
