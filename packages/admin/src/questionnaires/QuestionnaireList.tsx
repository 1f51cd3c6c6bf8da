/** Questionnaire versions, newest first: published (the newest published is current) or draft. */
import { DataTable, FunctionField, List, useLocaleState } from 'react-admin';
import { DateTimeField } from '../common/fields.tsx';

export const QuestionnaireList = () => {
  const [locale] = useLocaleState();
  return (
    <List sort={{ field: 'version', order: 'DESC' }} exporter={false}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="version" />
        <DataTable.Col source="title" disableSort>
          <FunctionField render={(r: { title: Record<string, string> }) => r.title?.[locale] ?? r.title?.ms} />
        </DataTable.Col>
        <DataTable.Col source="published_at">
          <DateTimeField source="published_at" emptyText="-" />
        </DataTable.Col>
        <DataTable.Col source="created_at">
          <DateTimeField source="created_at" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
