/**
 * The dashboard: who is signed in, in which role, over which jurisdiction. Its figures (one widget a
 * file in this folder, each from SQL through the SDK's analytics) come in the console's next part.
 */
import { Card, CardContent, CardHeader, Typography } from '@mui/material';
import { Title, useCanAccess, useGetIdentity, useGetMany, usePermissions, useTranslate } from 'react-admin';
import type { Permissions } from '../roles.ts';

export const Dashboard = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const { permissions } = usePermissions<Permissions>();
  // Everyone lands here; only the roles the dashboard is for (roles.ts) see its jurisdiction and figures.
  const { canAccess: figures } = useCanAccess({ resource: 'dashboard', action: 'list' });
  const { data: districts } = useGetMany('districts', { ids: permissions?.districts ?? [] }, { enabled: !!permissions?.districts.length });
  const { data: states } = useGetMany('states', { ids: permissions?.stateCode ? [permissions.stateCode] : [] }, { enabled: !!permissions?.stateCode });
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
    <Card sx={{ mt: 2 }}>
      <Title title="ra.page.dashboard" />
      <CardHeader title={translate('sejahtera.dashboard.welcome', { name: identity?.fullName ?? '' })} />
      <CardContent>
        <Typography>{translate('sejahtera.dashboard.role', { role: translate(`sejahtera.roles.${permissions.role}`) })}</Typography>
        {figures ? (
          <>
            <Typography>{jurisdiction}</Typography>
            <Typography sx={{ mt: 2, color: 'text.secondary' }}>{translate('sejahtera.dashboard.coming')}</Typography>
          </>
        ) : null}
      </CardContent>
    </Card>
  );
};
