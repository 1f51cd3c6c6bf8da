/**
 * The call centre's tickets by status (default: open, waiting for an agent), the longest waiting
 * first, from feedback_ticket_summary: the sender's name and masked phone only.
 */
import { Chip } from '@mui/material';
import { DataTable, FunctionField, List, NumberField, SelectInput, TextField, useTranslate } from 'react-admin';
import { DateTimeField } from '../common/fields.tsx';

export const ticketStatuses = ['open', 'answered', 'closed'] as const;

const filters = [
  <SelectInput key="status" source="status" alwaysOn choices={ticketStatuses.map((id) => ({ id, name: `sejahtera.feedback.status.${id}` }))} />,
];

export const TicketStatusChip = ({ status }: { status: string | undefined }) => {
  const translate = useTranslate();
  if (!status) return null;
  return (
    <Chip size="small" color={status === 'open' ? 'warning' : status === 'answered' ? 'info' : 'default'} variant="outlined" label={translate(`sejahtera.feedback.status.${status}`)} />
  );
};

export const FeedbackList = () => {
  const translate = useTranslate();
  return (
    <List filters={filters} filterDefaultValues={{ status: 'open' }} sort={{ field: 'updated_at', order: 'ASC' }} exporter={false}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="subject" />
        <DataTable.Col source="category">
          <FunctionField render={(r: { category: string }) => translate(`sejahtera.feedback.category.${r.category}`, { _: r.category })} />
        </DataTable.Col>
        <DataTable.Col source="status">
          <FunctionField render={(r: { status: string }) => <TicketStatusChip status={r.status} />} />
        </DataTable.Col>
        <DataTable.Col source="sender_name">
          <TextField source="sender_name" emptyText="-" />
        </DataTable.Col>
        <DataTable.Col source="sender_phone_masked" disableSort />
        <DataTable.Col source="message_count">
          <NumberField source="message_count" />
        </DataTable.Col>
        <DataTable.Col source="updated_at">
          <DateTimeField source="updated_at" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
