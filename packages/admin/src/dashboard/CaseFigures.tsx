/** Cases diagnosed and contacts traced in the range (and in all), and the people confirmed now. */
import { useLocaleState, useTranslate } from 'react-admin';
import { useDashboardSummary } from './useDashboard.ts';
import { Figure, FigureRow, Widget } from './Widget.tsx';

export const CaseFigures = () => {
  const { data, error, isPending } = useDashboardSummary();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const total = (n: number | undefined) => translate('sejahtera.dashboard.all_time', { count: (n ?? 0).toLocaleString(locale === 'en' ? 'en-MY' : 'ms-MY') });
  return (
    <Widget title="sejahtera.dashboard.cases" error={error} loading={isPending}>
      <FigureRow>
        <Figure figure="cases" label="sejahtera.dashboard.cases_in_range" value={data?.in_range.cases} secondary={total(data?.all_time.cases)} />
        <Figure figure="confirmed" label="sejahtera.dashboard.confirmed_now" value={data?.people_by_status.confirmed} />
        <Figure figure="contacts" label="sejahtera.dashboard.contacts_in_range" value={data?.in_range.contacts} secondary={total(data?.all_time.contacts)} />
      </FigureRow>
    </Widget>
  );
};
