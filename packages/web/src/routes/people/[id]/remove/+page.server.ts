import { error, redirect } from '@sveltejs/kit';
import { isNotFoundError } from '@sejahtera/sdk';
import { setFlash } from '$lib/server/flash';
import { dependentOf } from '$lib/server/people';
import { sejahteraFor } from '$lib/server/sejahtera';
import type { Actions, PageServerLoad } from './$types';

/** Asks before removing a dependent (a page of its own, so that it works without JavaScript). */
export const load: PageServerLoad = async (event) => {
  const dependent = await dependentOf(sejahteraFor(event), event.params.id);
  return { dependent: { id: dependent.person.id, name: dependent.person.full_name } };
};

export const actions = {
  /** Removes the dependent; the status page then says whether they were deleted or only unlinked. */
  remove: async (event) => {
    const sejahtera = sejahteraFor(event);
    const dependent = await dependentOf(sejahtera, event.params.id);
    let outcome: 'deleted' | 'unlinked';
    try {
      outcome = await sejahtera.dependents.remove(dependent.person.id);
    } catch (cause) {
      if (isNotFoundError(cause)) error(404);
      throw cause;
    }
    setFlash(event, { kind: outcome === 'deleted' ? 'dependentDeleted' : 'dependentUnlinked', name: dependent.person.full_name });
    redirect(303, '/');
  },
} satisfies Actions;
