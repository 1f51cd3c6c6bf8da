/**
 * A case: who, when, how it stands, its contacts (with their monitoring and whether they have an
 * account yet) and what an officer does next: add a contact, import a file of them, enter a lab
 * result for the case's person, close the case.
 */
import AddIcon from '@mui/icons-material/PersonAdd';
import UploadIcon from '@mui/icons-material/UploadFile';
import ScienceIcon from '@mui/icons-material/Science';
import { Box, Card, CardContent, Stack, Typography } from '@mui/material';
import {
  BooleanField,
  Button,
  DataTable,
  Labeled,
  Link,
  NumberField,
  ReferenceManyField,
  Show,
  TextField,
  TopToolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { Link as RouterLink } from 'react-router-dom';
import { CalendarDateField, DateTimeField, EnumField, StatusChip } from '../common/fields.tsx';
import { CloseCaseButton } from './CloseCaseButton.tsx';

const CaseActions = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  const active = record.status === 'active';
  return (
    <TopToolbar>
      {active ? (
        <>
          <Button component={RouterLink} to={`/contacts/create?case_id=${record.id}`} label={translate('sejahtera.cases.add_contact')}>
            <AddIcon />
          </Button>
          <Button component={RouterLink} to={`/cases/${record.id}/import`} label={translate('sejahtera.cases.import_contacts')}>
            <UploadIcon />
          </Button>
        </>
      ) : null}
      {record.full_name ? (
        <Button component={RouterLink} to={`/lab_results/create?person_id=${record.person_id}`} label={translate('sejahtera.labs.enter')}>
          <ScienceIcon />
        </Button>
      ) : null}
      <CloseCaseButton />
    </TopToolbar>
  );
};

const PersonLink = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  if (!record.full_name) return <Typography>{translate('sejahtera.cases.person_hidden')}</Typography>;
  return <Link to={`/persons/${record.person_id}/show`}>{record.full_name}</Link>;
};

const CaseSummary = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Card variant="outlined" component="section" aria-label={translate('sejahtera.cases.summary')}>
      <CardContent>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
          <Typography variant="h5" component="h1">
            {translate('sejahtera.cases.title', { case_number: record.case_number })}
          </Typography>
          <EnumField source="status" group="case_status" />
        </Stack>
        <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'repeat(4, 1fr)' }, gap: 2 }}>
          <Labeled source="full_name"><PersonLink /></Labeled>
          <Labeled source="identity_masked"><TextField source="identity_masked" emptyText="-" /></Labeled>
          <Labeled source="person_status"><StatusChip status={record.person_status} /></Labeled>
          <Labeled source="diagnosis_date"><CalendarDateField source="diagnosis_date" /></Labeled>
          <Labeled source="source"><EnumField source="source" group="case_source" /></Labeled>
          <Labeled source="district_name"><TextField source="district_name" emptyText="-" /></Labeled>
          <Labeled source="outbreak_code"><TextField source="outbreak_code" emptyText="-" /></Labeled>
          <Labeled source="contact_count"><NumberField source="contact_count" /></Labeled>
          {record.status !== 'active' ? (
            <>
              <Labeled source="closed_at"><DateTimeField source="closed_at" /></Labeled>
              <Labeled source="close_reason"><TextField source="close_reason" emptyText="-" /></Labeled>
            </>
          ) : null}
        </Box>
      </CardContent>
    </Card>
  );
};

export const CaseContacts = () => {
  const translate = useTranslate();
  return (
    <Card variant="outlined" component="section" aria-label={translate('sejahtera.cases.contacts')}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {translate('sejahtera.cases.contacts')}
        </Typography>
        <ReferenceManyField reference="contacts" target="case_id" sort={{ field: 'created_at', order: 'ASC' }} perPage={50}>
          <DataTable
            bulkActionButtons={false}
            rowClick={(_id, _resource, record) => `/persons/${record.person_id}/show`}
            empty={<Typography sx={{ color: 'text.secondary' }}>{translate('sejahtera.cases.no_contacts')}</Typography>}
          >
            <DataTable.Col source="full_name" label="resources.contacts.fields.full_name" />
            <DataTable.Col source="phone" label="resources.contacts.fields.phone" />
            <DataTable.Col source="identity_masked" label="resources.contacts.fields.identity_masked" />
            <DataTable.Col source="setting" label="resources.contacts.fields.setting" render={(r) => translate(`sejahtera.setting.${r.setting}`)} />
            <DataTable.Col source="last_exposure_date" label="resources.contacts.fields.last_exposure_date" field={CalendarDateField} />
            <DataTable.Col source="status" label="resources.contacts.fields.status" render={(r) => <StatusChip status={r.status} />} />
            <DataTable.Col
              source="monitoring_state"
              label="resources.contacts.fields.monitoring_state"
              render={(r) => (r.monitoring_state ? translate(`sejahtera.monitoring_state.${r.monitoring_state}`) : '-')}
            />
            <DataTable.Col source="has_account" label="resources.contacts.fields.has_account" field={BooleanField} />
          </DataTable>
        </ReferenceManyField>
      </CardContent>
    </Card>
  );
};

export const CaseShow = () => (
  <Show actions={<CaseActions />} component="div" queryOptions={{ refetchOnWindowFocus: false }}>
    <Stack spacing={2}>
      <CaseSummary />
      <CaseContacts />
    </Stack>
  </Show>
);
