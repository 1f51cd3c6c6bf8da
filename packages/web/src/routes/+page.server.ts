import { redirect } from '@sveltejs/kit';
import { sejahteraFor } from '$lib/server/sejahtera';
import { statusCards } from '$lib/server/status';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const sejahtera = sejahteraFor(event);
  const [profile, dependents] = await Promise.all([sejahtera.profile.get(), sejahtera.dependents.list()]);
  // Day 0 needs a profile: without one there is no one to assess.
  if (!profile) redirect(303, '/profile');
  const people = [
    { id: profile.id, name: profile.full_name, relationship: null },
    ...dependents.map((d) => ({ id: d.person.id, name: d.person.full_name, relationship: d.relationship })),
  ];
  return { cards: await statusCards(sejahtera, people, event.locals.locale) };
};
