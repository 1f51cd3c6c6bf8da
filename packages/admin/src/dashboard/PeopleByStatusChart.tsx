/** People by their current status: a bar per status (lazy-loaded with recharts) and the numbers. */
import { Box, Typography, useTheme } from '@mui/material';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslate } from 'react-admin';
import { useDashboardSummary } from './useDashboard.ts';
import { Widget } from './Widget.tsx';

const statuses = ['pending_assessment', 'low_risk', 'casual_contact', 'close_contact', 'pui', 'confirmed'] as const;

const PeopleByStatusChart = () => {
  const theme = useTheme();
  const translate = useTranslate();
  const { data, error, isPending } = useDashboardSummary();
  const colours: Record<(typeof statuses)[number], string> = {
    pending_assessment: theme.palette.grey[500],
    low_risk: theme.palette.success.main,
    casual_contact: theme.palette.info.main,
    close_contact: theme.palette.warning.main,
    pui: theme.palette.error.main,
    confirmed: theme.palette.error.dark,
  };
  const rows = statuses.map((status) => ({ status, label: translate(`sejahtera.status.${status}`), people: data?.people_by_status[status] ?? 0 }));
  return (
    <Widget title="sejahtera.dashboard.people_by_status" error={error} loading={isPending}>
      <ResponsiveContainer width="100%" height={220}>
        {/* Bars across, so that every status's name reads in full beside its bar. */}
        <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }} accessibilityLayer>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} fontSize={12} stroke={theme.palette.text.secondary} />
          <YAxis type="category" dataKey="label" width={150} interval={0} fontSize={12} stroke={theme.palette.text.secondary} />
          <Tooltip contentStyle={{ background: theme.palette.background.paper }} />
          <Bar dataKey="people" name={translate('sejahtera.dashboard.people')}>
            {rows.map((row) => (
              <Cell key={row.status} fill={colours[row.status]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'repeat(3, auto 1fr)', columnGap: 1, rowGap: 0.5, m: 0, mt: 1 }}>
        {rows.map((row) => (
          <Box key={row.status} sx={{ display: 'contents' }}>
            <Typography component="dt" variant="body2" sx={{ color: 'text.secondary' }}>
              {row.label}
            </Typography>
            <Typography component="dd" variant="body2" sx={{ m: 0, fontWeight: 600 }} data-figure={`status_${row.status}`}>
              {row.people}
            </Typography>
          </Box>
        ))}
      </Box>
    </Widget>
  );
};
export default PeopleByStatusChart;
