/** Feedback tickets: the form that opens one, parsed with the SDK's schema. */
import { openFeedbackTicketSchema, type OpenFeedbackTicketInput } from '@sejahtera/sdk';
import { messages, type Locale } from '$lib/i18n';
import { formValues, parseWith, type FormErrors } from './forms';

export const TICKET_FIELDS = ['category', 'subject', 'message'] as const;

/** What was typed and the input of `feedback.open`, or per-field errors in `locale`. */
export function parseOpenTicket(
  form: FormData,
  locale: Locale,
): { values: Record<string, string>; data: OpenFeedbackTicketInput; errors?: never } | { values: Record<string, string>; data?: never; errors: FormErrors } {
  const values = formValues(form, TICKET_FIELDS);
  const parsed = parseWith(openFeedbackTicketSchema, values, locale);
  if (!parsed.errors) return { values, data: parsed.data };
  // The schema's words for a missing or unknown category list the codes; people choose among labels.
  if (parsed.errors.category) parsed.errors.category = [messages(locale).feedback.chooseCategory];
  return { values, errors: parsed.errors };
}
