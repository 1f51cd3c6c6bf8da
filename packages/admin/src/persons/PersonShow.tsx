/**
 * A person's record: profile, status history, assessments (newest first), exposures as a contact,
 * monitoring periods, own cases and lab results, all from one audited person_detail call.
 */
import { Alert, Box, Card, CardContent, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import {
  ArrayField,
  BooleanField,
  DataTable,
  Labeled,
  NumberField,
  ReferenceField,
  Show,
  TextField,
  useNotify,
  useRecordContext,
  useRedirect,
  useTranslate,
} from 'react-admin';
import { CalendarDateField, DateTimeField, EnumField, StatusChip } from '../common/fields.tsx';
import { PersonTracingActions } from '../cases/PersonTracingActions.tsx';

const Section = ({ title, children }: { title: string; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Card variant="outlined" component="section" aria-label={translate(title)}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {translate(title)}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
};

const Empty = ({ message }: { message: string }) => {
  const translate = useTranslate();
  return <Typography sx={{ color: 'text.secondary' }}>{translate(message)}</Typography>;
};

const Profile = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Section title="sejahtera.persons.sections.profile">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="h5" component="p">{record.full_name}</Typography>
        <StatusChip status={record.status} />
        {record.symptomatic ? <Typography color="error">{translate('sejahtera.persons.symptomatic')}</Typography> : null}
      </Stack>
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'repeat(4, 1fr)' }, gap: 2 }}>
        <Labeled source="identity_masked"><TextField source="identity_masked" emptyText="-" /></Labeled>
        <Labeled source="phone"><TextField source="phone" emptyText="-" /></Labeled>
        <Labeled source="email"><TextField source="email" emptyText="-" /></Labeled>
        <Labeled source="date_of_birth"><CalendarDateField source="date_of_birth" emptyText="-" /></Labeled>
        <Labeled source="gender"><EnumField source="gender" group="gender" /></Labeled>
        <Labeled source="district_code">
          <ReferenceField source="district_code" reference="districts" link={false} emptyText="-" />
        </Labeled>
        <Labeled source="postcode"><TextField source="postcode" emptyText="-" /></Labeled>
        <Labeled source="status_since"><DateTimeField source="status_since" /></Labeled>
      </Box>
    </Section>
  );
};

