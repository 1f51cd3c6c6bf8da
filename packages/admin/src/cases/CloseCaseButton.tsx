/** Closing an active case: how it ended (recovered, deceased, closed) and why, through public.close_case. */
import LockIcon from '@mui/icons-material/Lock';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import type { SejahteraDataProvider } from '../providers/dataProvider.ts';

const endings = ['recovered', 'deceased', 'closed'] as const;
type Ending = (typeof endings)[number];

export const CloseCaseButton = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<SejahteraDataProvider>();
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<Ending>('recovered');
  const [reason, setReason] = useState('');
  const needsReason = status === 'closed' && reason.trim() === '';
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.closeCase(String(record?.id), status, reason.trim() || undefined),
    onSuccess: () => {
      setOpen(false);
      notify('sejahtera.cases.closed', { type: 'success' });
      refresh();
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  if (!record || record.status !== 'active') return null;
  return (
    <>
      <Button size="small" startIcon={<LockIcon />} onClick={() => setOpen(true)}>
        {translate('sejahtera.cases.close')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="close-case-title" fullWidth maxWidth="sm">
        <DialogTitle id="close-case-title">{translate('sejahtera.cases.close_title', { case_number: record.case_number })}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField select label={translate('sejahtera.cases.close_status')} value={status} onChange={(e) => setStatus(e.target.value as Ending)}>
              {endings.map((ending) => (
                <MenuItem key={ending} value={ending}>
                  {translate(`sejahtera.case_status.${ending}`)}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              label={translate('sejahtera.cases.close_reason')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              multiline
              minRows={2}
              required={status === 'closed'}
              error={needsReason}
              helperText={needsReason ? translate('sejahtera.cases.close_reason_required') : ' '}
              slotProps={{ htmlInput: { maxLength: 1000 } }}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
          <Button variant="contained" disabled={isPending || needsReason} onClick={() => mutate()}>
            {translate('sejahtera.cases.close_confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
