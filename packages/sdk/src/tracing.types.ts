/** What the tracing and labs namespaces return, derived from the generated database types. */
import type { Json, Tables } from './database.types.ts';
import type { LineList } from './schemas/tracing.ts';
import type { Language, RiskStatus } from './types.ts';

/** A confirmed case. */
export type Case = Tables<'cases'>;

/** An exposure: a person in contact with a case. */
export type Contact = Tables<'contacts'>;

/** A contact's monitoring period. */
export type Monitoring = Tables<'monitoring'>;

/** A COVID-19 test result. */
export type LabResult = Tables<'lab_results'>;

/** An outbreak, with its name in Malay and English (and other languages where given). */
export type Outbreak = Omit<Tables<'outbreaks'>, 'name'> & { name: { ms: string; en: string } & Partial<Record<Language, string>> };

/** A contact of a case as the officer's list shows them: the person (as the officer may see them) and their monitoring. */
export interface CaseContact extends Contact {
  person: {
    id: string;
    full_name: string;
    identity_masked: string | null;
    phone: string | null;
    district_code: string | null;
    status: RiskStatus;
    symptomatic: boolean;
  } | null;
  monitoring: Pick<Monitoring, 'id' | 'state' | 'starts_on' | 'ends_on' | 'last_report_at' | 'reviewed_at' | 'contact_attempts'> | null;
}

/** What `addContact` did: a new pending person (`inserted`), an existing person (`matched`), or nothing (`already_listed`). */
export type ContactOutcome = 'inserted' | 'matched' | 'already_listed';

/** The contact `addContact` added (or found already listed), and how. */
export interface AddedContact {
  outcome: ContactOutcome;
  contact: Contact;
}

/** One row's result in a contacts import. */
export interface ContactImportRow {
  /** The row's position in the rows given, from 1. */
  row_number: number;
  outcome: ContactOutcome | 'rejected';
  /** The person found or created; null when rejected. */
  person_id: string | null;
  /** The contact added or already listed; null when rejected. */
  contact_id: string | null;
  /** Why the row was rejected, as "field: what is wrong" (e.g. "last_exposure_date: cannot be in the future"); null otherwise. */
  reason: string | null;
}

/** The report of a contacts import: counts per outcome, and every row's result in order. */
export interface ContactImportReport {
  inserted: number;
  matched: number;
  already_listed: number;
  rejected: number;
  rows: ContactImportRow[];
}

/** A row of an officer's line list (public.monitoring_summary). */
export interface LineListEntry {
  monitoring_id: string;
  person_id: string;
  full_name: string;
  phone: string | null;
  identity_masked: string | null;
  district_code: string | null;
  status: RiskStatus;
  symptomatic: boolean;
  case_id: string;
  /** Null when the case is outside the officer's jurisdiction (the contact lives in it, the case does not). */
  case_number: string | null;
  proximity: Contact['proximity'];
  setting: string;
  last_exposure_date: string;
  starts_on: string;
  ends_on: string;
  state: Monitoring['state'];
  last_report_at: string | null;
  reviewed_at: string | null;
  contact_attempts: number;
  days_left: number;
  line_list: LineList;
}

/** A page of a line list. */
export interface LineListPage {
  rows: LineListEntry[];
  /** Whether rows follow this page. */
  hasMore: boolean;
}

/** How many monitoring periods are on each line list. */
export type LineListCounts = Record<LineList, number>;

export type { Json };
