/**
 * Adding one contact to a case: by name and phone and/or identity document, with the live match
 * preview; the SDK's addContact matches them to an existing person or enters a pending person (who is
 * invited, and linked when they register), and starts their monitoring.
 */
import { Box, Stack, Typography } from '@mui/material';
import {
  AutocompleteInput,
  Create,
  DateInput,
  type RaRecord,
  ReferenceInput,
  SelectInput,
  SimpleForm,
  TextInput,
  required,
  useNotify,
  useRedirect,
  useTranslate,
} from 'react-admin';
import { useLocation } from 'react-router-dom';
import { MatchPreview } from './MatchPreview.tsx';

export const contactSettings = ['household', 'workplace', 'school', 'social', 'healthcare', 'travel', 'religious', 'other'] as const;
export const identityTypes = ['mykad', 'mypr', 'passport', 'other'] as const;

export const ContactCreate = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const caseId = new URLSearchParams(useLocation().search).get('case_id');
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Kuala_Lumpur' });
  const onSuccess = (data: RaRecord) => {
    notify(`sejahtera.contacts.added.${data.outcome}`, { type: 'success' });
    redirect('show', 'cases', data.case_id);
  };
  return (
    <Create mutationMode="pessimistic" mutationOptions={{ onSuccess }}>
      <SimpleForm defaultValues={{ case_id: caseId ?? undefined, proximity: 'close', setting: 'household', last_exposure_date: today, nationality: 'MY' }}>
        <ReferenceInput source="case_id" reference="cases" filter={{ status: 'active' }}>
          <AutocompleteInput
            optionText="case_number"
            validate={required()}
            label="resources.contacts.fields.case_id"
            filterToQuery={(q: string) => ({ 'case_number@ilike': q })}
            sx={{ minWidth: 360 }}
          />
        </ReferenceInput>
        <TextInput source="full_name" validate={required()} sx={{ minWidth: 360 }} />
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          {translate('sejahtera.contacts.identify_help')}
        </Typography>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
          <TextInput source="phone" helperText="sejahtera.contacts.phone_help" />
          <SelectInput source="identity_type" choices={identityTypes.map((id) => ({ id, name: `sejahtera.identity_type.${id}` }))} emptyText="-" />
          <TextInput source="identity_number" />
          <TextInput source="nationality" helperText="sejahtera.contacts.nationality_help" />
        </Stack>
        <Box sx={{ width: '100%', maxWidth: 720, mb: 2 }}>
          <MatchPreview />
        </Box>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
          <SelectInput source="setting" choices={contactSettings.map((id) => ({ id, name: `sejahtera.setting.${id}` }))} validate={required()} />
          <SelectInput source="proximity" choices={['close', 'casual'].map((id) => ({ id, name: `sejahtera.proximity.${id}` }))} validate={required()} />
          <DateInput source="last_exposure_date" validate={required()} />
        </Stack>
      </SimpleForm>
    </Create>
  );
};
