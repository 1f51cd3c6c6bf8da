import { idSchema } from '@sejahtera/sdk';
import { personOf } from '$lib/server/people';
import { sejahteraFor } from '$lib/server/sejahtera';
import { statusCard } from '$lib/server/status';
import type { PageServerLoad } from './$types';

/** One person's status and its history: oneself or one's dependent; anyone else's is not found. */
export const load: PageServerLoad = async (event) => {
  const sejahtera = sejahteraFor(event);
  const language = event.locals.locale;
  // Both at once: a history read for someone not one's own comes back empty, and personOf then says not found.
  const [person, history] = await Promise.all([
    personOf(sejahtera, event.params.id, language),
    idSchema.safeParse(event.params.id).success ? sejahtera.status.history({ person_id: event.params.id }) : [],
  ]);
  return {
    card: statusCard(person),
    history: history.map((change) => ({
      id: change.id,
      at: change.changed_at,
      from: change.from_status ? sejahtera.status.advice(change.from_status, { language }).label : null,
      to: sejahtera.status.advice(change.to_status, { language }).label,
      reason: change.reason,
    })),
  };
};
