/** The person page's tracing actions: open a case of this person, enter a lab result for them. */
import ScienceIcon from '@mui/icons-material/Science';
import CaseIcon from '@mui/icons-material/CoronavirusOutlined';
import { Button, TopToolbar, useCanAccess, useRecordContext, useTranslate } from 'react-admin';
import { Link as RouterLink } from 'react-router-dom';

export const PersonTracingActions = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const { canAccess: mayOpenCase } = useCanAccess({ resource: 'cases', action: 'create' });
  const { canAccess: mayEnterResult } = useCanAccess({ resource: 'lab_results', action: 'create' });
  if (!record) return null;
  const cases = (record.cases as Array<{ status: string }> | undefined) ?? [];
  const hasActiveCase = cases.some((c) => c.status === 'active');
  return (
    <TopToolbar>
      {mayOpenCase && !hasActiveCase ? (
        <Button component={RouterLink} to={`/cases/create?person_id=${record.id}`} label={translate('sejahtera.cases.open')}>
          <CaseIcon />
        </Button>
      ) : null}
      {mayEnterResult ? (
        <Button component={RouterLink} to={`/lab_results/create?person_id=${record.id}`} label={translate('sejahtera.labs.enter')}>
          <ScienceIcon />
        </Button>
      ) : null}
    </TopToolbar>
  );
};
