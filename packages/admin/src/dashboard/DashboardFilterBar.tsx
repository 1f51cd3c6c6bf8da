/**
 * The dashboard's date range and area: a state (country-wide roles) and a district, only within the
 * signed-in user's jurisdiction (the database refuses others anyway). A range whose start is after its
 * end is shown as an error and not applied.
 */
import { Box, MenuItem, TextField } from '@mui/material';
import { useState } from 'react';
import { useGetList, useTranslate } from 'react-admin';
import type { Permissions } from '../roles.ts';
import type { DashboardFilters } from './queries.ts';

const all = '';

export const DashboardFilterBar = ({ filters, onChange, permissions }: { filters: DashboardFilters; onChange: (next: DashboardFilters) => void; permissions: Permissions }) => {
  const translate = useTranslate();
  const [from, setFrom] = useState(filters.from_date);
  const [to, setTo] = useState(filters.to_date);
  const countryWide = permissions.role === 'admin' || permissions.role === 'analyst';
  const state = countryWide ? filters.state_code : (permissions.stateCode ?? undefined);
  const { data: states } = useGetList('states', { pagination: { page: 1, perPage: 100 }, sort: { field: 'code', order: 'ASC' } }, { enabled: countryWide });
  const districtFilter =
    permissions.role === 'officer' ? { 'code@in': `(${permissions.districts.join(',')})` } : state ? { state_code: state } : undefined;
  const { data: districts } = useGetList(
    'districts',
    { pagination: { page: 1, perPage: 200 }, sort: { field: 'name', order: 'ASC' }, filter: districtFilter },
    { enabled: !!districtFilter },
  );
  const rangeError = from && to && from > to ? translate('sejahtera.dashboard.range_error') : '';
  const setDates = (nextFrom: string, nextTo: string) => {
    setFrom(nextFrom);
    setTo(nextTo);
    if (nextFrom && nextTo && nextFrom <= nextTo) onChange({ ...filters, from_date: nextFrom, to_date: nextTo });
  };
  return (
    <Box component="form" role="search" aria-label={translate('sejahtera.dashboard.filters')} sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, my: 2 }} onSubmit={(e) => e.preventDefault()}>
      <TextField
        type="date"
        size="small"
        sx={{ width: 180 }}
        label={translate('sejahtera.dashboard.from_date')}
        value={from}
        onChange={(e) => setDates(e.target.value, to)}
        slotProps={{ inputLabel: { shrink: true }, htmlInput: { name: 'from_date' } }}
      />
      <TextField
        type="date"
        size="small"
        sx={{ width: 180 }}
        label={translate('sejahtera.dashboard.to_date')}
        value={to}
        onChange={(e) => setDates(from, e.target.value)}
        error={!!rangeError}
        helperText={rangeError || undefined}
        slotProps={{ inputLabel: { shrink: true }, htmlInput: { name: 'to_date' } }}
      />
      {countryWide ? (
        <TextField
          select
          size="small"
          sx={{ width: 260 }}
          label={translate('sejahtera.dashboard.state')}
          value={filters.state_code ?? all}
          onChange={(e) => onChange({ ...filters, state_code: e.target.value || undefined, district_code: undefined })}
        >
          <MenuItem value={all}>{translate('sejahtera.dashboard.all_states')}</MenuItem>
          {(states ?? []).map((s) => (
            <MenuItem key={s.id} value={s.id}>
              {s.name_ms}
            </MenuItem>
          ))}
        </TextField>
      ) : null}
      {districtFilter ? (
        <TextField
          select
          size="small"
          sx={{ width: 260 }}
          label={translate('sejahtera.dashboard.district')}
          value={filters.district_code ?? all}
          onChange={(e) => onChange({ ...filters, district_code: e.target.value || undefined })}
        >
          <MenuItem value={all}>{translate('sejahtera.dashboard.all_districts')}</MenuItem>
          {(districts ?? []).map((d) => (
            <MenuItem key={d.id} value={d.id}>
              {d.name}
            </MenuItem>
          ))}
        </TextField>
      ) : null}
    </Box>
  );
};
