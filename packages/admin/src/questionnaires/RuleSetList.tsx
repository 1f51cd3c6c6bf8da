/**
 * Rule set versions: how declarations are judged (symptom thresholds per group) and contacts monitored
 * (the monitoring period, non-reporting after hours, lost to follow-up after days). The newest
 * published is current; a published version is frozen. A new version is published from the form.
 */
import { DataTable, List } from 'react-admin';
import { DateTimeField } from '../common/fields.tsx';

export const RuleSetList = () => (
  <List sort={{ field: 'version', order: 'DESC' }} exporter={false}>
    <DataTable bulkActionButtons={false} rowClick={false}>
      <DataTable.Col source="version" />
      <DataTable.NumberCol source="group1_threshold" />
      <DataTable.NumberCol source="group2_threshold" />
      <DataTable.NumberCol source="monitoring_days" />
      <DataTable.NumberCol source="non_reporting_hours" />
      <DataTable.NumberCol source="lost_after_days" />
      <DataTable.Col source="published_at">
        <DateTimeField source="published_at" emptyText="-" />
      </DataTable.Col>
    </DataTable>
  </List>
);

