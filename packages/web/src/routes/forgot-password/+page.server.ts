import { redirect } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { isAuthError, isValidationError, otpCodeSchema, passwordSchema } from '@sejahtera/sdk';
import * as z from 'zod/mini';
import { messages } from '$lib/i18n';
import { inboxUrl } from '$lib/server/config';
import { setFlash } from '$lib/server/flash';
import { addError, errorsFromSdk, failForm, formValues, parseWith } from '$lib/server/forms';
import { parseIdentifier, requestReset, setNewPassword } from '$lib/server/passwordReset';
import { sejahteraFor } from '$lib/server/sejahtera';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (locals.user) redirect(303, '/');
  // Development only: no SMS or email leaves this machine, the code lands in the stack's inbox.
  return { inbox: dev ? inboxUrl() : null };
};

const resetSchema = z.object({ code: otpCodeSchema, password: passwordSchema });

/** Two steps, as registration: where to send a code, then the code with the new password. */
export const actions = {
  request: async (event) => {
    const locale = event.locals.locale;
    const form = await event.request.formData();
    const { identifier = '' } = formValues(form, ['identifier']);
    const values = { identifier };
    const who = parseIdentifier(identifier, locale);
    if (who.errors) return failForm(who.errors, values);
    try {
      await requestReset(sejahteraFor(event), who.data, `${event.url.origin}/reset-password`);
    } catch (error) {
      const known = errorsFromSdk(error, locale);
      if (known) return failForm(known.errors, values, known.status);
      throw error;
    }
    const sentTo = 'email' in who.data ? who.data.email : who.data.phone;
    return { step: 'verify' as const, identifier: sentTo, channel: 'email' in who.data ? ('email' as const) : ('sms' as const) };
  },

  reset: async (event) => {
    const locale = event.locals.locale;
    const m = messages(locale);
    const form = await event.request.formData();
    const { identifier = '', code = '' } = formValues(form, ['identifier', 'code']);
    const password = String(form.get('password') ?? '');
    const who = parseIdentifier(identifier, locale);
    const values = { identifier, code, step: 'verify' as const, channel: identifier.includes('@') ? ('email' as const) : ('sms' as const) };
    // The identifier is the first step's, in a hidden field: if it is broken, start again.
    if (who.errors) return failForm({ form: [m.form.checkField], ...who.errors }, { identifier });
    // Both checked before the code is used: a code spent on a password Auth then refuses would be lost.
    const parsed = parseWith(resetSchema, { code, password }, locale);
    if (parsed.errors) return failForm(parsed.errors, values);

    const sejahtera = sejahteraFor(event);
    try {
      await sejahtera.auth.verifyPasswordReset({ ...who.data, code: parsed.data.code });
    } catch (error) {
      if (isAuthError(error) && error.code === 'invalid_code') return failForm(addError({}, 'code', m.forgotPassword.invalidCode), values);
      const known = errorsFromSdk(error, locale);
      if (known) return failForm(known.errors, values, known.status);
      throw error;
    }
    try {
      await setNewPassword(sejahtera, parsed.data.password);
    } catch (error) {
      // Signed in by the code, which is spent now: the new password is chosen again on the signed-in page.
      if (isValidationError(error)) redirect(303, `/reset-password?problem=${error.details.authCode === 'same_password' ? 'same_password' : 'rejected'}`);
      throw error;
    }
    setFlash(event, { kind: 'passwordChanged', name: '' });
    redirect(303, '/');
  },
} satisfies Actions;
