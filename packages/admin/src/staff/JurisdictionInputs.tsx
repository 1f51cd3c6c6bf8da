/**
 * A staff member's jurisdiction, shared by the invitation and the edit forms: the state (an officer's or a
 * supervisor's) and the districts (an officer's alone, within their state). A supervisor is offered only
 * their own state; the database refuses anything outside the manager's jurisdiction all the same.
 */
import { FormDataConsumer, ReferenceArrayInput, ReferenceInput, SelectArrayInput, SelectInput, usePermissions } from 'react-admin';
import type { Permissions } from '../roles.ts';

/** The jurisdiction's errors by field: a state for officers and supervisors, at least one district for officers. */
export function jurisdictionErrors(values: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  if ((values.role === 'supervisor' || values.role === 'officer') && !values.state_code) errors.state_code = 'sejahtera.staff.state_required';
  if (values.role === 'officer' && !(values.districts as string[] | undefined)?.length) errors.districts = 'sejahtera.staff.districts_required';
  return errors;
}

/** The state, among those the signed-in manager may choose. */
export const StateInput = () => {
  const { permissions } = usePermissions<Permissions>();
  const supervisor = permissions?.role === 'supervisor';
  return (
    <ReferenceInput
      source="state_code"
      reference="states"
      sort={{ field: 'code', order: 'ASC' }}
      perPage={100}
      filter={supervisor && permissions?.stateCode ? { code: permissions.stateCode } : {}}
    >
      <SelectInput label="resources.staff.fields.state_code" optionText="name_ms" emptyText="-" />
    </ReferenceInput>
  );
};

/** An officer's districts, those of the state chosen; shown once the role is officer and a state is chosen. */
export const DistrictsInput = () => (
  <FormDataConsumer>
    {({ formData }) =>
      formData.role === 'officer' && formData.state_code ? (
        <ReferenceArrayInput source="districts" reference="districts" filter={{ state_code: formData.state_code }} sort={{ field: 'name', order: 'ASC' }} perPage={200}>
          <SelectArrayInput label="resources.staff.fields.districts" optionText="name" sx={{ minWidth: 320 }} />
        </ReferenceArrayInput>
      ) : null
    }
  </FormDataConsumer>
);
