import { sejahteraFor } from '$lib/server/sejahtera';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
  const { locals, url } = event;
  // Read on every navigation (the path is a dependency), so that the header's count follows what pages mark read.
  void url.pathname;
  return {
    locale: locals.locale,
    signedIn: locals.user !== null,
    unreadNotifications: locals.user === null ? 0 : await sejahteraFor(event).notifications.unreadCount(),
  };
};
