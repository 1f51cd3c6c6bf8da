/** Changing a draft (a published announcement is frozen: the database refuses, and the page says so). */
import { Edit } from 'react-admin';
import { AnnouncementForm } from './AnnouncementForm.tsx';

export const AnnouncementEdit = () => (
  <Edit redirect="show" mutationMode="pessimistic">
    <AnnouncementForm />
  </Edit>
);
