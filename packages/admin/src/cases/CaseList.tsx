/** Confirmed cases in the officer's jurisdiction (and those they handle), from cases_summary. */
import { DataTable, List, SearchInput, SelectInput, TextField, useTranslate } from 'react-admin';
import { CalendarDateField, EnumField } from '../common/fields.tsx';

export const caseStatuses = ['active', 'recovered', 'deceased', 'closed'] as const;

export const CaseList = () => {
  const translate = useTranslate();
  const filters = [
    <SearchInput
      key="case_number@ilike"
      source="case_number@ilike"
      alwaysOn
      placeholder={translate('sejahtera.cases.search')}
      inputProps={{ 'aria-label': translate('sejahtera.cases.search') }}
    />,
    <SelectInput key="status" source="status" alwaysOn choices={caseStatuses.map((id) => ({ id, name: `sejahtera.case_status.${id}` }))} />,
  ];
  return (
    <List filters={filters} filterDefaultValues={{ status: 'active' }} sort={{ field: 'diagnosis_date', order: 'DESC' }} exporter={false}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="case_number" />
        <DataTable.Col source="full_name" field={TextField} />
        <DataTable.Col source="diagnosis_date" field={CalendarDateField} />
        <DataTable.Col source="status" render={() => <EnumField source="status" group="case_status" />} />
        <DataTable.Col source="district_name" />
        <DataTable.NumberCol source="contact_count" />
        <DataTable.NumberCol source="monitored_count" />
      </DataTable>
    </List>
  );
};
