import { error, redirect } from '@sveltejs/kit';
import { isNotFoundError } from '@sejahtera/sdk';
import { failForm } from '$lib/server/forms';
import { dependentErrors, parseUpdateDependent } from '$lib/server/dependents';
import { setFlash } from '$lib/server/flash';
import { statesWithDistricts } from '$lib/server/geography';
import { dependentOf } from '$lib/server/people';
import { sejahteraFor } from '$lib/server/sejahtera';
import type { Actions, PageServerLoad } from './$types';

/** A dependent's details to edit; oneself (edited on /profile) and anyone else's are not found. */
export const load: PageServerLoad = async (event) => {
  const sejahtera = sejahteraFor(event);
  const [{ person, relationship }, states] = await Promise.all([dependentOf(sejahtera, event.params.id), statesWithDistricts(event.locals.locale)]);
  return {
    dependent: {
      id: person.id,
      name: person.full_name,
      identity: person.identity_masked ? { type: person.identity_type ?? 'other', masked: person.identity_masked } : null,
      // What the form starts with; the document number is never read back, only its masked form.
      values: {
        full_name: person.full_name,
        relationship,
        identity_type: person.identity_type ?? undefined,
        // The database keeps MY for everyone; the form asks for it only with a passport.
        nationality: person.identity_type === 'passport' ? (person.nationality ?? undefined) : undefined,
        date_of_birth: person.date_of_birth ?? undefined,
        district_code: person.district_code ?? undefined,
      },
    },
    states,
  };
};

export const actions = {
  /** Saves the dependent's details; back to the status cards. */
  update: async (event) => {
    const locale = event.locals.locale;
    const parsed = parseUpdateDependent(await event.request.formData(), locale);
    if (parsed.errors) return failForm(parsed.errors, parsed.values);
    let name: string;
    try {
      ({
        person: { full_name: name },
      } = await sejahteraFor(event).dependents.update(event.params.id, parsed.data));
    } catch (cause) {
      if (isNotFoundError(cause)) error(404);
      const known = dependentErrors(cause, locale);
      if (known) return failForm(known.errors, parsed.values, known.status);
      throw cause;
    }
    setFlash(event, { kind: 'dependentUpdated', name });
    redirect(303, '/');
  },
} satisfies Actions;
