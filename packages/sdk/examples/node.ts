/**
 * The SDK from a Node script: a guardian signs in, declares her health for today and her first
 * dependent's, and reads back each one's status and advice.
 *
 *   npm run build -w @sejahtera/sdk && node packages/sdk/examples/node.ts
 *
 * Against the running development stack by default (`npm start`), as the seed's guardian
 * aminah@sejahtera.test. SEJAHTERA_URL and SEJAHTERA_ANON_KEY point it at another project;
 * SEJAHTERA_EMAIL and SEJAHTERA_PASSWORD sign in as someone else.
 */
import { createSejahtera, isSejahteraError } from '@sejahtera/sdk';

const LOCAL_ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0';

const sejahtera = createSejahtera({
  url: process.env.SEJAHTERA_URL ?? 'http://127.0.0.1:54321',
  anonKey: process.env.SEJAHTERA_ANON_KEY ?? LOCAL_ANON_KEY,
  language: 'en',
  auth: { persistSession: false }, // a script keeps its session in memory only
});

try {
  const email = process.env.SEJAHTERA_EMAIL ?? 'aminah@sejahtera.test';
  const { user } = await sejahtera.auth.signInWithPassword({ email, password: process.env.SEJAHTERA_PASSWORD ?? 'Sejahtera-dev-2026' });
  console.log(`Signed in as ${user.email}`);

  // Every answer "no": a low-risk declaration. A form would ask each question.
  const { title, questions } = await sejahtera.assessments.questionnaire();
  const answers = Object.fromEntries(questions.map((q) => [q.code, false]));
  console.log(`${title}: ${questions.length} questions, all answered "no"`);

  const me = await sejahtera.profile.get();
  if (!me) throw new Error(`${email} has no profile yet: register one first (sejahtera.profile.register)`);
  const [dependent] = await sejahtera.dependents.list();
  const people = [{ name: me.full_name, person_id: me.id }];
  if (dependent) people.push({ name: dependent.person.full_name, person_id: dependent.person.id });

  for (const { name, person_id } of people) {
    // One idempotency key per declaration: a retry after a dropped connection stores it once.
    const assessment = await sejahtera.assessments.submit({ person_id, answers }, { idempotencyKey: crypto.randomUUID() });
    // Label and advice in the person's preferred language.
    const { label, advice } = await sejahtera.status.current({ person_id });
    console.log(`\n${name}: ${assessment.kind} declaration, classified ${assessment.classification}`);
    console.log(`  status: ${label}`);
    console.log(`  advice: ${advice}`);
  }
  await sejahtera.auth.signOut({ scope: 'local' });
} catch (error) {
  // Every error of the SDK has a stable code and is safe to log (tokens and personal data redacted).
  console.error(isSejahteraError(error) ? `${error.name} (${error.code}): ${error.message}` : error);
  process.exitCode = 1;
}
