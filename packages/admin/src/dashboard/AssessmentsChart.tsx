/** Assessments per day, and the symptomatic ones among them (lazy-loaded with recharts). */
import { useTheme } from '@mui/material';
import { useDashboardDaily } from './useDashboard.ts';
import { DailyChart } from './DailyChart.tsx';
import { Widget } from './Widget.tsx';

const AssessmentsChart = () => {
  const theme = useTheme();
  const all = useDashboardDaily('assessments');
  const symptomatic = useDashboardDaily('symptomatic_assessments');
  return (
    <Widget title="sejahtera.dashboard.assessments_per_day" error={all.error ?? symptomatic.error} loading={all.isPending || symptomatic.isPending}>
      {all.data ? <DailyChart series={all.data} label="sejahtera.dashboard.assessments" figure="assessments_series" /> : null}
      {symptomatic.data ? (
        <DailyChart series={symptomatic.data} label="sejahtera.dashboard.symptomatic_assessments" figure="symptomatic_assessments_series" colour={theme.palette.error.main} />
      ) : null}
    </Widget>
  );
};
export default AssessmentsChart;
