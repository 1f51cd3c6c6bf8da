import { redirect } from '@sveltejs/kit';
import { feedbackCategorySchema, idSchema, isConflictError, newIdempotencyKey } from '@sejahtera/sdk';
import { messages } from '$lib/i18n';
import { parseOpenTicket } from '$lib/server/feedback';
import { setFlash } from '$lib/server/flash';
import { errorsFromSdk, failForm } from '$lib/server/forms';
import { sejahteraFor } from '$lib/server/sejahtera';
import type { Actions, PageServerLoad } from './$types';

/** The form, with the categories the database knows and one idempotency key per rendering. */
export const load: PageServerLoad = () => ({ categories: feedbackCategorySchema.options, idempotencyKey: newIdempotencyKey() });

export const actions = {
  /** Opens a ticket with its first message, once however often the form is posted; then its page. */
  open: async (event) => {
    const locale = event.locals.locale;
    const form = await event.request.formData();
    // The form's key becomes the ticket's id (a uuid).
    const key = idSchema.safeParse(form.get('idempotency_key'));
    // A key that does not check out never came from our form: this post then opens a ticket of its own.
    const idempotencyKey = key.success ? key.data : newIdempotencyKey();
    const parsed = parseOpenTicket(form, locale);
    if (parsed.errors) return failForm(parsed.errors, { ...parsed.values, idempotency_key: idempotencyKey });
    let ticket;
    try {
      ticket = await sejahteraFor(event).feedback.open(parsed.data, { idempotencyKey });
    } catch (cause) {
      // The key opened another ticket (the form was changed and posted again): the first one stands; a new key follows.
      if (isConflictError(cause)) {
        return failForm({ form: [messages(locale).feedback.alreadySent] }, { ...parsed.values, idempotency_key: newIdempotencyKey() }, 409);
      }
      const known = errorsFromSdk(cause, locale);
      if (known) return failForm(known.errors, { ...parsed.values, idempotency_key: idempotencyKey }, known.status);
      throw cause;
    }
    setFlash(event, { kind: 'ticketOpened', name: ticket.subject });
    redirect(303, `/feedback/${ticket.id}`);
  },
} satisfies Actions;
