/**
 * A ticket and its thread, oldest message first; an agent replies (the sender is notified by the
 * database, and the ticket becomes answered) and changes the ticket's status.
 */
import { Alert, Box, Card, CardContent, MenuItem, Stack, TextField, Typography } from '@mui/material';
import SendIcon from '@mui/icons-material/Send';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  Button,
  Labeled,
  Show,
  SimpleShowLayout,
  TextField as RaTextField,
  useDataProvider,
  useLocaleState,
  useNotify,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { FeedbackTicket } from '@sejahtera/sdk/staff';
import type { SejahteraDataProvider } from '../providers/dataProvider.ts';
import { DateTimeField } from '../common/fields.tsx';
import { TicketStatusChip, ticketStatuses } from './FeedbackList.tsx';

const Thread = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const notify = useNotify();
  const [locale] = useLocaleState();
  const dataProvider = useDataProvider<SejahteraDataProvider>();
  const queryClient = useQueryClient();
  const id = String(record?.id ?? '');
  const [message, setMessage] = useState('');
  const [key, setKey] = useState(() => crypto.randomUUID());
  const thread = useQuery({ queryKey: ['feedback_thread', id], queryFn: () => dataProvider.feedbackThread(id), enabled: !!id });
  const refresh = () => {
    queryClient.invalidateQueries({ queryKey: ['feedback_thread', id] });
    queryClient.invalidateQueries({ queryKey: ['feedback_tickets'] });
  };
  const reply = useMutation({
    mutationFn: () => dataProvider.feedbackReply(id, message, key),
    onSuccess: () => {
      setMessage('');
      setKey(crypto.randomUUID());
      notify('sejahtera.feedback.replied', { type: 'success' });
      refresh();
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  const status = useMutation({
    mutationFn: (next: FeedbackTicket['status']) => dataProvider.feedbackSetStatus(id, next),
    onSuccess: () => {
      notify('sejahtera.feedback.status_changed', { type: 'success' });
      refresh();
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  if (!record) return null;
  const tooLong = message.trim().length > 5000;
  const current = thread.data?.ticket.status ?? record.status;
  return (
    <Box sx={{ width: '100%' }}>
      <TextField
        select
        size="small"
        sx={{ width: 240, mb: 2 }}
        label={translate('sejahtera.feedback.change_status')}
        value={current}
        disabled={status.isPending}
        onChange={(e) => status.mutate(e.target.value as FeedbackTicket['status'])}
      >
        {ticketStatuses.map((s) => (
          <MenuItem key={s} value={s}>
            {translate(`sejahtera.feedback.status.${s}`)}
          </MenuItem>
        ))}
      </TextField>
      <Typography variant="h6" component="h2" gutterBottom>
        {translate('sejahtera.feedback.thread')}
      </Typography>
      {thread.error ? <Alert severity="error">{(thread.error as Error).message}</Alert> : null}
      <Stack spacing={1} component="ol" aria-label={translate('sejahtera.feedback.thread')} sx={{ listStyle: 'none', p: 0, m: 0 }}>
        {(thread.data?.messages ?? []).map((m) => (
          <Card
            key={m.id}
            component="li"
            variant="outlined"
            sx={{ alignSelf: m.from_staff ? 'flex-end' : 'flex-start', maxWidth: '80%', bgcolor: m.from_staff ? 'action.hover' : 'background.paper' }}
          >
            <CardContent sx={{ py: 1, '&:last-child': { pb: 1 } }}>
              <Typography variant="caption" sx={{ color: 'text.secondary' }}>
                {translate(m.from_staff ? 'sejahtera.feedback.from_staff' : 'sejahtera.feedback.from_sender')} ·{' '}
                {new Date(m.created_at).toLocaleString(locale === 'en' ? 'en-MY' : 'ms-MY', { timeZone: 'Asia/Kuala_Lumpur', dateStyle: 'medium', timeStyle: 'short' })}
              </Typography>
              <Typography sx={{ whiteSpace: 'pre-wrap' }}>{m.body}</Typography>
            </CardContent>
          </Card>
        ))}
      </Stack>
      <Box
        component="form"
        sx={{ mt: 2, display: 'flex', gap: 1, alignItems: 'flex-start' }}
        onSubmit={(e) => {
          e.preventDefault();
          if (message.trim() && !tooLong) reply.mutate();
        }}
      >
        <TextField
          multiline
          minRows={2}
          fullWidth
          name="reply"
          label={translate('sejahtera.feedback.reply')}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          error={tooLong}
          helperText={tooLong ? translate('sejahtera.feedback.too_long') : undefined}
        />
        <Button type="submit" variant="contained" label="sejahtera.feedback.send" disabled={!message.trim() || tooLong || reply.isPending}>
          <SendIcon />
        </Button>
      </Box>
    </Box>
  );
};

const Status = () => {
  const record = useRecordContext();
  return <TicketStatusChip status={record?.status} />;
};

export const FeedbackShow = () => (
  <Show>
    <SimpleShowLayout>
      <RaTextField source="subject" />
      <Stack direction="row" spacing={4}>
        <Labeled source="status">
          <Status />
        </Labeled>
        <Labeled source="created_at">
          <DateTimeField source="created_at" />
        </Labeled>
        <Labeled source="updated_at">
          <DateTimeField source="updated_at" />
        </Labeled>
      </Stack>
      <Thread />
    </SimpleShowLayout>
  </Show>
);
