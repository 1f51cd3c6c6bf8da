import { redirect } from '@sveltejs/kit';
import { isValidationError, newPasswordSchema } from '@sejahtera/sdk';
import { fieldMessage, messages } from '$lib/i18n';
import { isCurrentPassword, setPassword } from '$lib/server/changePassword';
import { setFlash } from '$lib/server/flash';
import { addError, errorsFromSdk, failForm, parseWith } from '$lib/server/forms';
import { sejahteraFor } from '$lib/server/sejahtera';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({});

export const actions = {
  /** Checks the current password, then saves the new one; back to the profile. Passwords are never given back to the form. */
  save: async (event) => {
    const locale = event.locals.locale;
    const m = messages(locale);
    const user = event.locals.user;
    if (!user) redirect(303, '/sign-in?redirectTo=%2Fprofile%2Fpassword');
    const form = await event.request.formData();
    const current = String(form.get('current_password') ?? '');
    const password = String(form.get('password') ?? '');
    const parsed = parseWith(newPasswordSchema, { password }, locale);
    const errors = password ? (parsed.errors ?? {}) : { password: [m.fieldErrors.required] };
    if (!current) addError(errors, 'current_password', m.fieldErrors.required);
    if (Object.keys(errors).length > 0 || !parsed.data) return failForm(errors, {});
    try {
      if (!(await isCurrentPassword(user, current, event.getClientAddress()))) {
        return failForm(addError({}, 'current_password', m.changePassword.wrongCurrent), {});
      }
      await setPassword(sejahteraFor(event), parsed.data.password);
    } catch (error) {
      if (isValidationError(error) && error.details.authCode === 'same_password') return failForm(addError({}, 'password', m.forgotPassword.samePassword), {});
      if (isValidationError(error)) return failForm(addError({}, 'password', error.issues[0] ? fieldMessage(locale, error.issues[0]) : m.form.checkField), {});
      const known = errorsFromSdk(error, locale);
      if (known) return failForm(known.errors, {}, known.status);
      throw error;
    }
    setFlash(event, { kind: 'passwordChanged', name: '' });
    redirect(303, '/profile');
  },
} satisfies Actions;
