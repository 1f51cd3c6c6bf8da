/** Announcements the signed-in staff member may write (their jurisdiction's), drafts and published. */
import { Chip } from '@mui/material';
import { DataTable, FunctionField, List, SelectInput, useLocaleState, useTranslate } from 'react-admin';
import { DateTimeField } from '../common/fields.tsx';
import { TargetField } from './TargetField.tsx';

const filters = [
  <SelectInput
    key="published_at@is"
    source="published_at@is"
    label="sejahtera.announcements.state"
    alwaysOn
    choices={[{ id: 'null', name: 'sejahtera.announcements.draft' }]}
  />,
];

export const PublishedChip = ({ publishedAt }: { publishedAt: unknown }) => {
  const translate = useTranslate();
  return publishedAt ? (
    <Chip size="small" color="success" variant="outlined" label={translate('sejahtera.announcements.published')} />
  ) : (
    <Chip size="small" variant="outlined" label={translate('sejahtera.announcements.draft')} />
  );
};

export const AnnouncementList = () => {
  const [locale] = useLocaleState();
  return (
    <List filters={filters} sort={{ field: 'created_at', order: 'DESC' }} exporter={false}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="title" disableSort>
          <FunctionField render={(record: { title?: Record<string, string> }) => record.title?.[locale] ?? record.title?.ms} />
        </DataTable.Col>
        <DataTable.Col source="target_kind" disableSort>
          <TargetField />
        </DataTable.Col>
        <DataTable.Col source="published_at" label="sejahtera.announcements.state">
          <FunctionField render={(record: { published_at?: string }) => <PublishedChip publishedAt={record.published_at} />} />
        </DataTable.Col>
        <DataTable.Col source="created_at">
          <DateTimeField source="created_at" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
