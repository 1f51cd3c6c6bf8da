/** Contacts under monitoring now, and those of them who have not reported in time. */
import { useDashboardSummary } from './useDashboard.ts';
import { Figure, FigureRow, Widget } from './Widget.tsx';

export const MonitoringFigures = () => {
  const { data, error, isPending } = useDashboardSummary();
  return (
    <Widget title="sejahtera.dashboard.monitoring" error={error} loading={isPending}>
      <FigureRow>
        <Figure figure="monitoring_active" label="sejahtera.dashboard.monitoring_active" value={data?.monitoring.active} />
        <Figure figure="monitoring_non_reporting" label="sejahtera.dashboard.monitoring_non_reporting" value={data?.monitoring.non_reporting} />
      </FigureRow>
    </Widget>
  );
};
