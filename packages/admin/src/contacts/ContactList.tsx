/** Every exposure the officer may see (contacts_summary): who, of which case, and how their monitoring stands. */
import { BooleanField, DataTable, List, SearchInput, useTranslate } from 'react-admin';
import { CalendarDateField, StatusChip } from '../common/fields.tsx';

export const ContactList = () => {
  const translate = useTranslate();
  const filters = [
    <SearchInput
      key="full_name@ilike"
      source="full_name@ilike"
      alwaysOn
      placeholder={translate('sejahtera.contacts.search')}
      inputProps={{ 'aria-label': translate('sejahtera.contacts.search') }}
    />,
  ];
  return (
    <List filters={filters} sort={{ field: 'created_at', order: 'DESC' }} exporter={false}>
      <DataTable rowClick={(_id, _resource, record) => `/persons/${record.person_id}/show`} bulkActionButtons={false}>
        <DataTable.Col source="full_name" />
        <DataTable.Col source="case_number" />
        <DataTable.Col source="phone" />
        <DataTable.Col source="setting" render={(r) => translate(`sejahtera.setting.${r.setting}`)} />
        <DataTable.Col source="last_exposure_date" field={CalendarDateField} />
        <DataTable.Col source="status" render={(r) => <StatusChip status={r.status} />} />
        <DataTable.Col source="monitoring_state" render={(r) => (r.monitoring_state ? translate(`sejahtera.monitoring_state.${r.monitoring_state}`) : '-')} />
        <DataTable.Col source="has_account" field={BooleanField} />
      </DataTable>
    </List>
  );
};
