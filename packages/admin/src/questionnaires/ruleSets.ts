import RuleIcon from '@mui/icons-material/Rule';
import { RuleSetCreate } from './RuleSetCreate.tsx';
import { RuleSetList } from './RuleSetList.tsx';

/** Rule set versions (administrators): listed, and a new version published. */
export default {
  list: RuleSetList,
  create: RuleSetCreate,
  icon: RuleIcon,
  recordRepresentation: (record: { version?: number }) => `v${record.version ?? ''}`,
};
