/**
 * A daily report subscription: the areas (states for country-wide roles, districts within the
 * subscriber's jurisdiction; none: the whole jurisdiction), the sections, an email address (none: the
 * console and a push notice only) and the language.
 */
import {
  BooleanInput,
  CheckboxGroupInput,
  email,
  ReferenceArrayInput,
  required,
  SelectArrayInput,
  SelectInput,
  SimpleForm,
  TextInput,
  usePermissions,
} from 'react-admin';
import type { Permissions } from '../roles.ts';

function districtFilter(permissions: Permissions | undefined): Record<string, string> {
  if (permissions?.role === 'officer') return { 'code@in': `(${permissions.districts.join(',')})` };
  if (permissions?.role === 'supervisor' && permissions.stateCode) return { state_code: permissions.stateCode };
  return {};
}

export const SubscriptionForm = () => {
  const { permissions } = usePermissions<Permissions>();
  const countryWide = permissions?.role === 'admin' || permissions?.role === 'analyst';
  return (
    <SimpleForm defaultValues={{ sections: ['high_risk', 'figures'], language: 'en', active: true }}>
      {countryWide ? (
        <ReferenceArrayInput source="states" reference="states" sort={{ field: 'code', order: 'ASC' }} perPage={100}>
          <SelectArrayInput optionText="name_ms" sx={{ minWidth: 320 }} />
        </ReferenceArrayInput>
      ) : null}
      <ReferenceArrayInput source="districts" reference="districts" sort={{ field: 'name', order: 'ASC' }} perPage={200} filter={districtFilter(permissions)}>
        <SelectArrayInput optionText="name" sx={{ minWidth: 320 }} />
      </ReferenceArrayInput>
      <CheckboxGroupInput
        source="sections"
        validate={required()}
        choices={[
          { id: 'high_risk', name: 'sejahtera.reports.section.high_risk' },
          { id: 'figures', name: 'sejahtera.reports.section.figures' },
        ]}
      />
      <TextInput source="email" validate={email()} />
      <SelectInput
        source="language"
        validate={required()}
        choices={[
          { id: 'ms', name: 'sejahtera.language.ms' },
          { id: 'en', name: 'sejahtera.language.en' },
        ]}
      />
      <BooleanInput source="active" />
    </SimpleForm>
  );
};
