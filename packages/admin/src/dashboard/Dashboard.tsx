/**
 * The dashboard: who is signed in, in which role, over which jurisdiction; then, for the roles it is
 * for, the figures of a date range and area, one widget a file in this folder, every figure computed
 * in SQL (public.dashboard_summary, dashboard_daily, high_risk_summary through the SDK's analytics;
 * see queries.ts). Charts load with recharts only when the dashboard is shown. Aggregates only:
 * analysts see nothing else.
 */
import { Box, Card, CardContent, CardHeader, Typography } from '@mui/material';
import { lazy, Suspense, useState } from 'react';
import { Title, useCanAccess, useGetIdentity, useGetMany, usePermissions, useTranslate } from 'react-admin';
import type { Permissions } from '../roles.ts';
import { CaseFigures } from './CaseFigures.tsx';
import { DashboardFilterBar } from './DashboardFilterBar.tsx';
import { HighRiskTable } from './HighRiskTable.tsx';
import { MonitoringFigures } from './MonitoringFigures.tsx';
import { type DashboardFilters, defaultFilters } from './queries.ts';
import { RegistrationFigures } from './RegistrationFigures.tsx';
import { DashboardFiltersContext, useDashboardQueries } from './useDashboard.ts';
import { Widget } from './Widget.tsx';

const RegistrationsChart = lazy(() => import('./RegistrationsChart.tsx'));
const AssessmentsChart = lazy(() => import('./AssessmentsChart.tsx'));
const CasesChart = lazy(() => import('./CasesChart.tsx'));
const PeopleByStatusChart = lazy(() => import('./PeopleByStatusChart.tsx'));

const Lazy = ({ title, children }: { title: string; children: React.ReactNode }) => (
  <Suspense fallback={<Widget title={title} loading>{null}</Widget>}>{children}</Suspense>
);

export const Dashboard = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const { permissions } = usePermissions<Permissions>();
  const [filters, setFilters] = useState<DashboardFilters>(defaultFilters);
  // Everyone lands here; only the roles the dashboard is for (roles.ts) see its jurisdiction and figures.
  const { canAccess: figures } = useCanAccess({ resource: 'dashboard', action: 'list' });
  const { data: districts } = useGetMany('districts', { ids: permissions?.districts ?? [] }, { enabled: !!permissions?.districts.length });
  const { data: states } = useGetMany('states', { ids: permissions?.stateCode ? [permissions.stateCode] : [] }, { enabled: !!permissions?.stateCode });
  // Every figure's request leaves now, together, rather than each when its (lazy) widget renders.
  useDashboardQueries(filters, !!figures);
  if (!permissions) return null;
  const jurisdiction =
    permissions.role === 'admin'
      ? translate('sejahtera.dashboard.jurisdiction_all')
      : permissions.role === 'supervisor'
        ? translate('sejahtera.dashboard.jurisdiction_state', { state: states?.[0]?.name_ms ?? permissions.stateCode ?? '' })
        : permissions.role === 'officer'
          ? translate('sejahtera.dashboard.jurisdiction_districts', { districts: (districts?.map((d) => d.name) ?? permissions.districts).join(', ') })
          : translate('sejahtera.dashboard.jurisdiction_none');
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="ra.page.dashboard" />
      <Card>
        <CardHeader title={translate('sejahtera.dashboard.welcome', { name: identity?.fullName ?? '' })} />
        <CardContent>
          <Typography>{translate('sejahtera.dashboard.role', { role: translate(`sejahtera.roles.${permissions.role}`) })}</Typography>
          {figures ? <Typography>{jurisdiction}</Typography> : null}
        </CardContent>
      </Card>
      {figures ? (
        <DashboardFiltersContext.Provider value={filters}>
          <DashboardFilterBar filters={filters} onChange={setFilters} permissions={permissions} />
          <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' }, gap: 2 }}>
            <RegistrationFigures />
            <Lazy title="sejahtera.dashboard.registrations_by_date">
              <RegistrationsChart />
            </Lazy>
            <Lazy title="sejahtera.dashboard.assessments_per_day">
              <AssessmentsChart />
            </Lazy>
            <Lazy title="sejahtera.dashboard.people_by_status">
              <PeopleByStatusChart />
            </Lazy>
            <MonitoringFigures />
            <CaseFigures />
            <Lazy title="sejahtera.dashboard.cases_by_date">
              <CasesChart />
            </Lazy>
            <HighRiskTable />
          </Box>
        </DashboardFiltersContext.Provider>
      ) : null}
    </Box>
  );
};
