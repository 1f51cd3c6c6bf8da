import { declare, loadDeclaration } from '$lib/server/assessment';
import type { Actions, PageServerLoad } from './$types';

/** The signed-in user's own declaration: day 0 on first use, then daily. */
export const load: PageServerLoad = (event) => loadDeclaration(event, null);

export const actions = {
  declare: (event) => declare(event, null),
} satisfies Actions;
