import { error } from '@sveltejs/kit';
import { idSchema, isNotFoundError } from '@sejahtera/sdk';
import { markReadAbout } from '$lib/server/notifications';
import { sejahteraFor } from '$lib/server/sejahtera';
import type { PageServerLoad } from './$types';

/**
 * One announcement the user is in the audience of, in the page's language; its notification is now read.
 * Anyone else's (another district's, a draft) is not found.
 */
export const load: PageServerLoad = async (event) => {
  const id = event.params.id;
  if (!idSchema.safeParse(id).success) error(404);
  const sejahtera = sejahteraFor(event);
  // Both at once: only the account's own notifications are marked, and only announcements to it notify it.
  const [announcement, read] = await Promise.all([
    sejahtera.announcements.get(id, { language: event.locals.locale }).catch((cause: unknown) => {
      if (isNotFoundError(cause)) error(404);
      throw cause;
    }),
    markReadAbout(sejahtera, { announcement_id: id }),
  ]);
  return { announcement, ...read };
};
