import { redirect } from '@sveltejs/kit';
import { sejahteraFor } from '$lib/server/sejahtera';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions = {
  /** Ends this browser's session (its cookies are cleared by @supabase/ssr). */
  signOut: async (event) => {
    await sejahteraFor(event).auth.signOut({ scope: 'local' });
    redirect(303, '/sign-in');
  },
} satisfies Actions;
