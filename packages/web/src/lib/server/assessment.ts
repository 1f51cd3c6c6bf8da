/**
 * Health declarations, for oneself (/assess) or a dependent (/people/<id>/assess): the questionnaire
 * in the page's language, and the action that submits it through the SDK.
 *
 * Each rendering of the form carries its own idempotency key in a hidden field: a double-clicked or
 * retried post of that form sends the same key, and the database stores one assessment for it.
 */
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import {
  idempotencyKeySchema,
  isConflictError,
  isNotFoundError,
  newIdempotencyKey,
  submitAssessmentSchema,
  type Question,
} from '@sejahtera/sdk';
import { answerField, type AnswerValue, type DeclarationPage } from '$lib/assessment';
import { messages } from '$lib/i18n';
import { setFlash } from './flash';
import { errorsFromSdk, failForm, parseWith, type FormErrors } from './forms';
import { personOf } from './people';
import { sejahteraFor } from './sejahtera';

function grouped(questions: Question[]) {
  return {
    symptoms: questions.filter((q) => q.kind === 'symptom'),
    exposures: questions.filter((q) => q.kind === 'exposure'),
  };
}

/** What the declaration page shows: whose, which questions, day 0 or daily, and a fresh idempotency key. */
export async function loadDeclaration(event: RequestEvent, personId: string | null): Promise<DeclarationPage> {
  const sejahtera = sejahteraFor(event);
  const [person, questionnaire] = await Promise.all([
    personOf(sejahtera, personId, event.locals.locale),
    sejahtera.assessments.questionnaire({ language: event.locals.locale }),
  ]);
  const { declaration } = person;
  return {
    person: { id: person.person_id, name: person.full_name, relationship: person.relationship },
    questionnaire: { id: questionnaire.id, version: questionnaire.version, title: questionnaire.title, ...grouped(questionnaire.questions) },
    kind: declaration.kind,
    declaredToday: declaration.declared_today,
    idempotencyKey: newIdempotencyKey(),
  };
}

/** The declaration action: every question answered, then submitted with the form's key; back home with the new status. */
export async function declare(event: RequestEvent, personId: string | null) {
  const locale = event.locals.locale;
  const m = messages(locale);
  const sejahtera = sejahteraFor(event);
  const form = await event.request.formData();
  const [person, questionnaire] = await Promise.all([personOf(sejahtera, personId, locale), sejahtera.assessments.questionnaire({ language: locale })]);

  const answers: Record<string, boolean> = {};
  const ticked: Record<string, AnswerValue> = {};
  const errors: FormErrors = {};
  for (const { code } of questionnaire.questions) {
    const value = form.get(answerField(code));
    if (value === 'yes' || value === 'no') {
      ticked[code] = value;
      answers[code] = value === 'yes';
    } else {
      errors[answerField(code)] = [m.assess.answerThis];
    }
  }
  const key = idempotencyKeySchema.safeParse(form.get('idempotency_key'));
  // A key that does not check out never came from our form; without it, a repeat could be stored twice.
  const values = { answers: ticked, idempotency_key: key.success ? key.data : undefined };

  // The form answers the version it showed; if a newer one was published meanwhile, its questions are shown instead.
  if (form.get('questionnaire_id') !== questionnaire.id) return failForm({ form: [m.assess.questionsChanged] }, values, 409);
  const missing = Object.keys(errors).length;
  if (missing > 0) return failForm({ form: [m.assess.unanswered(missing)], ...errors }, values);
  if (!key.success) return failForm({ form: [m.assess.formExpired] }, values);

  const parsed = parseWith(
    submitAssessmentSchema,
    { person_id: personId === null ? undefined : person.person_id, answers, questionnaire_id: questionnaire.id },
    locale,
  );
  if (parsed.errors) return failForm(parsed.errors, values);

  try {
    await sejahtera.assessments.submit(parsed.data, { idempotencyKey: key.data });
  } catch (cause) {
    // The key was used for other answers: the first declaration stands. A new rendering gets a new key.
    if (isConflictError(cause)) return failForm({ form: [m.assess.alreadySent] }, { answers: ticked, idempotency_key: undefined }, 409);
    if (isNotFoundError(cause)) error(404);
    const known = errorsFromSdk(cause, locale);
    if (known) {
      // The database words problems with the answers as a whole; say them above the form.
      const { form: general = [], ...fields } = known.errors;
      const other = Object.entries(fields).filter(([field]) => !field.startsWith('answer_')).flatMap(([, list]) => list);
      return failForm({ form: [...general, ...other] }, values, known.status);
    }
    throw cause;
  }
  setFlash(event, { kind: 'declared', name: person.full_name });
  redirect(303, '/');
}
