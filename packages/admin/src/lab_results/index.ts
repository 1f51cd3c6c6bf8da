import ScienceIcon from '@mui/icons-material/Science';
import { LabResultCreate } from './LabResultCreate.tsx';
import { LabResultList } from './LabResultList.tsx';

/** Lab results: listed from lab_results_summary, entered through the SDK (labs.enter). */
export default {
  list: LabResultList,
  create: LabResultCreate,
  icon: ScienceIcon,
  recordRepresentation: 'laboratory',
};
