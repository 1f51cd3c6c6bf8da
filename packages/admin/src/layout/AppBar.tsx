/** The top bar: the console's title, the language switch and the light/dark switch, the user menu. */
import { Box, Typography } from '@mui/material';
import { AppBar as RaAppBar, LocalesMenuButton, Logout, TitlePortal, ToggleThemeButton, UserMenu, useGetIdentity, useTranslate } from 'react-admin';

/** The user menu, named by the signed-in person's name (its visible text), with sign-out. */
const StaffUserMenu = () => {
  const { identity } = useGetIdentity();
  return (
    <UserMenu label={identity?.fullName ?? 'ra.auth.user_menu'}>
      <Logout />
    </UserMenu>
  );
};

export const AppBar = () => {
  const translate = useTranslate();
  return (
    <RaAppBar color="primary" userMenu={<StaffUserMenu />} toolbar={<><LocalesMenuButton /><ToggleThemeButton /></>}>
      <Typography variant="h6" component="span" sx={{ mr: 2, display: { xs: 'none', md: 'block' } }}>
        {translate('sejahtera.title')}
      </Typography>
      <TitlePortal />
      <Box sx={{ flex: 1 }} />
    </RaAppBar>
  );
};
