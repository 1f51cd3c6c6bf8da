/** Lab results the officer may see (lab_results_summary), latest sample first. */
import { DataTable, List, SelectInput } from 'react-admin';
import { CalendarDateField, DateTimeField, EnumField, StatusChip } from '../common/fields.tsx';

export const LabResultList = () => (
  <List
    filters={[<SelectInput key="result" source="result" alwaysOn choices={['positive', 'negative', 'inconclusive'].map((id) => ({ id, name: `sejahtera.lab_result.${id}` }))} />]}
    sort={{ field: 'sampled_on', order: 'DESC' }}
    exporter={false}
  >
    <DataTable rowClick={(_id, _resource, record) => `/persons/${record.person_id}/show`} bulkActionButtons={false}>
      <DataTable.Col source="full_name" />
      <DataTable.Col source="identity_masked" />
      <DataTable.Col source="test_type" render={() => <EnumField source="test_type" group="lab_test" />} />
      <DataTable.Col source="result" render={() => <EnumField source="result" group="lab_result" />} />
      <DataTable.Col source="sampled_on" field={CalendarDateField} />
      <DataTable.Col source="laboratory" />
      <DataTable.Col source="status" render={(r) => <StatusChip status={r.status} />} />
      <DataTable.Col source="created_at" field={DateTimeField} />
    </DataTable>
  </List>
);
