/**
 * The audit log (administrators only; row-level security refuses everyone else): who read or changed
 * which person's data, and when, newest first; filtered by actor, person, action and date. Column
 * names only, never values.
 */
import {
  AutocompleteInput,
  DataTable,
  DateInput,
  FunctionField,
  List,
  ReferenceField,
  ReferenceInput,
  SelectInput,
  TextField,
  TextInput,
} from 'react-admin';
import { DateTimeField, EnumField } from '../common/fields.tsx';

const actions = ['insert', 'update', 'delete', 'read', 'export'];

/** Dates are Malaysian days: a day starts at 00:00 in Kuala Lumpur (UTC+8). */
const dayStart = (day: string) => (day ? `${day}T00:00:00+08:00` : day);
const dayEnd = (day: string) => (day ? `${day}T23:59:59.999+08:00` : day);

const filters = [
  <ReferenceInput key="actor_id" source="actor_id" reference="staff" alwaysOn sort={{ field: 'full_name', order: 'ASC' }} perPage={100}>
    <AutocompleteInput optionText="full_name" label="resources.audit_log.fields.actor_id" filterToQuery={(q) => ({ 'full_name@ilike': q })} sx={{ minWidth: 240 }} />
  </ReferenceInput>,
  <ReferenceInput key="person_id" source="person_id" reference="persons" alwaysOn>
    <AutocompleteInput optionText="full_name" label="resources.audit_log.fields.person_id" filterToQuery={(q) => ({ q })} sx={{ minWidth: 240 }} />
  </ReferenceInput>,
  <DateInput key="at@gte" source="at@gte" label="sejahtera.audit.from" alwaysOn parse={dayStart} format={(v?: string) => v?.slice(0, 10) ?? ''} />,
  <DateInput key="at@lte" source="at@lte" label="sejahtera.audit.to" alwaysOn parse={dayEnd} format={(v?: string) => v?.slice(0, 10) ?? ''} />,
  <SelectInput key="action" source="action" choices={actions.map((id) => ({ id, name: `sejahtera.audit.action.${id}` }))} />,
  <TextInput key="table_name" source="table_name" />,
];

export const AuditLogList = () => (
  <List filters={filters} sort={{ field: 'at', order: 'DESC' }} exporter={false} perPage={50}>
    <DataTable bulkActionButtons={false} rowClick={false}>
      <DataTable.Col source="at">
        <DateTimeField source="at" />
      </DataTable.Col>
      <DataTable.Col source="actor_id" disableSort>
        <ReferenceField source="actor_id" reference="staff" link={false} emptyText="-">
          <TextField source="full_name" />
        </ReferenceField>
      </DataTable.Col>
      <DataTable.Col source="actor_role" />
      <DataTable.Col source="action">
        <EnumField source="action" group="audit.action" />
      </DataTable.Col>
      <DataTable.Col source="table_name" />
      <DataTable.Col source="person_id" disableSort>
        <ReferenceField source="person_id" reference="persons" link="show" emptyText="-">
          <TextField source="full_name" />
        </ReferenceField>
      </DataTable.Col>
      <DataTable.Col source="changed_columns" disableSort>
        <FunctionField render={(r: { changed_columns: string[] | null }) => r.changed_columns?.join(', ') ?? ''} />
      </DataTable.Col>
    </DataTable>
  </List>
);
