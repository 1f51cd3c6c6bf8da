/** What the privacy namespace returns: a person's record as staff open it, and the subject-access export. */
import type { Tables } from './database.types.ts';
import type { Case, Contact, LabResult, Monitoring } from './tracing.types.ts';
import type { Assessment, Person, StatusChange } from './types.ts';

/** A person's whole record as staff open it through the audited public.person_detail. */
export interface PersonRecord extends Person {
  status_history: StatusChange[];
  /** The latest 30 declarations, newest first. */
  assessments: Assessment[];
  /** The person's exposures (contact records in which they are the contact), with the case's number where the caller may see it. */
  contacts: Array<Contact & { case_number: string | null }>;
  monitoring: Monitoring[];
  lab_results: LabResult[];
  /** The person's own cases, with how many contacts each has. */
  cases: Array<Case & { contact_count: number }>;
}

/** One person in a data export: the account holder (`relationship: 'self'`) or one of their dependents. */
export interface ExportedPerson extends Omit<Person, 'created_by'> {
  relationship: Tables<'dependents'>['relationship'] | 'self';
  assessments: Array<Omit<Assessment, 'submitted_by'>>;
  status_history: Array<Omit<StatusChange, 'changed_by'>>;
  /** Exposures, with the case's number only: never who the index case is. */
  contacts: Array<{ id: string; case_number: string | null; proximity: Contact['proximity']; setting: string; last_exposure_date: string; created_at: string }>;
  monitoring: Array<Omit<Monitoring, 'closed_by'>>;
  lab_results: Array<Omit<LabResult, 'entered_by'>>;
  cases: Array<Omit<Case, 'handled_by'>>;
}

/** Everything held about the signed-in account and its dependents (PDPA subject access). */
export interface DataExport {
  exported_at: string;
  account: { id: string; email: string | null; phone: string | null; created_at: string } | null;
  first_sign_in: string | null;
  /** The account holder first (when they have a profile), then their dependents. */
  persons: ExportedPerson[];
  /** The staff record, for staff accounts. */
  staff: (Omit<Tables<'staff'>, 'user_id'> & { districts: string[] }) | null;
  devices: Array<Omit<Tables<'device_tokens'>, 'account_id'>>;
  notifications: Array<Tables<'notifications'>>;
  feedback_tickets: Array<Tables<'feedback_tickets'> & { messages: Array<Omit<Tables<'feedback_messages'>, 'author_id'>> }>;
}
