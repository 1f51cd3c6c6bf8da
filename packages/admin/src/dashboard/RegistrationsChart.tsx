/** Registrations by date (lazy-loaded with recharts). */
import { useDashboardDaily } from './useDashboard.ts';
import { DailyChart } from './DailyChart.tsx';
import { Widget } from './Widget.tsx';

const RegistrationsChart = () => {
  const { data, error, isPending } = useDashboardDaily('registrations');
  return (
    <Widget title="sejahtera.dashboard.registrations_by_date" error={error} loading={isPending}>
      {data ? <DailyChart series={data} label="sejahtera.dashboard.registrations" figure="registrations_series" /> : null}
    </Widget>
  );
};
export default RegistrationsChart;
