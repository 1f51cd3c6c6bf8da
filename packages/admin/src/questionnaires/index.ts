import QuizIcon from '@mui/icons-material/Quiz';
import { QuestionnaireList } from './QuestionnaireList.tsx';
import { QuestionnaireShow } from './QuestionnaireShow.tsx';

/** Questionnaire versions (administrators): each version's questions in both languages. */
export default {
  list: QuestionnaireList,
  show: QuestionnaireShow,
  icon: QuizIcon,
  recordRepresentation: (record: { version?: number }) => `v${record.version ?? ''}`,
};
