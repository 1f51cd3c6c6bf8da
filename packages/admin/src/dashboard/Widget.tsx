/** A dashboard widget's frame (a titled region), and a figure in it: a number with its label. */
import { Alert, Box, Card, CardContent, Skeleton, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';

export const Widget = ({ title, children, error, loading }: { title: string; children: ReactNode; error?: Error | null; loading?: boolean }) => {
  const translate = useTranslate();
  return (
    <Card variant="outlined" component="section" aria-label={translate(title)} sx={{ height: '100%' }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {translate(title)}
        </Typography>
        {error ? <Alert severity="error">{error.message}</Alert> : loading ? <Skeleton variant="rounded" height={80} /> : children}
      </CardContent>
    </Card>
  );
};

/** One number; `figure` names it for tests and tools (data-figure). */
export const Figure = ({ figure, label, value, secondary }: { figure: string; label: string; value: number | undefined; secondary?: string }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <Box>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        {translate(label)}
      </Typography>
      <Typography variant="h4" component="p" data-figure={figure}>
        {value === undefined ? '-' : value.toLocaleString(locale === 'en' ? 'en-MY' : 'ms-MY')}
      </Typography>
      {secondary ? (
        <Typography variant="caption" sx={{ color: 'text.secondary' }}>
          {secondary}
        </Typography>
      ) : null}
    </Box>
  );
};

export const FigureRow = ({ children }: { children: ReactNode }) => (
  <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))', gap: 2 }}>{children}</Box>
);
