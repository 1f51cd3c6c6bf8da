import CaseIcon from '@mui/icons-material/CoronavirusOutlined';
import { CaseCreate } from './CaseCreate.tsx';
import { CaseList } from './CaseList.tsx';
import { CaseShow } from './CaseShow.tsx';

/** Cases: listed from cases_summary; recorded and closed through the SDK (providers/tracing.ts). */
export default {
  list: CaseList,
  show: CaseShow,
  create: CaseCreate,
  icon: CaseIcon,
  recordRepresentation: 'case_number',
};
