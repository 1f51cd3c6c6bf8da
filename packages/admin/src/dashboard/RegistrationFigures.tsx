/** Registrations (the seed's own dashboard): total, in the range, first-time logins, dependents. */
import { useLocaleState, useTranslate } from 'react-admin';
import { useDashboardSummary } from './useDashboard.ts';
import { Figure, FigureRow, Widget } from './Widget.tsx';

export const RegistrationFigures = () => {
  const { data, error, isPending } = useDashboardSummary();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const total = (n: number | undefined) => translate('sejahtera.dashboard.all_time', { count: (n ?? 0).toLocaleString(locale === 'en' ? 'en-MY' : 'ms-MY') });
  return (
    <Widget title="sejahtera.dashboard.registrations" error={error} loading={isPending}>
      <FigureRow>
        <Figure figure="registrations_total" label="sejahtera.dashboard.registrations_total" value={data?.all_time.registrations} />
        <Figure figure="registrations" label="sejahtera.dashboard.registrations_in_range" value={data?.in_range.registrations} />
        <Figure
          figure="first_sign_ins"
          label="sejahtera.dashboard.first_sign_ins"
          value={data?.in_range.first_sign_ins}
          secondary={total(data?.all_time.first_sign_ins)}
        />
        <Figure
          figure="dependent_registrations"
          label="sejahtera.dashboard.dependent_registrations"
          value={data?.in_range.dependent_registrations}
          secondary={total(data?.all_time.dependent_registrations)}
        />
      </FigureRow>
    </Widget>
  );
};
