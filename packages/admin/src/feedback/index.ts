import ForumIcon from '@mui/icons-material/Forum';
import { FeedbackList } from './FeedbackList.tsx';
import { FeedbackShow } from './FeedbackShow.tsx';

/** Feedback tickets: the call centre's queue by status, a ticket's thread, replies and status changes. */
export default {
  list: FeedbackList,
  show: FeedbackShow,
  icon: ForumIcon,
  recordRepresentation: 'subject',
};
