/** The SDK's domain types, derived from the generated database types so that they follow the schema. */
import type { Database, Enums, Tables } from './database.types.ts';

export type { Database, Json } from './database.types.ts';

/** A language of the platform's texts: `ms`, `en`, `zh`, `ta`. */
export type Language = Enums<'language'>;
/** A person's gender. */
export type Gender = Enums<'gender'>;
/** The kind of an identity document. */
export type IdentityType = Enums<'identity_type'>;
/** A person's risk status, set only by the database. */
export type RiskStatus = Enums<'risk_status'>;
/** `day0` for a person's first declaration, `daily` after it. */
export type AssessmentKind = Enums<'assessment_kind'>;
/** Whether a question asks about a symptom or an exposure. */
export type QuestionKind = Enums<'question_kind'>;
/** Whether a monitoring period is running (`active`) or how it ended. */
export type MonitoringState = Enums<'monitoring_state'>;

/** A person as the SDK returns it. The identity number is write-only: only its masked form is ever read. */
export type Person = Omit<Tables<'persons'>, 'identity_number'>;

/** A health declaration, judged by the database (kind, symptomatic, exposed, classification are its). */
export type Assessment = Tables<'assessments'>;

/** One change of a person's status: from, to, why, from what, when. */
export type StatusChange = Tables<'status_history'>;

/** A person the signed-in guardian acts for. */
export interface Dependent {
  /** How they are related to the guardian. */
  relationship: Tables<'dependents'>['relationship'];
  /** When the guardian registered them. */
  created_at: string;
  /** The dependent's own record. */
  person: Person;
}

/** What `dependents.remove` did: deleted the person, or (when officers hold tracing records about them) only unlinked them. */
export type DependentRemoval = 'deleted' | 'unlinked';

/** A question of a questionnaire, in one language. */
export interface Question {
  /** The question's stable code: the key of its answer in a submission. */
  code: string;
  /** Its place in the questionnaire, from 1. */
  position: number;
  /** Symptom or exposure. */
  kind: QuestionKind;
  /** 1 or 2 for symptoms (one group-1 symptom, or two of group 2, make a person symptomatic); null for exposures. */
  symptom_group: number | null;
  /** The question, in the questionnaire's language. */
  text: string;
}

/** The current health declaration, in one language. */
export interface Questionnaire {
  /** Its id: a submission may name it as `questionnaire_id`. */
  id: string;
  /** Its version; the newest published one is current. */
  version: number;
  /** The language of its texts. */
  language: Language;
  /** Its title, in `language`. */
  title: string;
  /** Its questions, in order. */
  questions: Question[];
}

/** Advice to a person with a status, in one language. */
export interface StatusAdvice {
  /** The status advised on. */
  status: RiskStatus;
  /** The language of `label` and `advice`. */
  language: Language;
  /** The status's name, e.g. "Close contact (PUS)". */
  label: string;
  /** What to do now. */
  advice: string;
}

/** A close contact's monitoring period, as the person monitored (or their guardian) sees it. */
export interface MonitoringPeriod {
  /** The period's id. */
  id: string;
  /** Its first day (the last exposure), YYYY-MM-DD. */
  starts_on: string;
  /** Its last day, YYYY-MM-DD. */
  ends_on: string;
  /** `active` while it runs; else how it ended (completed, lost_to_follow_up, became_case, closed_by_officer). */
  state: MonitoringState;
  /** Days of monitoring still to come, today (in Malaysia) included, while active; 0 once it has ended. */
  days_left: number;
  /** The outbreak of the case the person was exposed to, named in the status's language; null when the case has none. */
  outbreak: { code: string; name: string } | null;
}

/** Where a person stands with their health declarations today (Malaysia's date). */
export interface DeclarationState {
  /** The declaration to make next: `day0` until the first, then `daily`. */
  kind: AssessmentKind;
  /** Whether one is still to be made today: the day-0 one not yet made, or no daily one yet today. */
  due: boolean;
  /** Whether one was made today. */
  declared_today: boolean;
  /** When the last one was made; null before the first. */
  last_declared_at: string | null;
}

/** Whether a person's declaration is due today: the signed-in user's own, or a dependent's. */
export interface DeclarationDue extends DeclarationState {
  /** Whose. */
  person_id: string;
  /** Their full name, for a banner naming whoever's is due. */
  full_name: string;
  /** null for the signed-in user's own person; else how the dependent is related to them. */
  relationship: string | null;
}

/** A person's current status, with what to do. */
export interface CurrentStatus extends StatusAdvice {
  /** Whose status it is. */
  person_id: string;
  /** When the person got this status. */
  since: string;
  /** Whether their latest declaration reported symptoms (a low-risk person can be symptomatic). */
  symptomatic: boolean;
  /** Whether today's declaration is due, and when the last was. */
  declaration: DeclarationState;
  /**
   * The monitoring period running now (a close or casual contact's), else the one that ended last, with
   * how it ended; null when the person has never been monitored (or its records have been purged).
   */
  monitoring: MonitoringPeriod | null;
}

/** A person the signed-in user acts for (oneself or a dependent) with their current status: `status.list`. */
export interface PersonStatus extends CurrentStatus {
  /** The person's full name. */
  full_name: string;
  /** null for the signed-in user's own person; else how the dependent is related to them. */
  relationship: string | null;
}

/** A state or federal territory of Malaysia. */
export interface State {
  /** ISO 3166-2:MY code, e.g. MY-10 for Selangor. */
  code: string;
  /** Its name in the language asked for (Malay or English), e.g. "Pulau Pinang" or "Penang". */
  name: string;
  /** A state, or a federal territory (Kuala Lumpur, Labuan, Putrajaya). */
  kind: 'state' | 'federal_territory';
}

/** An administrative district (daerah; jajahan in Kelantan). */
export interface District {
  /** Its stable code, <state code>-NN, e.g. MY-10-07 for Petaling: what a person's `district_code` holds. */
  code: string;
  /** Its official Malay name, e.g. Hulu Langat. */
  name: string;
  /** The state or federal territory it is in. */
  state_code: string;
}

/** The public schema's tables, for typed access through the underlying supabase-js client. */
export type PublicTables = Database['public']['Tables'];
