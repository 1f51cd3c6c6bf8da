/**
 * A day-by-day series as a bar chart (recharts, loaded with the chart widgets only), with the range's
 * total beside it. The series comes whole from the database (every day present, 0 where none).
 */
import { Typography, useTheme } from '@mui/material';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslate } from 'react-admin';
import type { DailyFigure } from '@sejahtera/sdk/staff';

export const DailyChart = ({ series, label, figure, colour }: { series: DailyFigure[]; label: string; figure: string; colour?: string }) => {
  const theme = useTheme();
  const translate = useTranslate();
  // The range's total is the database's per-day figures added up: every day of the range, no page of rows.
  const total = series.reduce((sum, day) => sum + day.value, 0);
  return (
    <>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        {translate('sejahtera.dashboard.range_total', { series: translate(label) })}: <span data-figure={figure}>{total}</span>
      </Typography>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={series} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} accessibilityLayer>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tickFormatter={(day: string) => day.slice(5)} fontSize={12} stroke={theme.palette.text.secondary} />
          <YAxis allowDecimals={false} fontSize={12} stroke={theme.palette.text.secondary} />
          <Tooltip contentStyle={{ background: theme.palette.background.paper }} />
          <Bar dataKey="value" name={translate(label)} fill={colour ?? theme.palette.primary.main} />
        </BarChart>
      </ResponsiveContainer>
    </>
  );
};
