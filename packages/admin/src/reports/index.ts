import SummarizeIcon from '@mui/icons-material/Summarize';
import { SubscriptionCreate, SubscriptionEdit } from './SubscriptionCreate.tsx';
import { SubscriptionList } from './SubscriptionList.tsx';

/** Daily report subscriptions, one's own, and the reports made for them (providers/reportSubscriptions.ts). */
export default {
  list: SubscriptionList,
  create: SubscriptionCreate,
  edit: SubscriptionEdit,
  icon: SummarizeIcon,
};
