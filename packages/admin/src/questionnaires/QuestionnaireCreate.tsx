/**
 * A new questionnaire version, starting from the newest one's title and questions (every code, kind,
 * symptom group and text in Malay and English editable, questions added, removed or reordered), saved
 * as a draft or published at once. A published version is frozen; assessments from then on keep it.
 */
import {
  ArrayInput,
  BooleanInput,
  Create,
  maxLength,
  minValue,
  NumberInput,
  regex,
  required,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  useGetList,
  useGetManyReference,
} from 'react-admin';

/** A symptom question needs its group (1 or 2); codes are unique within a version. */
function validateQuestionnaire(values: Record<string, unknown>): Record<string, unknown> {
  const questions = (values.questions as Array<{ code?: string; kind?: string; symptom_group?: number | null }> | undefined) ?? [];
  const seen = new Set<string>();
  const errors = questions.map((q) => {
    const error: Record<string, string> = {};
    if (q.kind === 'symptom' && !q.symptom_group) error.symptom_group = 'sejahtera.questionnaires.group_required';
    if (q.code && seen.has(q.code)) error.code = 'sejahtera.questionnaires.code_repeated';
    if (q.code) seen.add(q.code);
    return error;
  });
  return errors.some((e) => Object.keys(e).length) ? { questions: errors } : {};
}

export const QuestionnaireCreate = () => {
  const { data: latest, isPending } = useGetList('questionnaires', { pagination: { page: 1, perPage: 1 }, sort: { field: 'version', order: 'DESC' } });
  const current = latest?.[0];
  const { data: questions, isPending: questionsPending } = useGetManyReference(
    'questions',
    { target: 'questionnaire_id', id: current?.id, pagination: { page: 1, perPage: 200 }, sort: { field: 'position', order: 'ASC' } },
    { enabled: !!current },
  );
  if (isPending || (current && questionsPending)) return null;
  const defaults = {
    version: (current?.version ?? 0) + 1,
    title: current?.title ?? { ms: '', en: '' },
    questions: (questions ?? []).map((q) => ({ code: q.code, kind: q.kind, symptom_group: q.symptom_group, text: q.text })),
    publish: false,
  };
  return (
    <Create redirect="show">
      <SimpleForm defaultValues={defaults} validate={validateQuestionnaire}>
        <NumberInput source="version" validate={[required(), minValue(defaults.version)]} />
        <TextInput source="title.ms" label="sejahtera.questionnaires.title_ms" validate={[required(), maxLength(200)]} />
        <TextInput source="title.en" label="sejahtera.questionnaires.title_en" validate={[required(), maxLength(200)]} />
        <ArrayInput source="questions" label="sejahtera.questionnaires.questions" validate={required()}>
          <SimpleFormIterator inline>
            <TextInput source="code" label="sejahtera.questionnaires.code" validate={[required(), regex(/^[a-z][a-z0-9_]{1,39}$/, 'sejahtera.questionnaires.code_format')]} sx={{ width: 140 }} />
            <SelectInput
              source="kind"
              label="sejahtera.questionnaires.kind"
              validate={required()}
              sx={{ width: 130 }}
              choices={[
                { id: 'symptom', name: 'sejahtera.questionnaires.symptom' },
                { id: 'exposure', name: 'sejahtera.questionnaires.exposure' },
              ]}
            />
            <SelectInput
              source="symptom_group"
              label="sejahtera.questionnaires.group"
              sx={{ width: 110 }}
              choices={[
                { id: 1, name: '1' },
                { id: 2, name: '2' },
              ]}
            />
            <TextInput source="text.ms" label="sejahtera.language.ms" validate={[required(), maxLength(500)]} sx={{ width: 220 }} />
            <TextInput source="text.en" label="sejahtera.language.en" validate={[required(), maxLength(500)]} sx={{ width: 220 }} />
          </SimpleFormIterator>
        </ArrayInput>
        <BooleanInput source="publish" label="sejahtera.questionnaires.publish_now" />
      </SimpleForm>
    </Create>
  );
};
