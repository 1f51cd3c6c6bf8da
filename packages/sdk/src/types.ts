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

/** A person's current status, with what to do. */
export interface CurrentStatus extends StatusAdvice {
  /** Whose status it is. */
  person_id: string;
  /** When the person got this status. */
  since: string;
  /** Whether their latest declaration reported symptoms (a low-risk person can be symptomatic). */
  symptomatic: boolean;
}

/** The public schema's tables, for typed access through the underlying supabase-js client. */
export type PublicTables = Database['public']['Tables'];
