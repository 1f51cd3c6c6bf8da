/** What an officer does on a line-list row: mark a symptomatic report reviewed, record a contact attempt, close with a reason. */
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField } from '@mui/material';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import type { SejahteraDataProvider } from '../providers/dataProvider.ts';

function useAction<T>(work: () => Promise<T>, done: string) {
  const notify = useNotify();
  const refresh = useRefresh();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: work,
    onSuccess: () => {
      notify(done, { type: 'success' });
      void queryClient.invalidateQueries({ queryKey: ['monitoring_list_counts'] });
      refresh();
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
}

const CloseMonitoring = ({ id, name }: { id: string; name: string }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<SejahteraDataProvider>();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const close = useAction(() => dataProvider.closeMonitoring(id, reason), 'sejahtera.monitoring.closed');
  const missing = reason.trim() === '';
  return (
    <>
      <Button size="small" color="warning" onClick={() => setOpen(true)}>
        {translate('sejahtera.monitoring.close')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby={`close-${id}`} fullWidth maxWidth="sm" onClick={(e) => e.stopPropagation()}>
        <DialogTitle id={`close-${id}`}>{translate('sejahtera.monitoring.close_title', { name })}</DialogTitle>
        <DialogContent>
          <TextField
            autoFocus
            fullWidth
            multiline
            minRows={2}
            sx={{ mt: 1 }}
            label={translate('sejahtera.monitoring.close_reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
            helperText={translate('sejahtera.monitoring.close_reason_help')}
            slotProps={{ htmlInput: { maxLength: 1000 } }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
          <Button
            variant="contained"
            disabled={missing || close.isPending}
            onClick={() => close.mutate(undefined, { onSuccess: () => setOpen(false) })}
          >
            {translate('sejahtera.monitoring.close_confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};

export const MonitoringActions = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const dataProvider = useDataProvider<SejahteraDataProvider>();
  const id = String(record?.monitoring_id ?? record?.id ?? '');
  const review = useAction(() => dataProvider.markReviewed(id), 'sejahtera.monitoring.reviewed');
  const attempt = useAction(() => dataProvider.recordContactAttempt(id), 'sejahtera.monitoring.attempt_recorded');
  if (!record || record.state !== 'active') return null;
  return (
    <Stack direction="row" spacing={1} onClick={(e) => e.stopPropagation()}>
      {record.line_list === 'symptomatic' ? (
        <Button size="small" disabled={review.isPending} onClick={() => review.mutate()}>
          {translate('sejahtera.monitoring.mark_reviewed')}
        </Button>
      ) : null}
      <Button size="small" disabled={attempt.isPending} onClick={() => attempt.mutate()}>
        {translate('sejahtera.monitoring.record_attempt')}
      </Button>
      <CloseMonitoring id={id} name={String(record.full_name ?? '')} />
    </Stack>
  );
};
