import PersonIcon from '@mui/icons-material/Person';
import { PersonList } from './PersonList.tsx';
import { PersonShow } from './PersonShow.tsx';

/** Persons: listed from persons_summary, opened through the audited person_detail (providers/persons.ts). */
export default {
  list: PersonList,
  show: PersonShow,
  icon: PersonIcon,
  recordRepresentation: 'full_name',
};
