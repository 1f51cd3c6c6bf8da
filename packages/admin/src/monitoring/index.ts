import MonitoringIcon from '@mui/icons-material/MonitorHeart';
import { MonitoringList } from './MonitoringList.tsx';

/** Monitoring line lists: monitoring_summary by list, with counts; actions through the SDK (providers/tracing.ts). */
export default {
  list: MonitoringList,
  icon: MonitoringIcon,
  recordRepresentation: 'full_name',
};
