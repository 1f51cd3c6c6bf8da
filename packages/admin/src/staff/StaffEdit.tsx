/**
 * A staff member's role, state and districts. Administrators may give any role; supervisors manage
 * only the officers of their state (the database's row-level security says the same, and refuses
 * districts outside the manager's jurisdiction). A supervisor needs a state; districts are an
 * officer's alone and must lie in their state.
 */
import { BooleanInput, Edit, SelectInput, SimpleForm, TextInput, usePermissions } from 'react-admin';
import type { Permissions } from '../roles.ts';
import { DistrictsInput, jurisdictionErrors, StateInput } from './JurisdictionInputs.tsx';
import { staffRoles } from './StaffList.tsx';

// The form validates as a whole (react-admin then ignores validators on the inputs).
function validateStaff(values: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  if (typeof values.full_name !== 'string' || !values.full_name.trim()) errors.full_name = 'ra.validation.required';
  if (!values.role) errors.role = 'ra.validation.required';
  return { ...errors, ...jurisdictionErrors(values) };
}

export const StaffEdit = () => {
  const { permissions } = usePermissions<Permissions>();
  const supervisor = permissions?.role === 'supervisor';
  const roles = supervisor ? ['officer'] : staffRoles;
  return (
    <Edit mutationMode="pessimistic" redirect="list">
      <SimpleForm validate={validateStaff}>
        <TextInput source="full_name" isRequired />
        <SelectInput source="role" isRequired choices={roles.map((id) => ({ id, name: `sejahtera.roles.${id}` }))} />
        <StateInput />
        <DistrictsInput />
        <BooleanInput source="active" />
      </SimpleForm>
    </Edit>
  );
};
