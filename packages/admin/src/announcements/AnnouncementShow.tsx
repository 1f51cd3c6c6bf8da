/**
 * An announcement in both languages with its audience and state; a draft can be edited or published.
 * Publishing asks for confirmation, then the database puts it in its audience's inboxes, once.
 */
import { Box, Divider, Typography } from '@mui/material';
import SendIcon from '@mui/icons-material/Send';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  Button,
  Confirm,
  EditButton,
  Labeled,
  Show,
  SimpleShowLayout,
  TopToolbar,
  useDataProvider,
  useNotify,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { SejahteraDataProvider } from '../providers/dataProvider.ts';
import { DateTimeField } from '../common/fields.tsx';
import { PublishedChip } from './AnnouncementList.tsx';
import { TargetField } from './TargetField.tsx';

const PublishButton = () => {
  const record = useRecordContext();
  const dataProvider = useDataProvider<SejahteraDataProvider>();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.publishAnnouncement(String(record?.id)),
    onSuccess: () => {
      notify('sejahtera.announcements.published_notice', { type: 'success' });
      queryClient.invalidateQueries({ queryKey: ['announcements'] });
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  if (!record || record.published_at) return null;
  return (
    <>
      <Button label="sejahtera.announcements.publish" onClick={() => setOpen(true)} disabled={isPending}>
        <SendIcon />
      </Button>
      <Confirm
        isOpen={open}
        title="sejahtera.announcements.publish_title"
        content="sejahtera.announcements.publish_confirm"
        onConfirm={() => {
          setOpen(false);
          mutate();
        }}
        onClose={() => setOpen(false)}
      />
    </>
  );
};

const Actions = () => {
  const record = useRecordContext();
  return (
    <TopToolbar>
      {record && !record.published_at ? <EditButton /> : null}
      <PublishButton />
    </TopToolbar>
  );
};

const Texts = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Box>
      {(['ms', 'en'] as const).map((language, i) => (
        <Box key={language} lang={language} sx={{ mb: 2 }}>
          {i ? <Divider sx={{ mb: 2 }} /> : null}
          <Typography variant="caption" sx={{ color: 'text.secondary' }}>
            {translate(`sejahtera.language.${language}`)}
          </Typography>
          <Typography variant="h6" component="p">
            {record.title?.[language]}
          </Typography>
          <Typography sx={{ whiteSpace: 'pre-wrap' }}>{record.body?.[language]}</Typography>
        </Box>
      ))}
    </Box>
  );
};

const State = () => {
  const record = useRecordContext();
  return <PublishedChip publishedAt={record?.published_at} />;
};

export const AnnouncementShow = () => (
  <Show actions={<Actions />}>
    <SimpleShowLayout>
      <Texts />
      <Labeled source="target_kind">
        <TargetField />
      </Labeled>
      <Labeled label="sejahtera.announcements.state">
        <State />
      </Labeled>
      <DateTimeField source="published_at" emptyText="-" />
      <DateTimeField source="created_at" />
    </SimpleShowLayout>
  </Show>
);
