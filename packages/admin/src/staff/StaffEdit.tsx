/**
 * A staff member's role, state and districts. Administrators may give any role; supervisors manage
 * only the officers of their state (the database's row-level security says the same, and refuses
 * districts outside the manager's jurisdiction). A supervisor needs a state; districts are an
 * officer's alone and must lie in their state.
 */
import {
  BooleanInput,
  Edit,
  FormDataConsumer,
  ReferenceArrayInput,
  ReferenceInput,
  required,
  SelectArrayInput,
  SelectInput,
  SimpleForm,
  TextInput,
  usePermissions,
} from 'react-admin';
import type { Permissions } from '../roles.ts';
import { staffRoles } from './StaffList.tsx';

function validateStaff(values: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  if ((values.role === 'supervisor' || values.role === 'officer') && !values.state_code) errors.state_code = 'sejahtera.staff.state_required';
  if (values.role === 'officer' && !(values.districts as string[] | undefined)?.length) errors.districts = 'sejahtera.staff.districts_required';
  return errors;
}

export const StaffEdit = () => {
  const { permissions } = usePermissions<Permissions>();
  const supervisor = permissions?.role === 'supervisor';
  const roles = supervisor ? ['officer'] : staffRoles;
  return (
    <Edit mutationMode="pessimistic" redirect="list">
      <SimpleForm validate={validateStaff}>
        <TextInput source="full_name" validate={required()} />
        <SelectInput source="role" validate={required()} choices={roles.map((id) => ({ id, name: `sejahtera.roles.${id}` }))} />
        <ReferenceInput
          source="state_code"
          reference="states"
          sort={{ field: 'code', order: 'ASC' }}
          perPage={100}
          filter={supervisor && permissions?.stateCode ? { code: permissions.stateCode } : {}}
        >
          <SelectInput optionText="name_ms" emptyText="-" />
        </ReferenceInput>
        <FormDataConsumer>
          {({ formData }) =>
            formData.role === 'officer' && formData.state_code ? (
              <ReferenceArrayInput source="districts" reference="districts" filter={{ state_code: formData.state_code }} sort={{ field: 'name', order: 'ASC' }} perPage={200}>
                <SelectArrayInput label="resources.staff.fields.districts" optionText="name" sx={{ minWidth: 320 }} />
              </ReferenceArrayInput>
            ) : null
          }
        </FormDataConsumer>
        <BooleanInput source="active" />
      </SimpleForm>
    </Edit>
  );
};
