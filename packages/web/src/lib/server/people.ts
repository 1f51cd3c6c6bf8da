/** Whom the signed-in user acts for: themselves and their dependents, as pages name them. */
import { error, redirect } from '@sveltejs/kit';
import { idSchema, isNotFoundError, type Dependent, type PersonStatus, type SejahteraClient } from '@sejahtera/sdk';
import type { Locale } from '$lib/i18n';

/** A person a page is about. */
export interface Person {
  id: string;
  name: string;
  /** null for the account holder, else how the dependent is related. */
  relationship: string | null;
}

/**
 * Everyone the signed-in user acts for with their status, oneself first: one request (the SDK's
 * status.list). Without a profile, to /profile (day 0 needs one).
 */
export async function peopleOf(sejahtera: SejahteraClient, language: Locale): Promise<PersonStatus[]> {
  const people = await sejahtera.status.list({ language });
  if (people[0]?.relationship !== null || people.length === 0) redirect(303, '/profile');
  return people;
}

/**
 * The person a page's `[id]` names, with their status: oneself (also when `id` is null) or one's
 * dependent. Anyone else's is not found: whether they exist is not the visitor's to learn.
 */
export async function personOf(sejahtera: SejahteraClient, id: string | null, language: Locale): Promise<PersonStatus> {
  if (id !== null && !idSchema.safeParse(id).success) error(404);
  const people = await peopleOf(sejahtera, language);
  const person = id === null ? people[0] : people.find((p) => p.person_id === id);
  if (!person) error(404);
  return person;
}

/** The dependent a page's `[id]` names, with their record; oneself and anyone else's are not found. */
export async function dependentOf(sejahtera: SejahteraClient, id: string): Promise<Dependent> {
  if (!idSchema.safeParse(id).success) error(404);
  try {
    return await sejahtera.dependents.get(id);
  } catch (cause) {
    if (isNotFoundError(cause)) error(404);
    throw cause;
  }
}
