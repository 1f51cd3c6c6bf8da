import CampaignIcon from '@mui/icons-material/Campaign';
import { AnnouncementCreate } from './AnnouncementCreate.tsx';
import { AnnouncementEdit } from './AnnouncementEdit.tsx';
import { AnnouncementList } from './AnnouncementList.tsx';
import { AnnouncementShow } from './AnnouncementShow.tsx';

/** Announcements: composed in Malay and English for an audience, previewed, published once (providers/announcements.ts). */
export default {
  list: AnnouncementList,
  show: AnnouncementShow,
  create: AnnouncementCreate,
  edit: AnnouncementEdit,
  icon: CampaignIcon,
  recordRepresentation: (record: { title?: { en?: string } }) => record.title?.en ?? '',
};
