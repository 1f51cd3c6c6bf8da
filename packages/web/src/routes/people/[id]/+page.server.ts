import { personOf } from '$lib/server/people';
import { sejahteraFor } from '$lib/server/sejahtera';
import { statusCards } from '$lib/server/status';
import type { PageServerLoad } from './$types';

/** One person's status and its history: oneself or one's dependent; anyone else's is not found. */
export const load: PageServerLoad = async (event) => {
  const sejahtera = sejahteraFor(event);
  const person = await personOf(sejahtera, event.params.id);
  const language = event.locals.locale;
  const [[card], history] = await Promise.all([statusCards(sejahtera, [person], language), sejahtera.status.history({ person_id: person.id })]);
  return {
    card,
    history: history.map((change) => ({
      id: change.id,
      at: change.changed_at,
      from: change.from_status ? sejahtera.status.advice(change.from_status, { language }).label : null,
      to: sejahtera.status.advice(change.to_status, { language }).label,
      reason: change.reason,
    })),
  };
};
