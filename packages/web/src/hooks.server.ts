/**
 * Every request: its own Supabase client on event.locals (the session in this request's cookies,
 * through @supabase/ssr), its language, and the auth guard. Nothing per-user is kept between requests.
 */
import { createServerClient } from '@supabase/ssr';
import type { Database } from '@sejahtera/sdk';
import { type Handle, redirect } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { DEFAULT_LOCALE, LOCALES, LOCALE_COOKIE, fromAcceptLanguage, isLocale, loadMessages } from '$lib/i18n';
import { supabaseConfig } from '$lib/server/config';

const supabase: Handle = async ({ event, resolve }) => {
  const { url, anonKey } = supabaseConfig();
  const secure = event.url.protocol === 'https:';
  event.locals.supabase = createServerClient<Database>(url, anonKey, {
    // Auth counts sign-ins per client address: pass on the visitor's, not this server's, as a proxy does.
    global: { headers: { 'X-Forwarded-For': event.getClientAddress() } },
    cookies: {
      getAll: () => event.cookies.getAll(),
      setAll: (cookies) => {
        for (const { name, value, options } of cookies) event.cookies.set(name, value, { ...options, path: '/', secure });
      },
    },
  });

  // The session from the cookie is only a claim: getUser asks Auth whether its token is still good.
  event.locals.safeGetSession = async () => {
    const {
      data: { session },
    } = await event.locals.supabase.auth.getSession();
    if (!session) return { session: null, user: null };
    const {
      data: { user },
      error,
    } = await event.locals.supabase.auth.getUser();
    if (error || !user) return { session: null, user: null };
    return { session, user };
  };

  return resolve(event, {
    filterSerializedResponseHeaders: (name) => name === 'content-range' || name === 'x-supabase-api-version',
  });
};

const language: Handle = async ({ event, resolve }) => {
  const chosen = event.cookies.get(LOCALE_COOKIE);
  event.locals.locale = isLocale(chosen) ? chosen : (fromAcceptLanguage(event.request.headers.get('accept-language')) ?? DEFAULT_LOCALE);
  // Both, once per process: an action may answer in a language the request did not start in (a changed preference).
  await Promise.all(LOCALES.map(loadMessages));
  return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale) });
};

/** Pages anyone may open; every other page needs a signed-in user. */
const PUBLIC_PATHS = ['/sign-in', '/register', '/language', '/forgot-password', '/reset-password', '/offline'];

const authGuard: Handle = async ({ event, resolve }) => {
  const { user } = await event.locals.safeGetSession();
  event.locals.user = user;
  const path = event.url.pathname;
  const isPublic = PUBLIC_PATHS.some((p) => path === p || path.startsWith(`${p}/`));
  if (!user && !isPublic) {
    // A form posted with an expired session comes back to its page, not to the action's URL.
    const where = event.request.method === 'GET' ? path + event.url.search : path;
    const back = where === '/' ? '' : `?redirectTo=${encodeURIComponent(where)}`;
    redirect(303, `/sign-in${back}`);
  }
  return resolve(event);
};

export const handle = sequence(supabase, language, authGuard);
