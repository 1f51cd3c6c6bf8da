import { redirect } from '@sveltejs/kit';
import { newPasswordSchema } from '@sejahtera/sdk';
import { messages } from '$lib/i18n';
import { isCurrentPassword } from '$lib/server/changePassword';
import { setFlash } from '$lib/server/flash';
import { addError, failForm, parseWith } from '$lib/server/forms';
import { newPasswordRefusal, setNewPassword } from '$lib/server/passwordReset';
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
      await setNewPassword(sejahteraFor(event), parsed.data.password);
    } catch (error) {
      const refused = newPasswordRefusal(error, locale);
      if (refused) return failForm(refused.errors, {}, refused.status);
      throw error;
    }
    setFlash(event, { kind: 'passwordChanged', name: '' });
    redirect(303, '/profile');
  },
} satisfies Actions;