export const PersonShow = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  // The database says why a record cannot be opened (e.g. outside the officer's jurisdiction). Every
  // fetch is an audited read, so the record is not refetched on window focus or retried.
  const onError = (error: Error) => {
    notify(error.message, { type: 'error' });
    redirect('list', 'persons');
  };
  const enumLabel = (group: string, value: unknown) => (value == null ? '' : translate(`sejahtera.${group}.${String(value)}`));
  return (
  <Show component="div" actions={<PersonTracingActions />} queryOptions={{ onError, retry: false, refetchOnWindowFocus: false }}>
    <Stack spacing={2}>
      <Alert severity="info" variant="outlined">
        <AuditNotice />
      </Alert>
      <Profile />
      <Section title="sejahtera.persons.sections.status_history">
        <ArrayField source="status_history">
          <DataTable bulkActionButtons={false} empty={<Empty message="sejahtera.persons.empty.status_history" />}>
            <DataTable.Col source="changed_at" label="sejahtera.persons.history.at" field={DateTimeField} />
            <DataTable.Col source="from_status" label="sejahtera.persons.history.from" render={(r) => <StatusChip status={r.from_status} />} />
            <DataTable.Col source="to_status" label="sejahtera.persons.history.to" render={(r) => <StatusChip status={r.to_status} />} />
            <DataTable.Col source="reason" label="sejahtera.persons.history.reason" />
            <DataTable.Col source="source" label="sejahtera.persons.history.source" />
          </DataTable>
        </ArrayField>
      </Section>
      <Section title="sejahtera.persons.sections.assessments">
        <ArrayField source="assessments">
          <DataTable bulkActionButtons={false} empty={<Empty message="sejahtera.persons.empty.assessments" />}>
            <DataTable.Col source="submitted_at" label="sejahtera.persons.assessment.submitted_at" field={DateTimeField} />
            <DataTable.Col source="kind" label="sejahtera.persons.assessment.kind" render={(r) => enumLabel('assessment_kind', r.kind)} />
            <DataTable.Col source="classification" label="sejahtera.persons.assessment.classification" render={(r) => <StatusChip status={r.classification} />} />
            <DataTable.Col source="symptomatic" label="sejahtera.persons.assessment.symptomatic" field={BooleanField} />
            <DataTable.Col source="exposed" label="sejahtera.persons.assessment.exposed" field={BooleanField} />
          </DataTable>
        </ArrayField>
      </Section>
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' }, gap: 2 }}>
        <Section title="sejahtera.persons.sections.contacts">
          <ArrayField source="contacts">
            <DataTable bulkActionButtons={false} empty={<Empty message="sejahtera.persons.empty.contacts" />}>
              <DataTable.Col source="case_number" label="sejahtera.persons.contact.case_number" />
              <DataTable.Col source="proximity" label="sejahtera.persons.contact.proximity" render={(r) => enumLabel('proximity', r.proximity)} />
              <DataTable.Col source="setting" label="sejahtera.persons.contact.setting" />
              <DataTable.Col source="last_exposure_date" label="sejahtera.persons.contact.last_exposure_date" field={CalendarDateField} />
            </DataTable>
          </ArrayField>
        </Section>
        <Section title="sejahtera.persons.sections.monitoring">
          <ArrayField source="monitoring">
            <DataTable bulkActionButtons={false} empty={<Empty message="sejahtera.persons.empty.monitoring" />}>
              <DataTable.Col source="starts_on" label="sejahtera.persons.monitoring.starts_on" field={CalendarDateField} />
              <DataTable.Col source="ends_on" label="sejahtera.persons.monitoring.ends_on" field={CalendarDateField} />
              <DataTable.Col source="state" label="sejahtera.persons.monitoring.state" render={(r) => enumLabel('monitoring_state', r.state)} />
              <DataTable.Col source="last_report_at" label="sejahtera.persons.monitoring.last_report_at" field={DateTimeField} />
            </DataTable>
          </ArrayField>
        </Section>
        <Section title="sejahtera.persons.sections.cases">
          <ArrayField source="cases">
            <DataTable bulkActionButtons={false} empty={<Empty message="sejahtera.persons.empty.cases" />}>
              <DataTable.Col source="case_number" label="sejahtera.persons.case.case_number" />
              <DataTable.Col source="diagnosis_date" label="sejahtera.persons.case.diagnosis_date" field={CalendarDateField} />
              <DataTable.Col source="source" label="sejahtera.persons.case.source" />
              <DataTable.Col source="status" label="sejahtera.persons.case.status" render={(r) => enumLabel('case_status', r.status)} />
              <DataTable.Col source="contact_count" label="sejahtera.persons.case.contact_count" field={NumberField} />
            </DataTable>
          </ArrayField>
        </Section>
        <Section title="sejahtera.persons.sections.lab_results">
          <ArrayField source="lab_results">
            <DataTable bulkActionButtons={false} empty={<Empty message="sejahtera.persons.empty.lab_results" />}>
              <DataTable.Col source="sampled_on" label="sejahtera.persons.lab.sampled_on" field={CalendarDateField} />
              <DataTable.Col source="test_type" label="sejahtera.persons.lab.test_type" render={(r) => enumLabel('lab_test', r.test_type)} />
              <DataTable.Col source="result" label="sejahtera.persons.lab.result" render={(r) => enumLabel('lab_result', r.result)} />
              <DataTable.Col source="laboratory" label="sejahtera.persons.lab.laboratory" />
            </DataTable>
          </ArrayField>
        </Section>
      </Box>
    </Stack>
  </Show>
  );
};

const AuditNotice = () => {
  const translate = useTranslate();
  return <>{translate('sejahtera.persons.audited')}</>;
};

