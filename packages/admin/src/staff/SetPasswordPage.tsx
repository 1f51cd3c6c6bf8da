/**
 * Where an invitation's link leads (#/set-password): the invited staff member chooses a password, then
 * is signed in with it. Auth's /verify redirects here with the session in the fragment after the
 * route's own (`#/set-password#access_token=...&refresh_token=...&type=invite`), or with the error of a
 * used or expired link (`#error_code=otp_expired...`). The tokens are read once and taken out of the
 * address bar at once. ra-supabase's SetPasswordPage reads them from `?access_token=` only, which a
 * redirect to a hash route never has; supabase-js's own detection does not see them behind the route.
 */
import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Alert, Box, Button, Card, CardContent, CircularProgress, TextField, Typography } from '@mui/material';
import { LocalesMenuButton, useAuthProvider, useTranslate } from 'react-admin';
import { newPasswordSchema } from '@sejahtera/sdk/staff';
import { supabase } from '../supabase.ts';
import { useDocumentLanguage } from '../layout/useDocumentLanguage.ts';

/**
 * A link that failed (used, expired) comes back with Auth's error in place of the route
 * (`#error=access_denied&error_code=otp_expired&...`, GoTrue's error redirect replaces the fragment):
 * it is shown on this page instead of an unknown route. Called once, before the console renders.
 */
export function showAuthLinkErrors(): void {
  const hash = window.location.hash;
  if (/^#(error|error_code)=/.test(hash) && new URLSearchParams(hash.slice(1)).get('error_code')) {
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}#/set-password${hash}`);
  }
}

interface Invitation {
  accessToken: string;
  refreshToken: string;
}

/** The tokens (or the error) Auth put in the fragment after the route's. */
function readFragment(hash: string): { invitation?: Invitation; error?: string } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  if (params.get('error_code') || params.get('error')) return { error: params.get('error_code') ?? params.get('error') ?? 'unknown' };
  const accessToken = params.get('access_token');
  const refreshToken = params.get('refresh_token');
  if (accessToken && refreshToken) return { invitation: { accessToken, refreshToken } };
  return {};
}

/** The shortest password the SDK's passwordSchema (Auth's settings, config.toml) accepts, for the hint. */
const MIN_LENGTH = 8;

/** What is wrong with the password by the SDK's own rules (at least 8 characters, letters and digits), as a message key. */
function passwordProblem(password: string): string | null {
  if (!password) return 'ra.validation.required';
  const issue = newPasswordSchema.safeParse({ password }).error?.issues[0];
  if (!issue) return null;
  return issue.code === 'too_small' ? 'sejahtera.set_password.too_short' : 'sejahtera.set_password.letters_digits';
}

export const SetPasswordPage = () => {
  const translate = useTranslate();
  const location = useLocation();
  const navigate = useNavigate();
  const authProvider = useAuthProvider();
  useDocumentLanguage();
  const [link] = useState(() => readFragment(location.hash));
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirmation?: string; form?: string }>({});
  const [saving, setSaving] = useState(false);

  // The tokens leave the address bar (and the history) as soon as they are read.
  useEffect(() => {
    if (location.hash) navigate(location.pathname, { replace: true });
  }, [location.hash, location.pathname, navigate]);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const problem = passwordProblem(password);
    const mismatch = password !== confirmation ? 'sejahtera.set_password.mismatch' : undefined;
    setErrors({ password: problem ?? undefined, confirmation: problem ? undefined : mismatch });
    if (problem || mismatch || !link.invitation) return;
    setSaving(true);
    try {
      const session = await supabase.auth.setSession({ access_token: link.invitation.accessToken, refresh_token: link.invitation.refreshToken });
      if (session.error || !session.data.user?.email) throw Object.assign(new Error('link'), { code: 'link' });
      const updated = await supabase.auth.updateUser({ password });
      if (updated.error) throw updated.error;
      // Signed in again with the new password, through the console's own sign-in (staff only). The
      // console decided who was signed in (nobody) and what they may see when this page opened, so it
      // loads afresh with the session the sign-in stored. The address without a fragment makes it a real
      // load: a change of route in this page would first meet the console's "nobody" and sign out.
      await authProvider!.login({ email: session.data.user.email, password });
      window.location.replace(`${window.location.pathname}${window.location.search}`);
    } catch (error) {
      const code = (error as { code?: string }).code;
      setErrors({
        form:
          code === 'link'
            ? 'sejahtera.set_password.link_invalid'
            : code === 'weak_password'
              ? 'sejahtera.set_password.letters_digits'
              : code === 'same_password'
                ? 'sejahtera.set_password.same_password'
                : 'sejahtera.set_password.failed',
      });
      setSaving(false);
    }
  };

  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: 'background.default', p: 2 }}>
      <Card sx={{ width: '100%', maxWidth: 420 }}>
        <Box sx={{ display: 'flex', justifyContent: 'flex-end', px: 1, pt: 1 }}>
          <LocalesMenuButton />
        </Box>
        <CardContent>
          <Typography component="h1" variant="h6" sx={{ textAlign: 'center' }}>
            {translate('sejahtera.set_password.title')}
          </Typography>
          {!link.invitation ? (
            <Alert severity="warning" sx={{ mt: 2 }}>
              {translate(link.error === 'otp_expired' ? 'sejahtera.set_password.link_expired' : 'sejahtera.set_password.link_invalid')}
            </Alert>
          ) : (
            <Box component="form" noValidate onSubmit={submit} sx={{ mt: 1 }}>
              <Typography variant="body2" sx={{ color: 'text.secondary', textAlign: 'center', mb: 1 }}>
                {translate('sejahtera.set_password.explain')}
              </Typography>
              <TextField
                name="password"
                type="password"
                autoComplete="new-password"
                label={translate('sejahtera.set_password.password')}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                error={Boolean(errors.password)}
                helperText={errors.password ? translate(errors.password, { min: MIN_LENGTH }) : translate('sejahtera.set_password.rules', { min: MIN_LENGTH })}
                fullWidth
                margin="normal"
                required
              />
              <TextField
                name="confirmation"
                type="password"
                autoComplete="new-password"
                label={translate('sejahtera.set_password.confirmation')}
                value={confirmation}
                onChange={(e) => setConfirmation(e.target.value)}
                error={Boolean(errors.confirmation)}
                helperText={errors.confirmation ? translate(errors.confirmation) : ' '}
                fullWidth
                margin="normal"
                required
              />
              {errors.form ? (
                <Alert severity="error" sx={{ mt: 1 }}>
                  {translate(errors.form)}
                </Alert>
              ) : null}
              <Button type="submit" variant="contained" fullWidth disabled={saving} sx={{ mt: 2 }} startIcon={saving ? <CircularProgress size={18} /> : null}>
                {translate('sejahtera.set_password.save')}
              </Button>
            </Box>
          )}
        </CardContent>
      </Card>
    </Box>
  );
};
