/**
 * The officer's line lists, one tab each with its count (public.monitoring_list_counts): symptomatic
 * (needs review), non-reporting, asymptomatic, test advised (PUI awaiting a result), closed. Rows come
 * from monitoring_summary, which files each monitoring period on its list in SQL.
 */
import { Tab, Tabs } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { DataTable, List, NumberField, useDataProvider, useListContext, useTranslate } from 'react-admin';
import type { SejahteraDataProvider } from '../providers/dataProvider.ts';
import { CalendarDateField, DateTimeField, EnumField, StatusChip } from '../common/fields.tsx';
import { MonitoringActions } from './MonitoringActions.tsx';

export const lineLists = ['symptomatic', 'non_reporting', 'asymptomatic', 'test_advised', 'closed'] as const;

const LineListTabs = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<SejahteraDataProvider>();
  const { filterValues, setFilters, displayedFilters } = useListContext();
  const { data: counts } = useQuery({ queryKey: ['monitoring_list_counts'], queryFn: () => dataProvider.lineListCounts() });
  const current = (filterValues.line_list as string) ?? 'symptomatic';
  return (
    <Tabs
      value={current}
      onChange={(_e, value: string) => setFilters({ ...filterValues, line_list: value }, displayedFilters)}
      variant="scrollable"
      aria-label={translate('sejahtera.monitoring.lists')}
    >
      {lineLists.map((list) => (
        <Tab key={list} value={list} data-list={list} label={`${translate(`sejahtera.line_list.${list}`)} (${counts?.[list] ?? '…'})`} />
      ))}
    </Tabs>
  );
};

export const MonitoringList = () => {
  const translate = useTranslate();
  return (
    <List filterDefaultValues={{ line_list: 'symptomatic' }} sort={{ field: 'starts_on', order: 'ASC' }} exporter={false} perPage={25}>
      <LineListTabs />
      <DataTable rowClick={(_id, _resource, record) => `/persons/${record.person_id}/show`} bulkActionButtons={false}>
        <DataTable.Col source="full_name" />
        <DataTable.Col source="phone" />
        <DataTable.Col source="case_number" render={(r) => r.case_number ?? translate('sejahtera.monitoring.case_elsewhere')} />
        <DataTable.Col source="status" render={(r) => <StatusChip status={r.status} />} />
        <DataTable.Col source="ends_on" field={CalendarDateField} />
        <DataTable.Col source="last_report_at" field={DateTimeField} />
        <DataTable.NumberCol source="contact_attempts" field={NumberField} />
        {/* The closed list says how each period ended; the others are all active. */}
        <DataTable.Col source="state" render={(r) => (r.state === 'active' ? <MonitoringActions /> : <EnumField source="state" group="monitoring_state" />)} label="sejahtera.monitoring.actions" />
      </DataTable>
    </List>
  );
};
