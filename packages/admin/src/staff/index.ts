import BadgeIcon from '@mui/icons-material/Badge';
import { StaffCreate } from './StaffCreate.tsx';
import { StaffEdit } from './StaffEdit.tsx';
import { StaffList } from './StaffList.tsx';

/**
 * Staff, roles and jurisdictions (providers/staff.ts). A new staff member is invited by email (create:
 * the invite-staff edge function), and sets their password on SetPasswordPage (a route of App.tsx).
 */
export default {
  list: StaffList,
  create: StaffCreate,
  edit: StaffEdit,
  icon: BadgeIcon,
  recordRepresentation: 'full_name',
};
