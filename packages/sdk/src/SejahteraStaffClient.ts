import { SejahteraClient } from './SejahteraClient.ts';
import { Analytics } from './resources/Analytics.ts';
import { Labs } from './resources/Labs.ts';
import { StaffAnnouncements } from './resources/StaffAnnouncements.ts';
import { StaffFeedback } from './resources/StaffFeedback.ts';
import { StaffMembers } from './resources/StaffMembers.ts';
import { StaffPrivacy } from './resources/StaffPrivacy.ts';
import { Tracing } from './resources/Tracing.ts';

/**
 * The Sejahtera client of staff: officers, supervisors, analysts, call-centre agents and administrators
 * (the admin console). Everything `SejahteraClient` has, over the same one supabase-js client, plus
 * tracing, labs and analytics, and the staff side of announcements, feedback and privacy. What each
 * call may do is still decided by the database, by the signed-in account's role and jurisdiction.
 * Create it with `createSejahteraStaff` of `@sejahtera/sdk/staff`.
 */
export class SejahteraStaffClient extends SejahteraClient {
  /** Cases, contacts, imports, the monitoring line lists, outbreaks. */
  readonly tracing: Tracing = new Tracing(this.transport);
  /** COVID-19 test results. */
  readonly labs: Labs = new Labs(this.transport);
  /** The dashboard's figures, aggregates only. */
  readonly analytics: Analytics = new Analytics(this.transport);
  /** Announcements: reading them, and writing drafts and publishing them to an audience. */
  override readonly announcements: StaffAnnouncements = new StaffAnnouncements(this.transport);
  /** Feedback tickets: one's own, and the agents' queue and replies. */
  override readonly feedback: StaffFeedback = new StaffFeedback(this.transport);
  /** Downloading one's own data, and a person's audited record. */
  override readonly privacy: StaffPrivacy = new StaffPrivacy(this.transport);
  /** Staff members: inviting a new one by email (administrators; supervisors for their state's officers). */
  readonly staff: StaffMembers = new StaffMembers(this.transport);
}
