import ContactIcon from '@mui/icons-material/Group';
import { ContactCreate } from './ContactCreate.tsx';
import { ContactList } from './ContactList.tsx';

/** Contacts (exposures): listed from contacts_summary; added one by one through the SDK, or imported from a file (src/import). */
export default {
  list: ContactList,
  create: ContactCreate,
  icon: ContactIcon,
  recordRepresentation: 'full_name',
};
