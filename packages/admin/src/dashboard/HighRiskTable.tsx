/**
 * By state and district: the high-risk profiles (PUI, symptomatic, confirmed, close contacts) per
 * state for country-wide callers, per district of the jurisdiction (or of the state chosen) otherwise.
 */
import { Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useHighRisk } from './useDashboard.ts';
import { Widget } from './Widget.tsx';

export const HighRiskTable = () => {
  const translate = useTranslate();
  const { data, error, isPending } = useHighRisk();
  return (
    <Widget title="sejahtera.dashboard.by_area" error={error} loading={isPending}>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{translate('sejahtera.dashboard.area')}</TableCell>
            <TableCell align="right">{translate('sejahtera.status.pui')}</TableCell>
            <TableCell align="right">{translate('sejahtera.persons.symptomatic')}</TableCell>
            <TableCell align="right">{translate('sejahtera.status.confirmed')}</TableCell>
            <TableCell align="right">{translate('sejahtera.status.close_contact')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {(data ?? []).map((area) => (
            <TableRow key={area.area_code} data-area={area.area_code}>
              <TableCell>{area.area_name}</TableCell>
              <TableCell align="right" data-figure="pui">{area.pui}</TableCell>
              <TableCell align="right" data-figure="symptomatic">{area.symptomatic}</TableCell>
              <TableCell align="right" data-figure="confirmed">{area.confirmed}</TableCell>
              <TableCell align="right" data-figure="close_contacts">{area.close_contacts}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Widget>
  );
};
