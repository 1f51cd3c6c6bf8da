/**
 * The dependent form (add and edit): FormData to the SDK's addDependentSchema / updateDependentSchema
 * input, and the database's refusals turned into per-field messages in the user's language.
 */
import { addDependentSchema, isConflictError, updateDependentSchema, type AddDependentInput, type UpdateDependentInput } from '@sejahtera/sdk';
import { messages, type Locale } from '$lib/i18n';
import { addError, errorsFromSdk, formValues, parseWith, type FormErrors } from './forms';

export const DEPENDENT_FIELDS = ['full_name', 'relationship', 'identity_type', 'identity_number', 'nationality', 'date_of_birth', 'district_code'] as const;

/** What was typed, trimmed, and the input the SDK's schema takes. */
function readForm(form: FormData, locale: Locale, { editing }: { editing: boolean }) {
  const values = formValues(form, DEPENDENT_FIELDS);
  const input: Record<string, string | null> = { ...values };
  const errors: FormErrors = {};
  // No document (a young child): neither type nor number. Editing: an empty number keeps the stored one.
  if (!values.identity_number) {
    delete input.identity_type;
    if (values.identity_type && !editing) addError(errors, 'identity_number', messages(locale).fieldErrors.required);
  }
  // Nationality belongs to a passport; a MyKad holder's is Malaysia's by definition.
  if (values.identity_type !== 'passport') delete input.nationality;
  // Editing cannot blank the name: an empty box would otherwise mean "unchanged".
  if (editing && !values.full_name) addError(errors, 'full_name', messages(locale).fieldErrors.required);
  // Editing: an emptied date of birth or district is removed (the SDK's update clears a field given as null).
  if (editing) for (const field of ['date_of_birth', 'district_code'] as const) if (!values[field]) input[field] = null;
  return { values, input, errors };
}

type Parsed<T> = { values: Record<string, string>; data: T; errors?: never } | { values: Record<string, string>; data?: never; errors: FormErrors };

export function parseAddDependent(form: FormData, locale: Locale): Parsed<AddDependentInput> {
  const { values, input, errors } = readForm(form, locale, { editing: false });
  const parsed = parseWith(addDependentSchema, input, locale);
  if (parsed.errors || Object.keys(errors).length) return { values, errors: { ...parsed.errors, ...errors } };
  return { values, data: parsed.data };
}

export function parseUpdateDependent(form: FormData, locale: Locale): Parsed<UpdateDependentInput> {
  const { values, input, errors } = readForm(form, locale, { editing: true });
  const parsed = parseWith(updateDependentSchema, input, locale);
  if (parsed.errors || Object.keys(errors).length) return { values, errors: { ...parsed.errors, ...errors } };
  return { values, data: parsed.data };
}

/** Per-field errors for what the SDK raised, or null when the form has nothing to say about it. */
export function dependentErrors(error: unknown, locale: Locale): { errors: FormErrors; status: number } | null {
  if (isConflictError(error)) return { errors: addError({}, 'identity_number', messages(locale).dependents.documentTaken), status: 409 };
  return errorsFromSdk(error, locale);
}
