import { takeFlash } from '$lib/server/flash';
import { peopleOf } from '$lib/server/people';
import { sejahteraFor } from '$lib/server/sejahtera';
import { statusCard } from '$lib/server/status';
import type { PageServerLoad } from './$types';

/** A status card per person (oneself, each dependent), who still has today's declaration to make, and the message a form left. */
export const load: PageServerLoad = async (event) => {
  const people = await peopleOf(sejahteraFor(event), event.locals.locale);
  return { cards: people.map(statusCard), flash: takeFlash(event) };
};
