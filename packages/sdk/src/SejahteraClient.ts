import { type SupabaseClient, type SupabaseClientOptions, createClient } from '@supabase/supabase-js';
import type { Database } from './database.types.ts';
import { type RetryOptions, retryPolicy } from './lib/retry.ts';
import { Transport, retryAfterRecordingFetch } from './lib/Transport.ts';
import { Assessments } from './resources/Assessments.ts';
import { Auth } from './resources/Auth.ts';
import { Dependents } from './resources/Dependents.ts';
import { Privacy } from './resources/Privacy.ts';
import { Profile } from './resources/Profile.ts';
import { Status } from './resources/Status.ts';
import { Notifications } from './resources/Notifications.ts';
import { Announcements } from './resources/Announcements.ts';
import { Feedback } from './resources/Feedback.ts';
import { Geography } from './resources/Geography.ts';
import type { Language } from './types.ts';

/** Options shared by both ways of creating the client. */
export interface CommonOptions {
  /** How safe requests (reads, idempotent submissions) are retried; `false` turns retrying off. */
  retry?: RetryOptions | false;
  /** The language of texts the SDK picks (questionnaires, advice) when a call does not say (default 'ms'). */
  language?: Language;
}

/** Creating the client from the project's URL and anon (publishable) key. */
export interface SejahteraOptions extends CommonOptions {
  /** The API's URL, e.g. https://<ref>.supabase.co or http://127.0.0.1:54321. */
  url: string;
  /** The anon (or publishable) key: safe in browsers. Never a service_role key. */
  anonKey: string;
  /** Session handling, as supabase-js takes it (storage, persistSession, autoRefreshToken, flowType...). */
  auth?: SupabaseClientOptions<'public'>['auth'];
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** The fetch to use (default: the platform's). */
  fetch?: typeof fetch;
}

/** Wrapping a supabase-js client the app already has, e.g. the one @supabase/ssr creates per request. */
export interface ExistingClientOptions extends CommonOptions {
  /** The supabase-js client to use; its session is the user's. */
  client: SupabaseClient<Database> | SupabaseClientLike;
}

/**
 * A supabase-js client as typed by another declaration of it. supabase-js ships ESM and CommonJS type
 * declarations of one class, and TypeScript keeps the two apart (their protected members differ by
 * origin): a client from a package typed as CommonJS, such as @supabase/ssr under "moduleResolution":
 * "nodenext", matches only this. At run time both are the same class.
 */
export interface SupabaseClientLike {
  /** A query of a table or view. */
  from(relation: string): unknown;
  /** A call of a database function. */
  rpc(fn: string, args?: object): unknown;
  /** The Auth client. */
  readonly auth: object;
  /** The edge functions' client. */
  readonly functions: object;
}

/**
 * The Sejahtera client of the public and of third-party apps: one namespace per domain noun, over one
 * supabase-js client. Create it with `createSejahtera`; staff apps use `SejahteraStaffClient`
 * (`createSejahteraStaff` of `@sejahtera/sdk/staff`), which adds the staff namespaces.
 */
export class SejahteraClient {
  /** Registration by phone, sign-in, sign-out, password resets. */
  readonly auth: Auth;
  /** The signed-in user's own profile. */
  readonly profile: Profile;
  /** People the signed-in user is guardian of. */
  readonly dependents: Dependents;
  /** The questionnaire, and declarations for oneself or a dependent. */
  readonly assessments: Assessments;
  /** Risk status, its history, and advice. */
  readonly status: Status;
  /** Push devices and the signed-in account's inbox. */
  readonly notifications: Notifications;
  /** Announcements published to the signed-in user's audiences. */
  readonly announcements: Announcements;
  /** The signed-in user's feedback tickets to the call centre. */
  readonly feedback: Feedback;
  /** Downloading one's own data. */
  readonly privacy: Privacy;
  /** Malaysia's states and districts, for forms; read once per client. */
  readonly geography: Geography;
  /** The supabase-js client underneath, typed with the database, for what the SDK does not cover yet. */
  readonly supabase: SupabaseClient<Database>;
  /** @internal How every namespace sends its requests: one per client, shared with the staff namespaces. */
  protected readonly transport: Transport;

  constructor(options: SejahteraOptions | ExistingClientOptions) {
    const hints = new WeakMap<AbortSignal, number>();
    // One class at run time, whichever declaration typed it.
    this.supabase = 'client' in options ? (options.client as SupabaseClient<Database>) : createOwnClient(options, hints);
    const transport = new Transport(this.supabase, retryPolicy(options.retry), options.language ?? 'ms', hints);
    this.transport = transport;
    this.auth = new Auth(transport);
    this.profile = new Profile(transport);
    this.dependents = new Dependents(transport);
    this.assessments = new Assessments(transport);
    this.status = new Status(transport);
    this.privacy = new Privacy(transport);
    this.notifications = new Notifications(transport);
    this.announcements = new Announcements(transport);
    this.feedback = new Feedback(transport);
    this.geography = new Geography(transport);
  }
}

function createOwnClient(options: SejahteraOptions, hints: WeakMap<AbortSignal, number>): SupabaseClient<Database> {
  if (!options.url) throw new TypeError('Sejahtera: url is required');
  if (!options.anonKey) throw new TypeError('Sejahtera: anonKey is required');
  // Looked up per request, so a fetch polyfilled after creation is used.
  const fetchImpl = options.fetch;
  return createClient<Database>(options.url, options.anonKey, {
    auth: options.auth,
    global: {
      headers: options.headers,
      fetch: retryAfterRecordingFetch(() => fetchImpl ?? fetch, hints),
    },
  });
}
