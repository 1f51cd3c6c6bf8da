/** Fields shared by resources: dates in Malaysia's time in the chosen language, enum values translated. */
import { Chip } from '@mui/material';
import { DateField, type DateFieldProps, FunctionField, useLocaleState, useRecordContext, useTranslate } from 'react-admin';

const dateLocale = (locale: string) => (locale === 'en' ? 'en-MY' : 'ms-MY');

/** A timestamp, shown in Malaysian time. */
export const DateTimeField = (props: DateFieldProps) => {
  const [locale] = useLocaleState();
  return <DateField showTime locales={dateLocale(locale)} options={{ timeZone: 'Asia/Kuala_Lumpur', dateStyle: 'medium', timeStyle: 'short' }} {...props} />;
};

/** A calendar date (birth, exposure, diagnosis, sampling): a Malaysian date already. */
export const CalendarDateField = (props: DateFieldProps) => {
  const [locale] = useLocaleState();
  return <DateField locales={dateLocale(locale)} options={{ timeZone: 'UTC', dateStyle: 'medium' }} {...props} />;
};

/** An enum value through `sejahtera.<group>.<value>`, e.g. group="case_status". */
export const EnumField = ({ source, group, label }: { source: string; group: string; label?: string }) => {
  const translate = useTranslate();
  return (
    <FunctionField
      source={source}
      label={label}
      render={(record: Record<string, unknown>) => (record[source] == null ? '' : translate(`sejahtera.${group}.${String(record[source])}`))}
    />
  );
};

const statusColours: Record<string, 'default' | 'success' | 'info' | 'warning' | 'error'> = {
  pending_assessment: 'default',
  low_risk: 'success',
  casual_contact: 'info',
  close_contact: 'warning',
  pui: 'error',
  confirmed: 'error',
};

/** A person's risk status as a coloured chip. */
export const StatusChip = ({ status }: { status: string | null | undefined }) => {
  const translate = useTranslate();
  if (!status) return null;
  return <Chip size="small" color={statusColours[status] ?? 'default'} variant={status === 'confirmed' ? 'filled' : 'outlined'} label={translate(`sejahtera.status.${status}`)} />;
};

/** The record's `source` status as a chip (for lists). */
export const StatusField = ({ source = 'status' }: { source?: string; label?: string; sortable?: boolean }) => {
  const record = useRecordContext();
  return <StatusChip status={record?.[source] as string | undefined} />;
};
