import HistoryIcon from '@mui/icons-material/History';
import { AuditLogList } from './AuditLogList.tsx';

/** The audit log (administrators only). */
export default {
  list: AuditLogList,
  icon: HistoryIcon,
};
