/** The test stack's URLs, keys and database (see src/testing.ts, which every package's tests share). */
export { ANON_KEY, API_URL, INBOX_URL, JWT_SECRET, SERVICE_ROLE_KEY, databaseUrlFor, ports, projectDir, stackEnv } from '../src/testing.ts';
