/**
 * Who may do what in the console. The database's row-level security is what protects the data; this
 * table only decides what the console offers each role (menus, pages, buttons), so nobody is shown a
 * page that would come back empty or refused.
 */
export type StaffRole = 'officer' | 'supervisor' | 'analyst' | 'agent' | 'admin';

/** What getPermissions returns: the signed-in staff member's role and jurisdiction. */
export interface Permissions {
  role: StaffRole;
  /** The state a supervisor covers (and the state an officer belongs to). */
  stateCode: string | null;
  /** The districts an officer covers; empty for other roles. */
  districts: string[];
}

const tracingRoles: StaffRole[] = ['officer', 'supervisor', 'admin'];

/**
 * The roles that see each part of the console. Keys are resource names (as in `<Resource name>`) and
 * `dashboard`. A resource listed here but not yet built simply has no menu entry.
 */
export const accessByResource: Record<string, StaffRole[]> = {
  dashboard: ['officer', 'supervisor', 'analyst', 'admin'],
  persons: tracingRoles,
  cases: tracingRoles,
  contacts: tracingRoles,
  monitoring: tracingRoles,
  lab_results: tracingRoles,
  announcements: ['officer', 'supervisor', 'admin'],
  feedback_tickets: ['agent', 'admin'],
  report_subscriptions: ['officer', 'supervisor', 'analyst', 'admin'],
  staff: ['supervisor', 'admin'],
  questionnaires: ['admin'],
  rule_sets: ['admin'],
  audit_log: ['admin'],
};

/** Actions only some of a resource's roles may take, as `resource.action`. */
export const accessByAction: Record<string, StaffRole[]> = {
  'persons.delete': ['admin'],
};

/** Whether `role` may take `action` on `resource` (react-admin's canAccess). */
export function roleCan(role: StaffRole | undefined, resource: string, action: string): boolean {
  if (!role) return false;
  const byAction = accessByAction[`${resource}.${action}`];
  if (byAction) return byAction.includes(role);
  return (accessByResource[resource] ?? []).includes(role);
}
