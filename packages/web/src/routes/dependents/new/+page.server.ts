import { redirect } from '@sveltejs/kit';
import { failForm } from '$lib/server/forms';
import { dependentErrors, parseAddDependent } from '$lib/server/dependents';
import { setFlash } from '$lib/server/flash';
import { statesWithDistricts } from '$lib/server/geography';
import { peopleOf } from '$lib/server/people';
import { sejahteraFor } from '$lib/server/sejahtera';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const sejahtera = sejahteraFor(event);
  // A guardian is a registered person first (and without a profile, peopleOf sends to /profile).
  await peopleOf(sejahtera);
  return { states: await statesWithDistricts(sejahtera, event.locals.locale) };
};

export const actions = {
  /** Registers a dependent of the signed-in user; back to the status cards, where theirs now is. */
  add: async (event) => {
    const locale = event.locals.locale;
    const parsed = parseAddDependent(await event.request.formData(), locale);
    if (parsed.errors) return failForm(parsed.errors, parsed.values);
    let name: string;
    try {
      ({
        person: { full_name: name },
      } = await sejahteraFor(event).dependents.add(parsed.data));
    } catch (error) {
      const known = dependentErrors(error, locale);
      if (known) return failForm(known.errors, parsed.values, known.status);
      throw error;
    }
    setFlash(event, { kind: 'dependentAdded', name });
    redirect(303, '/');
  },
} satisfies Actions;
