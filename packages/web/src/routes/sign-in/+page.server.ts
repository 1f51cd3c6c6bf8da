import { redirect } from '@sveltejs/kit';
import { emailSchema, isAuthError, phoneSchema } from '@sejahtera/sdk';
import * as z from 'zod/mini';
import { messages } from '$lib/i18n';
import { addError, errorsFromSdk, failForm, formValues, parseWith, safeRedirect } from '$lib/server/forms';
import { sejahteraFor } from '$lib/server/sejahtera';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  const redirectTo = safeRedirect(url.searchParams.get('redirectTo'));
  if (locals.user) redirect(303, redirectTo);
  return { redirectTo, returning: url.searchParams.has('redirectTo') };
};

// The SDK's passwordSignInSchema is a union (email or phone); a form has one box for either, so the
// box is checked as an email when it has an @, else as a phone, with the SDK's own field schemas.
const byEmail = z.object({ email: emailSchema, password: z.string().check(z.minLength(1, { error: 'is required' })) });
const byPhone = z.object({ phone: phoneSchema, password: z.string().check(z.minLength(1, { error: 'is required' })) });

export const actions = {
  signIn: async (event) => {
    const locale = event.locals.locale;
    const m = messages(locale);
    const form = await event.request.formData();
    const { identifier = '', redirectTo } = formValues(form, ['identifier', 'redirectTo']);
    const password = String(form.get('password') ?? '');
    const values = { identifier, redirectTo: safeRedirect(redirectTo) };

    const parsed = identifier.includes('@')
      ? parseWith(byEmail, { email: identifier, password }, locale)
      : parseWith(byPhone, { phone: identifier, password }, locale);
    if (parsed.errors) {
      const { email, phone, ...rest } = parsed.errors;
      const errors = { ...rest, ...(email || phone ? { identifier: [...(email ?? []), ...(phone ?? [])] } : {}) };
      return failForm(errors, values);
    }

    try {
      await sejahteraFor(event).auth.signInWithPassword(parsed.data);
    } catch (error) {
      if (isAuthError(error) && error.code === 'invalid_credentials') return failForm(addError({}, 'form', m.signIn.invalidCredentials), values);
      if (isAuthError(error) && error.code === 'not_confirmed') return failForm(addError({}, 'form', m.signIn.notConfirmed), values);
      const known = errorsFromSdk(error, locale);
      if (known) return failForm(known.errors, values, known.status);
      throw error;
    }
    redirect(303, values.redirectTo);
  },
} satisfies Actions;
