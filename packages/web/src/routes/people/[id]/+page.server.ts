import { error } from '@sveltejs/kit';
import { idSchema } from '@sejahtera/sdk';
import { sejahteraFor } from '$lib/server/sejahtera';
import { statusCards } from '$lib/server/status';
import type { PageServerLoad } from './$types';

/** One person's status and its history: oneself or one's dependent; anyone else's is not found. */
export const load: PageServerLoad = async (event) => {
  if (!idSchema.safeParse(event.params.id).success) error(404);
  const sejahtera = sejahteraFor(event);
  const [profile, dependents] = await Promise.all([sejahtera.profile.get(), sejahtera.dependents.list()]);
  const dependent = dependents.find((d) => d.person.id === event.params.id);
  const person =
    profile?.id === event.params.id
      ? { id: profile.id, name: profile.full_name, relationship: null }
      : dependent
        ? { id: dependent.person.id, name: dependent.person.full_name, relationship: dependent.relationship }
        : null;
  if (!person) error(404);
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
