/**
 * Publishes a new rule set version: the current one's values to start from, the next version number,
 * published at once (the database freezes it; assessments from then on are judged by it).
 */
import { Create, maxValue, minValue, NumberInput, required, SimpleForm, useGetList } from 'react-admin';

export const RuleSetCreate = () => {
  const { data, isPending } = useGetList('rule_sets', { pagination: { page: 1, perPage: 1 }, sort: { field: 'version', order: 'DESC' } });
  if (isPending) return null;
  const latest = data?.[0];
  const defaults = {
    version: (latest?.version ?? 0) + 1,
    group1_threshold: latest?.group1_threshold ?? 1,
    group2_threshold: latest?.group2_threshold ?? 2,
    monitoring_days: latest?.monitoring_days ?? 14,
    non_reporting_hours: latest?.non_reporting_hours ?? 24,
    lost_after_days: latest?.lost_after_days ?? 30,
  };
  return (
    <Create redirect="list" transform={(values: Record<string, unknown>) => ({ ...values, published_at: new Date().toISOString() })}>
      <SimpleForm defaultValues={defaults}>
        <NumberInput source="version" validate={[required(), minValue(defaults.version)]} />
        <NumberInput source="group1_threshold" validate={[required(), minValue(1), maxValue(10)]} />
        <NumberInput source="group2_threshold" validate={[required(), minValue(1), maxValue(10)]} />
        <NumberInput source="monitoring_days" validate={[required(), minValue(1), maxValue(60)]} />
        <NumberInput source="non_reporting_hours" validate={[required(), minValue(1), maxValue(168)]} />
        <NumberInput source="lost_after_days" validate={[required(), minValue(2), maxValue(180)]} />
      </SimpleForm>
    </Create>
  );
};
