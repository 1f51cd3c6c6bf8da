/**
 * The side menu by role: the dashboard for those who may see it, then each resource the signed-in
 * role may list (Menu.ResourceItems asks the auth provider's canAccess, see roles.ts).
 */
import { Menu as RaMenu, useCanAccess } from 'react-admin';

export const Menu = () => {
  const { canAccess: dashboard } = useCanAccess({ resource: 'dashboard', action: 'list' });
  return (
    <RaMenu>
      {dashboard ? <RaMenu.DashboardItem /> : null}
      <RaMenu.ResourceItems />
    </RaMenu>
  );
};
