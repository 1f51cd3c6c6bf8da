/**
 * What the SDK's integration tests share: SDK clients against the test stack (or the running development
 * stack with SEJAHTERA_TEST_STACK=running), users made through Auth's admin API, the inbox for codes.
 * Each client gets its own client address (X-Forwarded-For) so that Auth's per-address rate limits
 * (config.toml) never trip across tests.
 */
import { randomInt } from 'node:crypto';
import { ANON_KEY, API_URL, INBOX_URL, SERVICE_ROLE_KEY } from '@sejahtera/stack/testing';
import { createClient } from '@supabase/supabase-js';
import { type SejahteraClient, type SejahteraOptions, createSejahtera } from '../src/index.ts';
import { type SejahteraStaffClient, createSejahteraStaff } from '../src/staff.ts';

export { ANON_KEY, API_URL, INBOX_URL };

/** The password of every demo account (supabase/seed.sql). */
export const DEMO_PASSWORD = 'Sejahtera-dev-2026';
export const PASSWORD = 'Sejahtera2020';

export const authOptions = { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false };

/** A documentation-range address (RFC 5737) nobody else uses in this run. */
export function randomIp(): string {
  return `198.51.${randomInt(256)}.${randomInt(1, 255)}`;
}

function clientOptions(options: Partial<SejahteraOptions>): SejahteraOptions {
  return { url: API_URL, anonKey: ANON_KEY, auth: authOptions, ...options, headers: { 'x-forwarded-for': randomIp(), ...options.headers } };
}

/** A new SDK client of the public entry, signed out. */
export function sdk(options: Partial<SejahteraOptions> = {}): SejahteraClient {
  return createSejahtera(clientOptions(options));
}

/** A new SDK client of the staff entry (@sejahtera/sdk/staff), signed out. */
export function staffSdk(options: Partial<SejahteraOptions> = {}): SejahteraStaffClient {
  return createSejahteraStaff(clientOptions(options));
}

const admin = createClient(API_URL, SERVICE_ROLE_KEY, { auth: authOptions });

export function unique(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** A Malaysian mobile number in E.164 that no other test uses. */
export function uniquePhone(): string {
  return `+6011${String(randomInt(1e8)).padStart(8, '0')}`;
}

/** A valid MyKad number nobody holds yet (born 1970-2004 in Selangor), with dashes, and its date of birth. */
export function uniqueMykad(): { number: string; date_of_birth: string } {
  const born = new Date(Date.UTC(1970 + randomInt(35), randomInt(12), 1 + randomInt(28)));
  const iso = born.toISOString().slice(0, 10);
  const yymmdd = iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);
  return { number: `${yymmdd}-10-${String(randomInt(10_000)).padStart(4, '0')}`, date_of_birth: iso };
}

/** A user with a confirmed email and a password, made through Auth's admin API (no email is sent). */
export async function emailUser(): Promise<{ email: string; id: string }> {
  const email = `sdk-${unique()}@sejahtera.test`;
  const { data, error } = await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
  if (error) throw error;
  return { email, id: data.user.id };
}

/** A user with a confirmed phone and a password, made through Auth's admin API (no SMS is sent). */
export async function phoneUser(): Promise<{ phone: string; id: string }> {
  const phone = uniquePhone();
  const { data, error } = await admin.auth.admin.createUser({ phone, password: PASSWORD, phone_confirm: true });
  if (error) throw error;
  return { phone, id: data.user.id };
}

/**
 * An SDK client signed in as a new user (no profile yet): of the public entry, or of the one `make`
 * creates (`staffSdk`, for what the database refuses a member of the public who calls a staff namespace).
 */
export async function signedIn<C extends SejahteraClient = SejahteraClient>(make: () => C = sdk as () => C) {
  const { email, id } = await emailUser();
  const client = make();
  await client.auth.signInWithPassword({ email, password: PASSWORD });
  return { client, email, userId: id };
}

/** An SDK client signed in as a new user who has registered a profile; `make` as for `signedIn`. */
export async function registered<C extends SejahteraClient = SejahteraClient>(name = 'Test Person', make: () => C = sdk as () => C) {
  const user = await signedIn(make);
  const person = await user.client.profile.register({ full_name: name, district_code: 'MY-10-07', preferred_language: 'en' });
  return { ...user, person };
}

/** An SDK client of the public entry signed in as a demo account of the seed. */
export async function demo(email: string): Promise<SejahteraClient> {
  const client = sdk();
  await client.auth.signInWithPassword({ email, password: DEMO_PASSWORD });
  return client;
}

/** A staff client signed in as a demo account of the seed (officer, supervisor, analyst, agent, admin...). */
export async function demoStaff(email: string): Promise<SejahteraStaffClient> {
  const client = staffSdk();
  await client.auth.signInWithPassword({ email, password: DEMO_PASSWORD });
  return client;
}

interface InboxMessage {
  to: string;
  kind: string;
  code?: string;
  createdAt: string;
}

/** The newest code sent to `to` (an email or phone) of a kind, waiting briefly for it to arrive. */
export async function codeSentTo(to: string, kind: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const response = await fetch(`${INBOX_URL}/api/messages?to=${encodeURIComponent(to)}`);
    const found = ((await response.json()) as InboxMessage[]).find((m) => m.kind === kind && m.code);
    if (found?.code) return found.code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No ${kind} code to ${to} arrived in the inbox`);
}

/** Every answer of the current questionnaire false, then `yes` true: a low-risk declaration unless `yes` says otherwise. */
export async function answers(client: SejahteraClient, yes: string[] = []): Promise<Record<string, boolean>> {
  const { questions } = await client.assessments.questionnaire();
  return Object.fromEntries(questions.map((q) => [q.code, yes.includes(q.code)]));
}
