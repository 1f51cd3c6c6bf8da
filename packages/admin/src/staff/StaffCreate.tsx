/**
 * Inviting a new staff member by email (providers/staff.ts: the invite-staff edge function through the
 * SDK). Administrators may invite any role; supervisors only officers of their state. The database
 * decides (the invitation is refused otherwise); the form offers only what the manager may choose.
 * The invited person gets an email whose link leads to this console's set-password page.
 */
import {
  Create,
  FormDataConsumer,
  type RaRecord,
  SelectInput,
  SimpleForm,
  TextInput,
  useNotify,
  usePermissions,
  useRedirect,
  useTranslate,
} from 'react-admin';
import { Alert } from '@mui/material';
import type { Permissions } from '../roles.ts';
import { DistrictsInput, jurisdictionErrors, StateInput } from './JurisdictionInputs.tsx';
import { staffRoles } from './StaffList.tsx';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// The form validates as a whole (react-admin then ignores validators on the inputs); the SDK and the
// database check the same again.
function validateInvitation(values: Record<string, unknown>): Record<string, string | { message: string; args: Record<string, number> }> {
  const errors: Record<string, string | { message: string; args: Record<string, number> }> = {};
  const email = typeof values.email === 'string' ? values.email.trim() : '';
  if (!email) errors.email = 'ra.validation.required';
  else if (!EMAIL.test(email)) errors.email = 'sejahtera.staff.invite.email_invalid';
  const name = typeof values.full_name === 'string' ? values.full_name.trim() : '';
  if (!name) errors.full_name = 'ra.validation.required';
  else if (name.length < 2) errors.full_name = { message: 'ra.validation.minLength', args: { min: 2 } };
  else if (name.length > 200) errors.full_name = { message: 'ra.validation.maxLength', args: { max: 200 } };
  if (!values.role) errors.role = 'ra.validation.required';
  return { ...errors, ...jurisdictionErrors(values) };
}

export const StaffCreate = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const { permissions } = usePermissions<Permissions>();
  const supervisor = permissions?.role === 'supervisor';
  const roles = supervisor ? ['officer'] : staffRoles;
  const defaults = supervisor ? { role: 'officer', state_code: permissions?.stateCode ?? null, districts: [] } : { districts: [] };
  return (
    <Create
      title="sejahtera.staff.invite.title"
      mutationOptions={{
        onSuccess: (data: RaRecord) => {
          notify(data.resent ? 'sejahtera.staff.invite.resent' : 'sejahtera.staff.invite.sent', { type: 'success', messageArgs: { email: data.email } });
          redirect('list', 'staff');
        },
      }}
    >
      <SimpleForm validate={validateInvitation} defaultValues={defaults}>
        <Alert severity="info" sx={{ mb: 2, maxWidth: 640 }}>
          {translate('sejahtera.staff.invite.explain')}
        </Alert>
        <TextInput source="email" isRequired autoComplete="off" inputProps={{ inputMode: 'email' }} sx={{ minWidth: 320 }} />
        <TextInput source="full_name" isRequired sx={{ minWidth: 320 }} />
        <SelectInput source="role" isRequired choices={roles.map((id) => ({ id, name: `sejahtera.roles.${id}` }))} />
        <FormDataConsumer>{({ formData }) => (formData.role === 'officer' || formData.role === 'supervisor' ? <StateInput /> : null)}</FormDataConsumer>
        <DistrictsInput />
      </SimpleForm>
    </Create>
  );
};
