/** Whom the signed-in user acts for: themselves and their dependents, as pages name them. */
import { error, redirect } from '@sveltejs/kit';
import { idSchema, type Dependent, type Person as PersonRecord, type SejahteraClient } from '@sejahtera/sdk';

/** A person a page is about. */
export interface Person {
  id: string;
  name: string;
  /** null for the account holder, else how the dependent is related. */
  relationship: string | null;
}

/** The account holder's person and their dependents; without a profile, to /profile (day 0 needs one). */
export async function peopleOf(sejahtera: SejahteraClient): Promise<{ profile: PersonRecord; dependents: Dependent[]; people: Person[] }> {
  const [profile, dependents] = await Promise.all([sejahtera.profile.get(), sejahtera.dependents.list()]);
  if (!profile) redirect(303, '/profile');
  return {
    profile,
    dependents,
    people: [
      { id: profile.id, name: profile.full_name, relationship: null },
      ...dependents.map((d) => ({ id: d.person.id, name: d.person.full_name, relationship: d.relationship })),
    ],
  };
}

/**
 * The person a page's `[id]` names: oneself (also when `id` is null) or one's dependent, with the
 * dependent's record. Anyone else's is not found: whether they exist is not the visitor's to learn.
 */
export async function personOf(sejahtera: SejahteraClient, id: string | null): Promise<Person & { dependent: Dependent | null }> {
  if (id !== null && !idSchema.safeParse(id).success) error(404);
  const { profile, dependents } = await peopleOf(sejahtera);
  if (id === null || id === profile.id) return { id: profile.id, name: profile.full_name, relationship: null, dependent: null };
  const dependent = dependents.find((d) => d.person.id === id);
  if (!dependent) error(404);
  return { id, name: dependent.person.full_name, relationship: dependent.relationship, dependent };
}
