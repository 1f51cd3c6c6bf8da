import { redirect } from '@sveltejs/kit';
import { LOCALE_COOKIE, isLocale } from '$lib/i18n';
import { safeRedirect } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions = {
  /** Chooses the site's language for a year; works as a plain form post, without JavaScript. */
  switch: async ({ request, cookies, url }) => {
    const data = await request.formData();
    const locale = data.get('locale');
    if (isLocale(locale)) {
      cookies.set(LOCALE_COOKIE, locale, { path: '/', maxAge: 60 * 60 * 24 * 365, sameSite: 'lax', httpOnly: false, secure: url.protocol === 'https:' });
    }
    redirect(303, safeRedirect(data.get('redirectTo')));
  },
} satisfies Actions;
