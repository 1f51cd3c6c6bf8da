/**
 * The sign-in page: ra-supabase's email and password form, the language switch (so a refusal is read
 * in the chosen language) and who the console is for. Public accounts are refused by the auth provider.
 */
import { Box, Typography } from '@mui/material';
import { LocalesMenuButton, Login, useTranslate } from 'react-admin';
import { LoginForm } from 'ra-supabase';
import { useDocumentLanguage } from './useDocumentLanguage.ts';

export const LoginPage = () => {
  const translate = useTranslate();
  useDocumentLanguage();
  return (
    <Login>
      <Box sx={{ display: 'flex', justifyContent: 'flex-end', px: 1 }}>
        <LocalesMenuButton />
      </Box>
      <Typography component="h1" variant="h6" sx={{ textAlign: 'center', px: 2 }}>
        {translate('sejahtera.title')}
      </Typography>
      <Typography variant="body2" sx={{ textAlign: 'center', px: 2, mx: 'auto', maxWidth: 300, color: 'text.secondary' }}>
        {translate('sejahtera.auth.staff_only')}
      </Typography>
      <LoginForm disableForgotPassword />
    </Login>
  );
};
