/** The SDK's domain types, derived from the generated database types so that they follow the schema. */
import type { Database, Enums, Tables } from './database.types.ts';

export type { Database, Json } from './database.types.ts';

export type Language = Enums<'language'>;
export type Gender = Enums<'gender'>;
export type IdentityType = Enums<'identity_type'>;
export type RiskStatus = Enums<'risk_status'>;
export type AssessmentKind = Enums<'assessment_kind'>;
export type QuestionKind = Enums<'question_kind'>;

/** A person as the SDK returns it. The identity number is write-only: only its masked form is ever read. */
export type Person = Omit<Tables<'persons'>, 'identity_number'>;

/** A health declaration, judged by the database (kind, symptomatic, exposed, classification are its). */
export type Assessment = Tables<'assessments'>;

/** One change of a person's status: from, to, why, from what, when. */
export type StatusChange = Tables<'status_history'>;

/** A person the signed-in guardian acts for. */
export interface Dependent {
  relationship: Tables<'dependents'>['relationship'];
  /** When the guardian registered them. */
  created_at: string;
  person: Person;
}

/** What `dependents.remove` did: deleted the person, or (when officers hold tracing records about them) only unlinked them. */
export type DependentRemoval = 'deleted' | 'unlinked';

/** A question of a questionnaire, in one language. */
export interface Question {
  code: string;
  position: number;
  kind: QuestionKind;
  /** 1 or 2 for symptoms (one group-1 symptom, or two of group 2, make a person symptomatic); null for exposures. */
  symptom_group: number | null;
  text: string;
}

/** The current health declaration, in one language. */
export interface Questionnaire {
  id: string;
  version: number;
  language: Language;
  title: string;
  questions: Question[];
}

/** Advice to a person with a status, in one language. */
export interface StatusAdvice {
  status: RiskStatus;
  language: Language;
  /** The status's name, e.g. "Close contact (PUS)". */
  label: string;
  /** What to do now. */
  advice: string;
}

/** A person's current status, with what to do. */
export interface CurrentStatus extends StatusAdvice {
  person_id: string;
  /** When the person got this status. */
  since: string;
  /** Whether their latest declaration reported symptoms (a low-risk person can be symptomatic). */
  symptomatic: boolean;
}

/** The public schema's tables, for typed access through the underlying supabase-js client. */
export type PublicTables = Database['public']['Tables'];
