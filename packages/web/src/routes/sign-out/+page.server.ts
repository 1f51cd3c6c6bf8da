import { redirect } from '@sveltejs/kit';
import { deviceTokenSchema } from '@sejahtera/sdk';
import { sejahteraFor } from '$lib/server/sejahtera';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions = {
  /**
   * Ends this browser's session (its cookies are cleared by @supabase/ssr), and first stops push to this
   * browser's FCM token when the page sent it (see $lib/push-token), so that the device's next user does
   * not get this account's notifications.
   */
  signOut: async (event) => {
    const sejahtera = sejahteraFor(event);
    const pushToken = deviceTokenSchema.safeParse((await event.request.formData()).get('push_token'));
    if (pushToken.success) {
      // Best effort: signing out must not fail for it (an expired session cannot unregister anyway).
      await sejahtera.notifications.unregisterDevice(pushToken.data).catch(() => false);
    }
    await sejahtera.auth.signOut({ scope: 'local' });
    redirect(303, '/sign-in');
  },
} satisfies Actions;
