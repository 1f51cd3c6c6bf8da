import BadgeIcon from '@mui/icons-material/Badge';
import { StaffEdit } from './StaffEdit.tsx';
import { StaffList } from './StaffList.tsx';

/**
 * Staff, roles and jurisdictions (providers/staff.ts). Accounts are not created here: a staff member
 * signs up (or is created in Auth) and an administrator gives the account its role in the database.
 */
export default {
  list: StaffList,
  edit: StaffEdit,
  icon: BadgeIcon,
  recordRepresentation: 'full_name',
};
