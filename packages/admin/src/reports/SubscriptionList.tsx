/**
 * The signed-in staff member's daily report subscriptions (areas, sections, email, language), and the
 * reports made for them with their CSV and document downloads. Analysts' reports name nobody.
 */
import { Alert, Box, Card, CardContent, Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { useQuery } from '@tanstack/react-query';
import {
  BooleanField,
  Button,
  DataTable,
  DeleteButton,
  FunctionField,
  List,
  useDataProvider,
  useLocaleState,
  useNotify,
  useTranslate,
} from 'react-admin';
import type { SejahteraDataProvider } from '../providers/dataProvider.ts';

function save(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

const Reports = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const [locale] = useLocaleState();
  const dataProvider = useDataProvider<SejahteraDataProvider>();
  const { data, error } = useQuery({ queryKey: ['reports'], queryFn: () => dataProvider.reports() });
  const download = async (id: string, date: string, kind: 'csv' | 'document') => {
    try {
      const text = await dataProvider.reportDownload(id, kind);
      save(`sejahtera-report-${date}.${kind === 'csv' ? 'csv' : 'html'}`, text, kind === 'csv' ? 'text/csv' : 'text/html');
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
  };
  return (
    <Card component="section" aria-label={translate('sejahtera.reports.reports')} sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {translate('sejahtera.reports.reports')}
        </Typography>
        {error ? <Alert severity="error">{(error as Error).message}</Alert> : null}
        {data && !data.length ? <Typography sx={{ color: 'text.secondary' }}>{translate('sejahtera.reports.none')}</Typography> : null}
        {data?.length ? (
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('sejahtera.reports.date')}</TableCell>
                <TableCell>{translate('sejahtera.reports.status')}</TableCell>
                <TableCell>{translate('resources.report_subscriptions.fields.sections')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {data.map((r) => (
                <TableRow key={r.id}>
                  <TableCell>{new Date(`${r.report_date}T00:00:00Z`).toLocaleDateString(locale === 'en' ? 'en-MY' : 'ms-MY', { timeZone: 'UTC', dateStyle: 'medium' })}</TableCell>
                  <TableCell>{translate(`sejahtera.reports.state.${r.status}`)}</TableCell>
                  <TableCell>{r.sections.map((s) => translate(`sejahtera.reports.section.${s}`)).join(', ')}</TableCell>
                  <TableCell align="right">
                    {r.status === 'delivered' ? (
                      <>
                        <Button label="sejahtera.reports.download_csv" onClick={() => download(r.id, r.report_date, 'csv')}>
                          <DownloadIcon />
                        </Button>
                        <Button label="sejahtera.reports.download_document" onClick={() => download(r.id, r.report_date, 'document')}>
                          <DownloadIcon />
                        </Button>
                      </>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : null}
      </CardContent>
    </Card>
  );
};

const Codes = ({ codes }: { codes: string[] }) => (
  <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
    {codes.map((c) => (
      <Chip key={c} size="small" label={c} />
    ))}
  </Box>
);

export const SubscriptionList = () => {
  const translate = useTranslate();
  return (
    <>
      <List exporter={false} pagination={false} sort={{ field: 'created_at', order: 'ASC' }}>
        <DataTable bulkActionButtons={false} rowClick="edit">
          <DataTable.Col source="states" disableSort>
            <FunctionField
              render={(r: { states: string[]; districts: string[] }) =>
                r.states.length || r.districts.length ? <Codes codes={[...r.states, ...r.districts]} /> : translate('sejahtera.reports.whole_jurisdiction')
              }
            />
          </DataTable.Col>
          <DataTable.Col source="sections" disableSort>
            <FunctionField render={(r: { sections: string[] }) => r.sections.map((s) => translate(`sejahtera.reports.section.${s}`)).join(', ')} />
          </DataTable.Col>
          <DataTable.Col source="email" disableSort />
          <DataTable.Col source="language" disableSort>
            <FunctionField render={(r: { language: string }) => translate(`sejahtera.language.${r.language}`)} />
          </DataTable.Col>
          <DataTable.Col source="active" disableSort>
            <BooleanField source="active" />
          </DataTable.Col>
          <DataTable.Col>
            <DeleteButton mutationMode="pessimistic" />
          </DataTable.Col>
        </DataTable>
      </List>
      <Reports />
    </>
  );
};
