/** What the privacy namespace returns: a person's record as staff open it, and the subject-access export. */
import type { Tables } from './database.types.ts';
import type { Case, Contact, LabResult, Monitoring } from './tracing.types.ts';
import type { Assessment, Person, StatusChange } from './types.ts';

/** A person's whole record as staff open it through the audited public.person_detail. */
export interface PersonRecord extends Person {
  /** Every change of the person's status, oldest first. */
  status_history: StatusChange[];
  /** The latest 30 declarations, newest first. */
  assessments: Assessment[];
  /** The person's exposures (contact records in which they are the contact), with the case's number where the caller may see it. */
  contacts: Array<Contact & { case_number: string | null }>;
  /** The person's monitoring periods, latest start first. */
  monitoring: Monitoring[];
  /** The person's COVID-19 test results, latest sample first. */
  lab_results: LabResult[];
  /** The person's own cases, with how many contacts each has. */
  cases: Array<Case & { contact_count: number }>;
}

/** One person in a data export: the account holder (`relationship: 'self'`) or one of their dependents. */
export interface ExportedPerson extends Omit<Person, 'created_by'> {
  /** 'self' for the account holder; for a dependent, how they are related to the account holder. */
  relationship: Tables<'dependents'>['relationship'] | 'self';
  /** Every declaration still held, in order of arrival, without who submitted it. */
  assessments: Array<Omit<Assessment, 'submitted_by'>>;
  /** Every change of status, oldest first, without who made it. */
  status_history: Array<Omit<StatusChange, 'changed_by'>>;
  /** Exposures, with the case's number only: never who the index case is. */
  contacts: Array<{ id: string; case_number: string | null; proximity: Contact['proximity']; setting: string; last_exposure_date: string; created_at: string }>;
  /** Monitoring periods, oldest first, without which officer closed them. */
  monitoring: Array<Omit<Monitoring, 'closed_by'>>;
  /** COVID-19 test results, oldest sample first, without who entered them. */
  lab_results: Array<Omit<LabResult, 'entered_by'>>;
  /** The person's own confirmed cases, oldest diagnosis first, without the handling officer. */
  cases: Array<Omit<Case, 'handled_by'>>;
}

/** Everything held about the signed-in account and its dependents (PDPA subject access). */
export interface DataExport {
  /** When the export was made. */
  exported_at: string;
  /** The sign-in account: its id, email, phone and when it was created. */
  account: { id: string; email: string | null; phone: string | null; created_at: string } | null;
  /** When the account first signed in, on any client; null where none is recorded. */
  first_sign_in: string | null;
  /** The account holder first (when they have a profile), then their dependents. */
  persons: ExportedPerson[];
  /** The staff record, for staff accounts. */
  staff: (Omit<Tables<'staff'>, 'user_id'> & { districts: string[] }) | null;
  /** The devices registered for push notifications: platform and when last seen, never the push tokens. */
  devices: Array<Omit<Tables<'device_tokens'>, 'account_id' | 'token'>>;
  /** The account's notifications still held, oldest first. */
  notifications: Array<Tables<'notifications'>>;
  /** The account's feedback tickets, oldest first, each with its messages (without their authors). */
  feedback_tickets: Array<Tables<'feedback_tickets'> & { messages: Array<Omit<Tables<'feedback_messages'>, 'author_id'>> }>;
}
