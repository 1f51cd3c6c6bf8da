/**
 * Entering a test result for a person the officer traces (from the person's or the case's page). The
 * database decides what it means: a positive result makes the person a confirmed case; any result is
 * told to the person. Afterwards the officer lands on the person's page, with the new status.
 */
import { Alert } from '@mui/material';
import { AutocompleteInput, Create, DateInput, type RaRecord, ReferenceInput, SelectInput, SimpleForm, TextInput, required, useRedirect, useTranslate } from 'react-admin';
import { useLocation } from 'react-router-dom';

export const LabResultCreate = () => {
  const translate = useTranslate();
  const redirect = useRedirect();
  const person = new URLSearchParams(useLocation().search).get('person_id');
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Kuala_Lumpur' });
  return (
    <Create mutationMode="pessimistic" mutationOptions={{ onSuccess: (data: RaRecord) => redirect('show', 'persons', data.person_id) }}>
      <SimpleForm defaultValues={{ person_id: person ?? undefined, test_type: 'pcr', sampled_on: today }}>
        <Alert severity="info" variant="outlined" sx={{ mb: 2 }}>
          {translate('sejahtera.labs.positive_makes_case')}
        </Alert>
        <ReferenceInput source="person_id" reference="persons">
          <AutocompleteInput optionText="full_name" validate={required()} filterToQuery={(q: string) => ({ q })} label="resources.lab_results.fields.person_id" sx={{ minWidth: 360 }} />
        </ReferenceInput>
        <SelectInput source="test_type" choices={['pcr', 'antigen'].map((id) => ({ id, name: `sejahtera.lab_test.${id}` }))} validate={required()} />
        <SelectInput source="result" choices={['positive', 'negative', 'inconclusive'].map((id) => ({ id, name: `sejahtera.lab_result.${id}` }))} validate={required()} />
        <DateInput source="sampled_on" validate={required()} />
        <TextInput source="laboratory" sx={{ minWidth: 360 }} />
      </SimpleForm>
    </Create>
  );
};
