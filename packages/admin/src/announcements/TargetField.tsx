/** An announcement's audience in words: everyone, a state, a district, or a status group. */
import { useGetOne, useRecordContext, useTranslate } from 'react-admin';

export const TargetField = (_props: { label?: string }) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const { data: state } = useGetOne('states', { id: record?.target_state }, { enabled: !!record?.target_state });
  const { data: district } = useGetOne('districts', { id: record?.target_district }, { enabled: !!record?.target_district });
  if (!record) return null;
  const kind = translate(`sejahtera.announcements.target.${record.target_kind}`);
  const what =
    record.target_kind === 'state'
      ? (state?.name_ms ?? record.target_state)
      : record.target_kind === 'district'
        ? (district?.name ?? record.target_district)
        : record.target_kind === 'status'
          ? translate(`sejahtera.status.${record.target_status}`)
          : null;
  return <span>{what ? `${kind}: ${what}` : kind}</span>;
};
