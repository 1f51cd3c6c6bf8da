/**
 * The console: react-admin over ra-supabase's providers on the one supabase-js client the SDK's staff
 * client also wraps. Each resource is a folder whose index.ts exports what <Resource> takes; menus
 * and pages follow the role (roles.ts, through the auth provider's canAccess).
 */
import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { Dashboard } from './dashboard/Dashboard.tsx';
import { i18nProvider } from './i18n/index.ts';
import { Layout } from './layout/Layout.tsx';
import { LoginPage } from './layout/LoginPage.tsx';
import { darkTheme, lightTheme } from './layout/themes.ts';
import persons from './persons/index.ts';
import cases from './cases/index.ts';
import contacts from './contacts/index.ts';
import { ImportContacts } from './import/ImportContacts.tsx';
import monitoring from './monitoring/index.ts';
import labResults from './lab_results/index.ts';
import announcements from './announcements/index.ts';
import feedback from './feedback/index.ts';
import staffMembers from './staff/index.ts';
import { SetPasswordPage, showAuthLinkErrors } from './staff/SetPasswordPage.tsx';
import questionnaires from './questionnaires/index.ts';
import ruleSets from './questionnaires/ruleSets.ts';
import auditLog from './audit/index.ts';
import reportSubscriptions from './reports/index.ts';
import { createAuthProvider } from './providers/authProvider.ts';
import { createDataProvider } from './providers/dataProvider.ts';
import { staff, supabase } from './supabase.ts';

showAuthLinkErrors();
const authProvider = createAuthProvider(supabase);
const dataProvider = createDataProvider(supabase, staff);

export const App = () => (
  <Admin
    title="Sejahtera"
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    layout={Layout}
    loginPage={LoginPage}
    dashboard={Dashboard}
    theme={lightTheme}
    darkTheme={darkTheme}
    requireAuth
    disableTelemetry
  >
    {/* Where a staff invitation's link leads; open without a session. */}
    <CustomRoutes noLayout>
      <Route path="/set-password" element={<SetPasswordPage />} />
    </CustomRoutes>
    <Resource name="persons" {...persons} />
    <Resource name="cases" {...cases}>
      <Route path=":id/import" element={<ImportContacts />} />
    </Resource>
    <Resource name="contacts" {...contacts} />
    <Resource name="monitoring" {...monitoring} />
    <Resource name="lab_results" {...labResults} />
    <Resource name="announcements" {...announcements} />
    <Resource name="feedback_tickets" {...feedback} />
    <Resource name="report_subscriptions" {...reportSubscriptions} />
    <Resource name="staff" {...staffMembers} />
    <Resource name="questionnaires" {...questionnaires} />
    <Resource name="rule_sets" {...ruleSets} />
    <Resource name="audit_log" {...auditLog} />
    {/* Reference data for inputs and fields; no pages of their own. */}
    <Resource name="districts" recordRepresentation="name" />
    <Resource name="states" recordRepresentation="name_en" />
    <Resource name="outbreaks" recordRepresentation="code" />
    <Resource name="questions" />
  </Admin>
);
