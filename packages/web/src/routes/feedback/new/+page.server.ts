import { redirect } from '@sveltejs/kit';
import { feedbackCategorySchema, idempotencyKeySchema, newIdempotencyKey } from '@sejahtera/sdk';
import { openTicketOnce, parseOpenTicket } from '$lib/server/feedback';
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
    const key = idempotencyKeySchema.safeParse(form.get('idempotency_key'));
    // A key that does not check out never came from our form: this post then opens a ticket of its own.
    const idempotencyKey = key.success ? key.data : newIdempotencyKey();
    const parsed = parseOpenTicket(form, locale);
    if (parsed.errors) return failForm(parsed.errors, { ...parsed.values, idempotency_key: idempotencyKey });
    let ticket;
    try {
      ticket = await openTicketOnce(sejahteraFor(event), parsed.data, idempotencyKey);
    } catch (cause) {
      const known = errorsFromSdk(cause, locale);
      if (known) return failForm(known.errors, { ...parsed.values, idempotency_key: idempotencyKey }, known.status);
      throw cause;
    }
    setFlash(event, { kind: 'ticketOpened', name: ticket.subject });
    redirect(303, `/feedback/${ticket.id}`);
  },
} satisfies Actions;
