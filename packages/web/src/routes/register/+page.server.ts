import { redirect } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { isAuthError, isConflictError, normalizePhone, phoneSignUpSchema, resendPhoneCodeSchema, verifyPhoneSchema } from '@sejahtera/sdk';
import { messages } from '$lib/i18n';
import { inboxUrl } from '$lib/server/config';
import { addError, errorsFromSdk, failForm, formValues, parseWith } from '$lib/server/forms';
import { sejahteraFor } from '$lib/server/sejahtera';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (locals.user) redirect(303, '/');
  // Development only: no SMS leaves this machine, the code lands in the stack's inbox.
  return { inbox: dev ? inboxUrl() : null };
};

/** Registration in two steps: a phone and a password (a code goes by SMS), then the code. */
export const actions = {
  start: async (event) => {
    const locale = event.locals.locale;
    const form = await event.request.formData();
    const { phone = '' } = formValues(form, ['phone']);
    const password = String(form.get('password') ?? '');
    const values = { phone };
    const parsed = parseWith(phoneSignUpSchema, { phone, password }, locale);
    if (parsed.errors) return failForm(parsed.errors, values);
    try {
      await sejahteraFor(event).auth.signUpWithPhone(parsed.data);
    } catch (error) {
      if (isConflictError(error)) return failForm(addError({}, 'phone', messages(locale).register.phoneTaken), values, 409);
      const known = errorsFromSdk(error, locale);
      if (known) return failForm(known.errors, values, known.status);
      throw error;
    }
    return { step: 'verify' as const, phone: parsed.data.phone };
  },

  verify: async (event) => {
    const locale = event.locals.locale;
    const form = await event.request.formData();
    const { phone = '', code = '' } = formValues(form, ['phone', 'code']);
    const values = { phone: normalizePhone(phone), code, step: 'verify' as const };
    const parsed = parseWith(verifyPhoneSchema, { phone, code }, locale);
    if (parsed.errors) return failForm(parsed.errors, values);
    try {
      await sejahteraFor(event).auth.verifyPhone(parsed.data);
    } catch (error) {
      const errors = isAuthError(error) && error.code === 'invalid_code' ? addError({}, 'code', messages(locale).register.invalidCode) : errorsFromSdk(error, locale)?.errors;
      if (!errors) throw error;
      return failForm(errors, values);
    }
    // Signed in now; day 0 needs a profile first.
    redirect(303, '/profile');
  },

  resend: async (event) => {
    const locale = event.locals.locale;
    const form = await event.request.formData();
    const { phone = '' } = formValues(form, ['phone']);
    const values = { phone: normalizePhone(phone), step: 'verify' as const };
    const parsed = parseWith(resendPhoneCodeSchema, { phone }, locale);
    if (parsed.errors) return failForm(parsed.errors, values);
    try {
      await sejahteraFor(event).auth.resendPhoneCode(parsed.data);
    } catch (error) {
      const known = errorsFromSdk(error, locale);
      if (known) return failForm(known.errors, values, known.status);
      throw error;
    }
    return { step: 'verify' as const, phone: parsed.data.phone, resent: true };
  },
} satisfies Actions;
