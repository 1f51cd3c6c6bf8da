import { declare, loadDeclaration } from '$lib/server/assessment';
import type { Actions, PageServerLoad } from './$types';

/** A declaration for a dependent (or oneself by one's own id); anyone else's is not found. */
export const load: PageServerLoad = (event) => loadDeclaration(event, event.params.id);

export const actions = {
  declare: (event) => declare(event, event.params.id),
} satisfies Actions;
