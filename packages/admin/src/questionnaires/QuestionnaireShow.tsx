/** A questionnaire version: its title and questions in Malay and English, each question's kind and symptom group. */
import { DataTable, FunctionField, Labeled, ReferenceManyField, Show, SimpleShowLayout, TextField, useTranslate } from 'react-admin';
import { DateTimeField } from '../common/fields.tsx';

export const QuestionnaireShow = () => {
  const translate = useTranslate();
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="version" />
        <TextField source="title.ms" label="sejahtera.questionnaires.title_ms" />
        <TextField source="title.en" label="sejahtera.questionnaires.title_en" />
        <DateTimeField source="published_at" emptyText="-" />
        <Labeled label="sejahtera.questionnaires.questions" fullWidth>
          <ReferenceManyField reference="questions" target="questionnaire_id" sort={{ field: 'position', order: 'ASC' }} perPage={100}>
            <DataTable bulkActionButtons={false} rowClick={false}>
              <DataTable.Col source="position" label="sejahtera.questionnaires.position" />
              <DataTable.Col source="code" label="sejahtera.questionnaires.code" />
              <DataTable.Col source="kind" label="sejahtera.questionnaires.kind">
                <FunctionField
                  render={(q: { kind: string; symptom_group: number | null }) =>
                    q.kind === 'symptom'
                      ? translate('sejahtera.questionnaires.symptom_group', { group: q.symptom_group })
                      : translate('sejahtera.questionnaires.exposure')
                  }
                />
              </DataTable.Col>
              <DataTable.Col source="text.ms" label="sejahtera.language.ms" />
              <DataTable.Col source="text.en" label="sejahtera.language.en" />
            </DataTable>
          </ReferenceManyField>
        </Labeled>
      </SimpleShowLayout>
    </Show>
  );
};
