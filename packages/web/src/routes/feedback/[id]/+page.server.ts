import { error, redirect } from '@sveltejs/kit';
import { feedbackReplySchema, idSchema, idempotencyKeySchema, isConflictError, isNotFoundError, isValidationError, newIdempotencyKey, type SejahteraClient } from '@sejahtera/sdk';
import { messages } from '$lib/i18n';
import { setFlash, takeFlash } from '$lib/server/flash';
import { errorsFromSdk, failForm, formValues, parseWith } from '$lib/server/forms';
import { markReadAbout } from '$lib/server/notifications';
import { sejahteraFor } from '$lib/server/sejahtera';
import type { Actions, PageServerLoad } from './$types';

/** The signed-in user's ticket, or not found: whether anyone else's exists is not theirs to learn. */
async function ticketOf(sejahtera: SejahteraClient, id: string) {
  if (!idSchema.safeParse(id).success) error(404);
  try {
    return await sejahtera.feedback.get(id);
  } catch (cause) {
    if (isNotFoundError(cause)) error(404);
    throw cause;
  }
}

/** A ticket and its conversation, oldest first; the notifications of its replies are now read. */
export const load: PageServerLoad = async (event) => {
  const sejahtera = sejahteraFor(event);
  // Both at once: only the account's own notifications are marked, and only its own tickets notify it.
  const [{ ticket, messages: thread }, read] = await Promise.all([
    ticketOf(sejahtera, event.params.id),
    idSchema.safeParse(event.params.id).success ? markReadAbout(sejahtera, { ticket_id: event.params.id }) : {},
  ]);
  // Agents read every ticket; this page is its sender's, and the sender's own messages are theirs.
  if (event.locals.user?.id !== ticket.account_id) error(404);
  return {
    ...read,
    ticket: { id: ticket.id, subject: ticket.subject, category: ticket.category, status: ticket.status, created_at: ticket.created_at },
    thread: thread.map(({ id, from_staff, body, created_at }) => ({ id, from_staff, body, created_at })),
    flash: takeFlash(event),
    idempotencyKey: newIdempotencyKey(),
  };
};

export const actions = {
  /** Adds the sender's message to the ticket (once per form key); back to the thread, which shows it. */
  reply: async (event) => {
    const locale = event.locals.locale;
    const m = messages(locale);
    const sejahtera = sejahteraFor(event);
    const form = await event.request.formData();
    const key = idempotencyKeySchema.safeParse(form.get('idempotency_key'));
    const values = { message: formValues(form, ['message']).message, idempotency_key: key.success ? key.data : undefined };
    const parsed = parseWith(feedbackReplySchema, { message: values.message }, locale);
    if (parsed.errors) return failForm(parsed.errors, values);
    const { ticket } = await ticketOf(sejahtera, event.params.id);
    if (ticket.status === 'closed') return failForm({ form: [m.feedback.closed] }, values, 409);
    try {
      await sejahtera.feedback.reply(ticket.id, parsed.data, { idempotencyKey: values.idempotency_key });
    } catch (cause) {
      if (isNotFoundError(cause)) error(404);
      // The key was used for another message: the first one stands; a new rendering gets a new key.
      if (isConflictError(cause)) return failForm({ form: [m.feedback.alreadySent] }, { ...values, idempotency_key: undefined }, 409);
      // Closed meanwhile (by an agent): the database refuses messages on it.
      if (isValidationError(cause) && cause.fields.ticket_id) return failForm({ form: [m.feedback.closed] }, values, 409);
      const known = errorsFromSdk(cause, locale);
      if (known) return failForm(known.errors, values, known.status);
      throw cause;
    }
    setFlash(event, { kind: 'ticketReplied', name: ticket.subject });
    redirect(303, `/feedback/${ticket.id}`);
  },
  /** Closes the ticket (the sender may only close it); a closed ticket takes no more messages. */
  close: async (event) => {
    const sejahtera = sejahteraFor(event);
    const { ticket } = await ticketOf(sejahtera, event.params.id);
    if (ticket.status !== 'closed') {
      try {
        await sejahtera.feedback.setStatus(ticket.id, 'closed');
      } catch (cause) {
        if (isNotFoundError(cause)) error(404);
        throw cause;
      }
    }
    setFlash(event, { kind: 'ticketClosed', name: ticket.subject });
    redirect(303, `/feedback/${ticket.id}`);
  },
} satisfies Actions;
