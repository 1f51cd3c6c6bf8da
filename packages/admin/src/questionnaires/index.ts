import QuizIcon from '@mui/icons-material/Quiz';
import { QuestionnaireCreate } from './QuestionnaireCreate.tsx';
import { QuestionnaireList } from './QuestionnaireList.tsx';
import { QuestionnaireShow } from './QuestionnaireShow.tsx';

/** Questionnaire versions (administrators): each version's questions in both languages; a new version from the newest (providers/questionnaires.ts). */
export default {
  list: QuestionnaireList,
  show: QuestionnaireShow,
  create: QuestionnaireCreate,
  icon: QuizIcon,
  recordRepresentation: (record: { version?: number }) => `v${record.version ?? ''}`,
};
