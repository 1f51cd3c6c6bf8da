/**
 * The add-contact form's live "matches existing person" preview: as the officer types a phone or an
 * identity number, public.match_contact says (by the import's own rules, nothing written) whether the
 * contact would be a new pending person, an existing person (named only if the officer may see them),
 * already a contact of this case, or what is wrong with the number.
 */
import { Alert, CircularProgress } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import type { SejahteraDataProvider } from '../providers/dataProvider.ts';
import { reasonText } from '../import/reasons.ts';

/** `value`, once it has stopped changing for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [JSON.stringify(value), ms]);
  return settled;
}

export const MatchPreview = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<SejahteraDataProvider>();
  const [caseId, phone, identityType, identityNumber, nationality] = useWatch({
    name: ['case_id', 'phone', 'identity_type', 'identity_number', 'nationality'],
  }) as Array<string | undefined>;
  const typed = useSettled({ phone: phone?.trim() || null, identity_type: identityType || null, identity_number: identityNumber?.trim() || null, nationality: nationality?.trim() || null }, 350);
  const enabled = Boolean(caseId && (typed.phone || typed.identity_number));
  const { data, isFetching, error } = useQuery({
    queryKey: ['match_contact', caseId, typed],
    queryFn: () => dataProvider.matchContact(String(caseId), typed),
    enabled,
    staleTime: 30_000,
    retry: false,
  });
  if (!enabled) return <Alert severity="info" variant="outlined" role="status">{translate('sejahtera.contacts.match.hint')}</Alert>;
  if (isFetching && !data) return <Alert severity="info" variant="outlined" role="status" icon={<CircularProgress size={20} />}>{translate('sejahtera.contacts.match.checking')}</Alert>;
  if (error) return <Alert severity="warning" role="status">{(error as Error).message}</Alert>;
  if (!data) return null;
  const person = data.person;
  let text: string;
  let severity: 'info' | 'success' | 'warning' = 'info';
  if (data.outcome === 'rejected') {
    text = translate('sejahtera.contacts.match.rejected', { reason: reasonText(data.reason, translate) });
    severity = 'warning';
  } else if (data.outcome === 'already_listed') {
    text = translate('sejahtera.contacts.match.already_listed', { name: person && person.visible ? person.full_name : '' });
    severity = 'warning';
  } else if (data.outcome === 'matched' && person?.visible) {
    text = translate('sejahtera.contacts.match.matched', {
      name: person.full_name,
      identity: person.identity_masked ?? '-',
      district: person.district_name ?? '-',
      account: translate(person.has_account ? 'sejahtera.contacts.match.has_account' : 'sejahtera.contacts.match.pending'),
    });
    severity = 'success';
  } else if (data.outcome === 'matched') {
    text = translate('sejahtera.contacts.match.matched_hidden');
    severity = 'success';
  } else {
    text = translate('sejahtera.contacts.match.new_person');
  }
  return (
    <Alert severity={severity} role="status" aria-live="polite" data-testid="match-preview">
      {text}
    </Alert>
  );
};
