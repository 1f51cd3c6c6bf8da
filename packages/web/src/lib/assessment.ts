/** What a declaration page shows, shared by the server that loads it and the form that renders it. */
import type { Question } from '@sejahtera/sdk';

/** A yes/no answer as the form posts it. */
export type AnswerValue = 'yes' | 'no';

/** The form field holding the answer to a question. */
export function answerField(code: string): string {
  return `answer_${code}`;
}

export interface DeclarationPage {
  /** Whose declaration: relationship null for oneself. */
  person: { id: string; name: string; relationship: string | null };
  /** The current questionnaire version, its questions grouped as the form shows them. */
  questionnaire: { id: string; version: number; title: string; symptoms: Question[]; exposures: Question[] };
  /** day0 until the person's first declaration, then daily. */
  kind: 'day0' | 'daily';
  declaredToday: boolean;
  /** This rendering's idempotency key: every post of this form carries it. */
  idempotencyKey: string;
}

/** What a failed post gives back: per-field messages, and what was ticked. */
export interface DeclarationFailure {
  errors: Record<string, string[]>;
  values: { answers: Record<string, AnswerValue>; idempotency_key?: string | undefined };
}
