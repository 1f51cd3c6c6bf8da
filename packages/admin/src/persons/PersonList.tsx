/** Persons in the signed-in officer's jurisdiction: search by name, phone or ID digits; filter by status and district. */
import {
  BooleanField,
  DatagridConfigurable,
  List,
  ReferenceInput,
  SearchInput,
  SelectInput,
  TextField,
  usePermissions,
  useTranslate,
} from 'react-admin';
import type { Permissions } from '../roles.ts';
import { DateTimeField, StatusField } from '../common/fields.tsx';

export const riskStatuses = ['pending_assessment', 'low_risk', 'casual_contact', 'close_contact', 'pui', 'confirmed'] as const;

/** Districts an officer may filter by: their own; a supervisor: their state's; an admin: all. */
function districtFilter(permissions: Permissions | undefined): Record<string, string> {
  if (permissions?.role === 'officer') return { 'code@in': `(${permissions.districts.join(',')})` };
  if (permissions?.role === 'supervisor' && permissions.stateCode) return { state_code: permissions.stateCode };
  return {};
}

export const PersonList = () => {
  const translate = useTranslate();
  const { permissions } = usePermissions<Permissions>();
  const filters = [
    <SearchInput
      key="q"
      source="q"
      alwaysOn
      placeholder={translate('sejahtera.persons.search')}
      helperText={false}
      inputProps={{ 'aria-label': translate('sejahtera.persons.search_help') }}
      sx={{ minWidth: 320 }}
    />,
    <SelectInput
      key="status"
      source="status"
      alwaysOn
      choices={riskStatuses.map((id) => ({ id, name: `sejahtera.status.${id}` }))}
    />,
    <ReferenceInput key="district_code" source="district_code" reference="districts" filter={districtFilter(permissions)} sort={{ field: 'name', order: 'ASC' }} perPage={200} alwaysOn>
      <SelectInput optionText="name" label="resources.persons.fields.district_code" />
    </ReferenceInput>,
  ];
  return (
    <List filters={filters} sort={{ field: 'full_name', order: 'ASC' }} perPage={25} exporter={false}>
      <DatagridConfigurable rowClick="show" bulkActionButtons={false}>
        <TextField source="full_name" />
        <TextField source="phone" sortable={false} />
        <TextField source="identity_masked" sortable={false} />
        <StatusField source="status" label="resources.persons.fields.status" sortable />
        <DateTimeField source="status_since" />
        <TextField source="district_name" />
        <BooleanField source="has_account" sortable={false} />
      </DatagridConfigurable>
    </List>
  );
};
