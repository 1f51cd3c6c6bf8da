/**
 * Recording a confirmed case of a person the officer traces (opened from the person's page, which
 * passes person_id). The SDK's schema and the database judge the fields; their messages show beside them.
 */
import { AutocompleteInput, Create, DateInput, ReferenceInput, SelectInput, SimpleForm, TextInput, required, useTranslate } from 'react-admin';
import { useLocation } from 'react-router-dom';

const sources = ['local', 'imported', 'unknown'] as const;

/** person_id from the address (…/cases/create?person_id=…), so the form opens on that person. */
function usePersonFromAddress(): Record<string, string> {
  const { search } = useLocation();
  const person = new URLSearchParams(search).get('person_id');
  return person ? { person_id: person } : {};
}

export const CaseCreate = () => {
  const translate = useTranslate();
  const defaults = { source: 'local', diagnosis_date: new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Kuala_Lumpur' }), ...usePersonFromAddress() };
  return (
    <Create redirect="show" mutationMode="pessimistic">
      <SimpleForm defaultValues={defaults}>
        <ReferenceInput source="person_id" reference="persons">
          <AutocompleteInput
            optionText="full_name"
            label="resources.cases.fields.person_id"
            validate={required()}
            filterToQuery={(q: string) => ({ q })}
            sx={{ minWidth: 360 }}
          />
        </ReferenceInput>
        <TextInput source="case_number" validate={required()} helperText={translate('sejahtera.cases.case_number_help')} />
        <DateInput source="diagnosis_date" validate={required()} />
        <SelectInput source="source" choices={sources.map((id) => ({ id, name: `sejahtera.case_source.${id}` }))} validate={required()} />
        <ReferenceInput source="outbreak_id" reference="outbreaks">
          <SelectInput optionText="code" label="resources.cases.fields.outbreak_id" />
        </ReferenceInput>
      </SimpleForm>
    </Create>
  );
};
