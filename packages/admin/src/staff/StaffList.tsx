/** Staff the signed-in manager manages (administrators: everyone; supervisors: their state's officers), with role, state and whether they have joined. */
import { Chip } from '@mui/material';
import { BooleanField, CreateButton, DataTable, FunctionField, List, ReferenceField, SearchInput, SelectInput, TopToolbar, useTranslate } from 'react-admin';
import { DateTimeField } from '../common/fields.tsx';

export const staffRoles = ['officer', 'supervisor', 'analyst', 'agent', 'admin'] as const;

const filters = [
  <SearchInput key="full_name@ilike" source="full_name@ilike" alwaysOn />,
  <SelectInput key="role" source="role" alwaysOn choices={staffRoles.map((id) => ({ id, name: `sejahtera.roles.${id}` }))} />,
];

/** Inviting is the one way to add a staff member; the button shows only to whom canAccess lets create. */
const actions = (
  <TopToolbar>
    <CreateButton label="sejahtera.staff.invite.button" />
  </TopToolbar>
);

export const StaffList = () => {
  const translate = useTranslate();
  return (
    <List filters={filters} sort={{ field: 'full_name', order: 'ASC' }} exporter={false} actions={actions}>
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="full_name" />
        <DataTable.Col source="role">
          <FunctionField render={(r: { role: string }) => translate(`sejahtera.roles.${r.role}`)} />
        </DataTable.Col>
        <DataTable.Col source="state_code">
          <ReferenceField source="state_code" reference="states" link={false} emptyText="-">
            <FunctionField render={(s: { name_ms: string }) => s.name_ms} />
          </ReferenceField>
        </DataTable.Col>
        <DataTable.Col source="active">
          <BooleanField source="active" />
        </DataTable.Col>
        {/* When they first signed in (the database records it); until then their invitation is pending. */}
        <DataTable.Col source="joined_at">
          <FunctionField
            render={(r: { joined_at: string | null }) =>
              r.joined_at ? <DateTimeField source="joined_at" /> : <Chip size="small" label={translate('sejahtera.staff.pending')} />
            }
          />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
