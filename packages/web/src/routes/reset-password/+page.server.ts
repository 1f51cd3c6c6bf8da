import { redirect } from '@sveltejs/kit';
import { isAuthError, isValidationError, newPasswordSchema } from '@sejahtera/sdk';
import { setFlash } from '$lib/server/flash';
import { newPasswordRefusal, setNewPassword } from '$lib/server/passwordReset';
import { failForm, parseWith } from '$lib/server/forms';
import { sejahteraFor } from '$lib/server/sejahtera';
import type { Actions, PageServerLoad } from './$types';

/** Why a reset's code was spent but the password not saved (see /forgot-password), said on this page. */
const PROBLEMS = ['same_password', 'rejected'] as const;
type Problem = (typeof PROBLEMS)[number];

/**
 * The signed-in step of a reset: choosing the new password. Reached from the email's link (Auth sends
 * it here with a one-time `code` for this browser's session) or when a reset's code signed the person in
 * but the password was refused.
 */
export const load: PageServerLoad = async (event) => {
  const code = event.url.searchParams.get('code');
  if (code) {
    // The PKCE exchange, with the verifier this browser's request left in its cookies. A link opened
    // elsewhere or twice has none: ask for a code.
    try {
      await sejahteraFor(event).auth.exchangeCode(code);
    } catch (cause) {
      if (isAuthError(cause) || isValidationError(cause)) return { linkExpired: true, problem: null };
      throw cause;
    }
    redirect(303, '/reset-password');
  }
  if (!event.locals.user) redirect(303, '/forgot-password');
  const problem = event.url.searchParams.get('problem');
  return { linkExpired: false, problem: (PROBLEMS as readonly string[]).includes(problem ?? '') ? (problem as Problem) : null };
};

export const actions = {
  save: async (event) => {
    const locale = event.locals.locale;
    if (!event.locals.user) redirect(303, '/forgot-password');
    const form = await event.request.formData();
    const parsed = parseWith(newPasswordSchema, { password: String(form.get('password') ?? '') }, locale);
    if (parsed.errors) return failForm(parsed.errors, {});
    try {
      await setNewPassword(sejahteraFor(event), parsed.data.password);
    } catch (error) {
      const refused = newPasswordRefusal(error, locale);
      if (refused) return failForm(refused.errors, {}, refused.status);
      throw error;
    }
    setFlash(event, { kind: 'passwordChanged', name: '' });
    redirect(303, '/');
  },
} satisfies Actions;
