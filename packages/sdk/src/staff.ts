/**
 * @sejahtera/sdk/staff: the client of staff apps (the admin console): officers, supervisors, analysts,
 * call-centre agents and administrators. Everything `@sejahtera/sdk` exports, plus the staff namespaces
 * (tracing, labs, analytics, and the staff side of announcements, feedback and privacy), their schemas
 * and their types. Apps of the public import `@sejahtera/sdk`, which leaves all of this out.
 *
 * @example
 * ```ts
 * import { createSejahteraStaff } from '@sejahtera/sdk/staff';
 * const sejahtera = createSejahteraStaff({ url: 'http://127.0.0.1:54321', anonKey });
 * await sejahtera.auth.signInWithPassword({ email: 'officer@sejahtera.test', password: 'Sejahtera-dev-2026' });
 * const { rows } = await sejahtera.tracing.lineList({ list: 'non_reporting' });
 * ```
 *
 * @module
 */
import type { ExistingClientOptions, SejahteraOptions } from './SejahteraClient.ts';
import { SejahteraStaffClient } from './SejahteraStaffClient.ts';

export * from './index.ts';
export { SejahteraStaffClient } from './SejahteraStaffClient.ts';
export { Tracing } from './resources/Tracing.ts';
export { Labs } from './resources/Labs.ts';
export { Analytics } from './resources/Analytics.ts';
export { Reports } from './resources/Reports.ts';
export { StaffAnnouncements } from './resources/StaffAnnouncements.ts';
export { StaffFeedback } from './resources/StaffFeedback.ts';
export { StaffPrivacy } from './resources/StaffPrivacy.ts';
export { StaffMembers, type InvitedStaffMember } from './resources/StaffMembers.ts';
export * from './schemas/tracing.ts';
export * from './schemas/labs.ts';
export * from './schemas/analytics.ts';
export * from './schemas/staffCommunications.ts';
export * from './schemas/staffMembers.ts';
export type * from './tracing.types.ts';
export type * from './analytics.types.ts';
export type { PersonRecord } from './privacy.types.ts';
export type { AnnouncementRecord } from './communications.types.ts';

/**
 * Creates the staff client: from the project's URL and anon key (it then creates and owns one
 * supabase-js client), or around a supabase-js client the app already has (`{ client }`, e.g. the one
 * @supabase/ssr creates per request). The same options as `createSejahtera`; what a call may do is
 * decided by the database, by the signed-in account's role and jurisdiction.
 *
 * @example
 * ```ts
 * const sejahtera = createSejahteraStaff({ url: import.meta.env.VITE_SUPABASE_URL, anonKey: import.meta.env.VITE_SUPABASE_ANON_KEY });
 * await sejahtera.auth.signInWithPassword({ email, password });
 * const waiting = await sejahtera.feedback.queue();
 * ```
 */
export function createSejahteraStaff(options: SejahteraOptions | ExistingClientOptions): SejahteraStaffClient {
  return new SejahteraStaffClient(options);
}
