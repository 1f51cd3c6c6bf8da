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
  /** The contact's person, with the identity document masked; null when the caller may not see them. */
  person: {
    id: string;
    full_name: string;
    identity_masked: string | null;
    phone: string | null;
    district_code: string | null;
    status: RiskStatus;
    symptomatic: boolean;
  } | null;
  /** The contact's monitoring period (state, dates, last report, review, call attempts); null when the caller may not see it or it was deleted under retention. */
  monitoring: Pick<Monitoring, 'id' | 'state' | 'starts_on' | 'ends_on' | 'last_report_at' | 'reviewed_at' | 'contact_attempts'> | null;
}

/** What `addContact` did: a new pending person (`inserted`), an existing person (`matched`), or nothing (`already_listed`). */
export type ContactOutcome = 'inserted' | 'matched' | 'already_listed';

/** The contact `addContact` added (or found already listed), and how. */
export interface AddedContact {
  /** inserted (a new pending person, invited), matched (an existing person) or already_listed (nothing added). */
  outcome: ContactOutcome;
  /** The contact record: the one added, or the one already listed for this case and person. */
  contact: Contact;
}

/** One row's result in a contacts import. */
export interface ContactImportRow {
  /** The row's position in the rows given, from 1. */
  row_number: number;
  /** inserted, matched, already_listed (nothing added), or rejected (see `reason`). */
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
  /** Rows entered as a new pending person (invited) and added as contacts. */
  inserted: number;
  /** Rows matched to an existing person by identity document or verified phone, and added as contacts. */
  matched: number;
  /** Rows whose person was already a contact of the case: nothing added (a re-import gives only these). */
  already_listed: number;
  /** Rows not added, each with its reason in `rows`. */
  rejected: number;
  /** Every row's result, in the order given. */
  rows: ContactImportRow[];
}

/** What `tracing.previewImport` says an import would do: the same report, nothing written. */
export interface ContactImportPreview extends ContactImportReport {
  /** Always true: nothing was written. Rows that would be `inserted` carry no person_id or contact_id. */
  dry_run: true;
}

/** Whether the contact an officer is typing would match an existing person (public.match_contact). */
export interface ContactMatch {
  /** What adding the contact would do: inserted (a new pending person), matched, already_listed, rejected; null before a phone or document is given. */
  outcome: ContactOutcome | 'rejected' | null;
  /** Why the phone or document would be rejected, as "field: what is wrong"; null otherwise. */
  reason: string | null;
  /** The person matched: described when the caller may see them, else only `{ visible: false }`; null when none. */
  person:
    | {
        visible: true;
        id: string;
        full_name: string;
        identity_masked: string | null;
        phone: string | null;
        district_name: string | null;
        status: RiskStatus;
        has_account: boolean;
      }
    | { visible: false }
    | null;
}

/** A row of an officer's line list (public.monitoring_summary). */
export interface LineListEntry {
  /** The monitoring period's id (for `closeMonitoring`, `markReviewed`, `recordContactAttempt`). */
  monitoring_id: string;
  /** The monitored contact's person. */
  person_id: string;
  /** The contact's name. */
  full_name: string;
  /** The contact's phone in E.164 (e.g. +60123456701); null when none was given. */
  phone: string | null;
  /** The contact's identity document number as shown, e.g. ******-**-1234; null when none was given. */
  identity_masked: string | null;
  /** The district the contact lives in, e.g. MY-10-07; null when unknown. */
  district_code: string | null;
  /** The contact's current risk status. */
  status: RiskStatus;
  /** Whether the contact's latest declaration reported symptoms. */
  symptomatic: boolean;
  /** The case the contact was exposed to. */
  case_id: string;
  /** Null when the case is outside the officer's jurisdiction (the contact lives in it, the case does not). */
  case_number: string | null;
  /** close or casual. */
  proximity: Contact['proximity'];
  /** Where the exposure happened: household, workplace, school, social, healthcare, travel, religious or other. */
  setting: string;
  /** The last day the contact was exposed to the case (YYYY-MM-DD). */
  last_exposure_date: string;
  /** The first day of monitoring (YYYY-MM-DD): the last exposure's. */
  starts_on: string;
  /** The last day of monitoring (YYYY-MM-DD): the last exposure plus the outbreak's (else the rule set's) monitoring days. */
  ends_on: string;
  /** active, completed, lost_to_follow_up, became_case or closed_by_officer. */
  state: Monitoring['state'];
  /** When the contact last declared during this period; null until they do. */
  last_report_at: string | null;
  /** When an officer last reviewed a symptomatic report; null until reviewed. */
  reviewed_at: string | null;
  /** How many times an officer has tried to reach the contact. */
  contact_attempts: number;
  /** Days until the period ends, counted in Malaysia (0 on or after its last day). */
  days_left: number;
  /** The line list the period is on (e.g. symptomatic until reviewed, non_reporting after the rule set's hours without a report). */
  line_list: LineList;
}

/** A page of a line list. */
export interface LineListPage {
  /** At most the page size, oldest monitoring first. */
  rows: LineListEntry[];
  /** Whether rows follow this page. */
  hasMore: boolean;
}

/** How many monitoring periods are on each line list. */
export type LineListCounts = Record<LineList, number>;

export type { Json };
