import { sejahteraFor } from '$lib/server/sejahtera';
import type { PageServerLoad } from './$types';

/** The published announcements for the signed-in user (everyone's, their and their dependents' state, district, status), newest first. */
export const load: PageServerLoad = async (event) => {
  const announcements = await sejahteraFor(event).announcements.list({ limit: 50, language: event.locals.locale });
  return { announcements };
};
