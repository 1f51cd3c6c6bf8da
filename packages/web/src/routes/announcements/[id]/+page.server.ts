import { error } from '@sveltejs/kit';
import { idSchema } from '@sejahtera/sdk';
import { markReadAbout } from '$lib/server/notifications';
import { sejahteraFor } from '$lib/server/sejahtera';
import type { PageServerLoad } from './$types';

/**
 * One announcement the user is in the audience of, in the page's language; its notification is now read.
 * Anyone else's (another district's, a draft) is not found. The SDK reads announcements as a list only:
 * the newest 100 the user may see are searched, far more than a year of the ministry's announcements.
 */
export const load: PageServerLoad = async (event) => {
  const id = event.params.id;
  if (!idSchema.safeParse(id).success) error(404);
  const sejahtera = sejahteraFor(event);
  const announcements = await sejahtera.announcements.list({ limit: 100, language: event.locals.locale });
  const announcement = announcements.find((a) => a.id === id);
  if (!announcement) error(404);
  return { announcement, ...(await markReadAbout(sejahtera, 'announcement_id', id)) };
};
