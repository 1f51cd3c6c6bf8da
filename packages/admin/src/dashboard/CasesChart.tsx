/** Cases by diagnosis date (lazy-loaded with recharts). */
import { useTheme } from '@mui/material';
import { useDashboardDaily } from './useDashboard.ts';
import { DailyChart } from './DailyChart.tsx';
import { Widget } from './Widget.tsx';

const CasesChart = () => {
  const theme = useTheme();
  const { data, error, isPending } = useDashboardDaily('cases');
  return (
    <Widget title="sejahtera.dashboard.cases_by_date" error={error} loading={isPending}>
      {data ? <DailyChart series={data} label="sejahtera.dashboard.cases" figure="cases_series" colour={theme.palette.error.dark} /> : null}
    </Widget>
  );
};
export default CasesChart;
