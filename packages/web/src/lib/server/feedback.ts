/**
 * Feedback tickets: the form that opens one, parsed with the SDK's schema, and opening it exactly once
 * however often the form is posted.
 */
import { NetworkError, openFeedbackTicketSchema, type FeedbackTicket, type OpenFeedbackTicketInput, type SejahteraClient } from '@sejahtera/sdk';
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

/** A subject from a message when none was given: its first line, at most 80 characters (as the SDK's `open` makes it). */
function subjectOf(message: string): string {
  const line = message.split('\n', 1)[0].trim();
  return line.length <= 80 ? line : `${line.slice(0, 79).trimEnd()}…`;
}

/**
 * Opens the ticket once for `key` (the form's idempotency key): a repeated post returns the ticket the
 * first one opened. The SDK's `feedback.open` takes no key yet, while the database's open_feedback_ticket
 * takes the new ticket's id for exactly this, so it is called through the SDK's supabase-js client.
 */
export async function openTicketOnce(sejahtera: SejahteraClient, input: OpenFeedbackTicketInput, key: string): Promise<FeedbackTicket> {
  const args = { category: input.category, subject: input.subject ?? subjectOf(input.message), message: input.message, id: key };
  for (let attempt = 1; ; attempt++) {
    const { data, error } = await sejahtera.supabase.rpc('open_feedback_ticket', args);
    if (!error) return data as FeedbackTicket;
    // Two posts at the same instant: the second one's insert waits for the first and then collides with
    // its id; asked again, the function finds the ticket the first one opened.
    if (error.code === '23505' && attempt === 1) continue;
    // postgrest-js answers a failed fetch with an error without a code: the API could not be reached.
    if (!error.code) throw new NetworkError('The feedback service could not be reached');
    throw error;
  }
}
