/** The dashboard's queries through the data provider (react-query caches each by its arguments). */
import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { useDataProvider } from 'react-admin';
import type { DashboardMetric } from '@sejahtera/sdk/staff';
import type { SejahteraDataProvider } from '../providers/dataProvider.ts';
import { type DashboardFilters, chartedMetrics, dailyQuery, defaultFilters, highRiskQuery, summaryQuery } from './queries.ts';

export const DashboardFiltersContext = createContext<DashboardFilters>(defaultFilters());

export const useDashboardFilters = () => useContext(DashboardFiltersContext);

// Figures are aggregates (no audited read), so refetching on focus is harmless; a minute is fresh enough.
const staleTime = 60_000;

const summaryOptions = (dataProvider: SejahteraDataProvider, filters: DashboardFilters) =>
  queryOptions({
    queryKey: ['dashboard', 'summary', summaryQuery(filters)],
    queryFn: () => dataProvider.dashboardSummary(summaryQuery(filters)),
    staleTime,
  });

const dailyOptions = (dataProvider: SejahteraDataProvider, filters: DashboardFilters, metric: DashboardMetric) =>
  queryOptions({
    queryKey: ['dashboard', 'daily', dailyQuery(metric, filters)],
    queryFn: () => dataProvider.dashboardDaily(dailyQuery(metric, filters)),
    staleTime,
  });

const highRiskOptions = (dataProvider: SejahteraDataProvider, filters: DashboardFilters) =>
  queryOptions({
    queryKey: ['dashboard', 'high_risk', highRiskQuery(filters)],
    queryFn: () => dataProvider.highRisk(highRiskQuery(filters)),
    staleTime,
  });

export function useDashboardSummary() {
  const filters = useDashboardFilters();
  return useQuery(summaryOptions(useDataProvider<SejahteraDataProvider>(), filters));
}

export function useDashboardDaily(metric: DashboardMetric) {
  const filters = useDashboardFilters();
  return useQuery(dailyOptions(useDataProvider<SejahteraDataProvider>(), filters, metric));
}

export function useHighRisk() {
  const filters = useDashboardFilters();
  return useQuery(highRiskOptions(useDataProvider<SejahteraDataProvider>(), filters));
}

/**
 * Starts every query of a dashboard load at once (the calls of queries.ts' dashboardCalls), as soon as
 * the dashboard renders: the charts' own hooks run only once recharts' chunk has loaded, and then find
 * their query already on its way (react-query makes one request per key, however many widgets ask).
 */
export function useDashboardQueries(filters: DashboardFilters, enabled: boolean): void {
  const dataProvider = useDataProvider<SejahteraDataProvider>();
  useQueries({
    queries: [
      summaryOptions(dataProvider, filters),
      ...chartedMetrics.map((metric) => dailyOptions(dataProvider, filters, metric)),
      highRiskOptions(dataProvider, filters),
    ].map((options) => ({ ...options, enabled })),
  });
}
