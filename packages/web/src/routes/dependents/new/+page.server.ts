import { redirect } from '@sveltejs/kit';
import { newIdempotencyKey } from '@sejahtera/sdk';
import * as z from 'zod/mini';
import { failForm } from '$lib/server/forms';
import { dependentErrors, parseAddDependent } from '$lib/server/dependents';
import { setFlash } from '$lib/server/flash';
import { statesWithDistricts } from '$lib/server/geography';
import { sejahteraFor } from '$lib/server/sejahtera';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const sejahtera = sejahteraFor(event);
  // A guardian is a registered person first (without a profile, to /profile).
  const [profile, states] = await Promise.all([sejahtera.profile.get(), statesWithDistricts(event.locals.locale)]);
  if (!profile) redirect(303, '/profile');
  // One key per rendering of the form: a resubmitted or double-clicked form adds the dependent once.
  return { states, idempotencyKey: newIdempotencyKey() };
};

export const actions = {
  /** Registers a dependent of the signed-in user; back to the status cards, where theirs now is. */
  add: async (event) => {
    const locale = event.locals.locale;
    const form = await event.request.formData();
    const key = z.safeParse(z.guid(), form.get('idempotency_key'));
    const idempotencyKey = key.success ? key.data : undefined;
    const parsed = parseAddDependent(form, locale);
    if (parsed.errors) return failForm(parsed.errors, { ...parsed.values, idempotency_key: idempotencyKey });
    let name: string;
    try {
      ({
        person: { full_name: name },
      } = await sejahteraFor(event).dependents.add(parsed.data, { idempotencyKey }));
    } catch (error) {
      const known = dependentErrors(error, locale);
      if (known) return failForm(known.errors, { ...parsed.values, idempotency_key: idempotencyKey }, known.status);
      throw error;
    }
    setFlash(event, { kind: 'dependentAdded', name });
    redirect(303, '/');
  },
} satisfies Actions;
