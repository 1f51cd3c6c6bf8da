import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API URL and anon key are read at build time (VITE_SUPABASE_URL, VITE_SUPABASE_ANON_KEY); see src/config.ts.
export default defineConfig({
  plugins: [react()],
  server: { host: '127.0.0.1', port: 5174 },
  preview: { host: '127.0.0.1', port: 4174 },
  build: { outDir: process.env.SEJAHTERA_ADMIN_OUT ?? 'dist', sourcemap: true, chunkSizeWarningLimit: 2000 },
});
