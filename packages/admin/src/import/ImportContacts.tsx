/**
 * Importing a case's contacts from a CSV or XLSX file, in four steps: the file; the column mapping
 * (guessed from its headers, in Malay or English, and editable); the database's verdict on every row
 * before anything is written (public.preview_contact_import, a dry run of the import itself); then the
 * import (one set-based call of public.import_contacts) and its report. Rejected rows can be
 * downloaded as CSV with their reasons, at both reports. Re-importing the same file adds nothing.
 */
import DownloadIcon from '@mui/icons-material/Download';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  MenuItem,
  Stack,
  Step,
  StepLabel,
  Stepper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { type ChangeEvent, useMemo, useState } from 'react';
import { Link, Title, useDataProvider, useGetOne, useTranslate } from 'react-admin';
import { useParams } from 'react-router-dom';
import type { ContactImportReport } from '@sejahtera/sdk/staff';
import type { SejahteraDataProvider } from '../providers/dataProvider.ts';
import {
  type ColumnMapping,
  type ContactsFile,
  ROWS_PER_CALL,
  applyMapping,
  contactFields,
  guessMapping,
  importInParts,
  parseCsv,
  rejectedRowsCsv,
} from './contactsFile.ts';
import { reasonText } from './reasons.ts';

type Stage = 'file' | 'mapping' | 'preview' | 'done';
const stages: Stage[] = ['file', 'mapping', 'preview', 'done'];
/** Rows shown in a report's table; the rest are in the download. */
const SHOWN = 200;

async function readFile(file: File): Promise<ContactsFile> {
  if (/\.xlsx$/i.test(file.name)) {
    const { parseXlsx } = await import('./xlsx.ts');
    return parseXlsx(file);
  }
  return parseCsv(await file.text());
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([`\uFEFF${text}`], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const Counts = ({ report, committed }: { report: ContactImportReport; committed: boolean }) => {
  const translate = useTranslate();
  const prefix = committed ? 'sejahtera.import.result' : 'sejahtera.import.would';
  return (
    <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', gap: 1 }} aria-label={translate('sejahtera.import.counts')} role="list">
      {(['inserted', 'matched', 'already_listed', 'rejected'] as const).map((outcome) => (
        <Chip
          key={outcome}
          role="listitem"
          data-outcome={outcome}
          color={outcome === 'rejected' ? (report.rejected ? 'error' : 'default') : outcome === 'already_listed' ? 'default' : 'success'}
          variant="outlined"
          label={translate(`${prefix}.${outcome}`, { smart_count: report[outcome] })}
        />
      ))}
    </Stack>
  );
};

const RowsTable = ({ file, report, onlyRejected }: { file: ContactsFile; report: ContactImportReport; onlyRejected: boolean }) => {
  const translate = useTranslate();
  const rows = onlyRejected ? report.rows.filter((r) => r.outcome === 'rejected') : report.rows;
  const nameColumn = useMemo(() => guessMapping(file.headers).full_name, [file]);
  if (rows.length === 0) return null;
  return (
    <>
      <Table size="small" aria-label={translate(onlyRejected ? 'sejahtera.import.rejected_rows' : 'sejahtera.import.all_rows')}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('sejahtera.import.row')}</TableCell>
            <TableCell>{translate('resources.contacts.fields.full_name')}</TableCell>
            <TableCell>{translate('sejahtera.import.outcome')}</TableCell>
            <TableCell>{translate('sejahtera.import.reason')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.slice(0, SHOWN).map((row) => (
            <TableRow key={row.row_number} data-row={row.row_number}>
              <TableCell>{row.row_number}</TableCell>
              <TableCell>{nameColumn ? String(file.rows[row.row_number - 1]?.[nameColumn] ?? '') : ''}</TableCell>
              <TableCell>{translate(`sejahtera.import.outcomes.${row.outcome}`)}</TableCell>
              <TableCell>{reasonText(row.reason, translate)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {rows.length > SHOWN ? (
        <Typography variant="body2" sx={{ mt: 1 }}>
          {translate('sejahtera.import.more_rows', { count: rows.length - SHOWN })}
        </Typography>
      ) : null}
    </>
  );
};

export const ImportContacts = () => {
  const { id: caseId = '' } = useParams();
  const translate = useTranslate();
  const dataProvider = useDataProvider<SejahteraDataProvider>();
  const { data: kase } = useGetOne('cases', { id: caseId });
  const [stage, setStage] = useState<Stage>('file');
  const [fileName, setFileName] = useState('');
  const [file, setFile] = useState<ContactsFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping | null>(null);
  const [identityType, setIdentityType] = useState('mykad');
  const [preview, setPreview] = useState<ContactImportReport | null>(null);
  const [result, setResult] = useState<ContactImportReport | null>(null);

  const rows = useMemo(() => (file && mapping ? applyMapping(file, mapping, mapping.identity_type ? null : identityType) : []), [file, mapping, identityType]);
  // Rows done so far, while a file larger than one call is sent in parts.
  const [done, setDone] = useState(0);
  const partly = (done: number) => setDone(done);
  const check = useMutation({
    onMutate: () => setDone(0),
    mutationFn: () => importInParts(rows, (part) => dataProvider.previewImport(caseId, part), partly),
    onSuccess: (report) => {
      setPreview(report);
      setStage('preview');
    },
  });
  const commit = useMutation({
    onMutate: () => setDone(0),
    mutationFn: () => importInParts(rows, (part) => dataProvider.importContacts(caseId, part), partly),
    onSuccess: (report) => {
      setResult(report);
      setStage('done');
    },
  });

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    event.target.value = '';
    if (!chosen) return;
    setFileError(null);
    try {
      const parsed = await readFile(chosen);
      if (parsed.headers.length === 0 || parsed.rows.length === 0) throw new Error(translate('sejahtera.import.empty_file'));
      setFile(parsed);
      setFileName(chosen.name);
      setMapping(guessMapping(parsed.headers));
      setPreview(null);
      setResult(null);
      setStage('mapping');
    } catch (error) {
      setFileError(translate('sejahtera.import.unreadable', { name: chosen.name, error: (error as Error).message }));
    }
  };
  const rejectedName = fileName.replace(/\.(csv|xlsx)$/i, '') + '-rejected.csv';
  const downloadRejected = (report: ContactImportReport) =>
    file &&
    download(
      rejectedName,
      rejectedRowsCsv(
        file,
        report.rows.map((row) => ({ ...row, reason: reasonText(row.reason, translate) })),
        { row: translate('sejahtera.import.row'), reason: translate('sejahtera.import.reason') },
      ),
    );

  return (
    <Box sx={{ mt: 2 }}>
      <Title title={translate('sejahtera.import.title', { case_number: kase?.case_number ?? '' })} />
      <Card>
        <CardContent>
          <Stack spacing={3}>
            <Typography variant="h5" component="h1">
              {translate('sejahtera.import.title', { case_number: kase?.case_number ?? '' })}
            </Typography>
            <Stepper activeStep={stages.indexOf(stage)} alternativeLabel>
              {stages.map((s) => (
                <Step key={s}>
                  <StepLabel>{translate(`sejahtera.import.steps.${s}`)}</StepLabel>
                </Step>
              ))}
            </Stepper>

            <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
              <Button variant={stage === 'file' ? 'contained' : 'outlined'} component="label" startIcon={<UploadFileIcon />}>
                {translate(stage === 'file' ? 'sejahtera.import.choose_file' : 'sejahtera.import.choose_another')}
                <input hidden type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={onFile} data-testid="import-file" />
              </Button>
              {file ? (
                <Typography>{translate('sejahtera.import.file_read', { name: fileName, smart_count: file.rows.length })}</Typography>
              ) : (
                <Typography sx={{ color: 'text.secondary' }}>{translate('sejahtera.import.file_help')}</Typography>
              )}
            </Stack>
            {fileError ? <Alert severity="error">{fileError}</Alert> : null}

            {stage === 'mapping' && file && mapping ? (
              <Stack spacing={2} component="section" aria-label={translate('sejahtera.import.steps.mapping')}>
                <Typography>{translate('sejahtera.import.mapping_help')}</Typography>
                <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'repeat(3, 1fr)' }, gap: 2 }}>
                  {contactFields.map((field) => (
                    <TextField
                      key={field}
                      select
                      size="small"
                      label={translate(`resources.contacts.fields.${field}`)}
                      value={mapping[field] ?? ''}
                      onChange={(e) => setMapping({ ...mapping, [field]: e.target.value || null })}
                      slotProps={{ select: { SelectDisplayProps: { 'aria-label': translate(`resources.contacts.fields.${field}`), id: `map-${field}` } as object } }}
                    >
                      <MenuItem value="">{translate('sejahtera.import.not_in_file')}</MenuItem>
                      {file.headers.map((header) => (
                        <MenuItem key={header} value={header}>
                          {header}
                        </MenuItem>
                      ))}
                    </TextField>
                  ))}
                  {!mapping.identity_type && mapping.identity_number ? (
                    <TextField select size="small" label={translate('sejahtera.import.identity_type_default')} value={identityType} onChange={(e) => setIdentityType(e.target.value)}>
                      {['mykad', 'mypr', 'passport', 'other'].map((kind) => (
                        <MenuItem key={kind} value={kind}>
                          {translate(`sejahtera.identity_type.${kind}`)}
                        </MenuItem>
                      ))}
                    </TextField>
                  ) : null}
                </Box>
                {!mapping.full_name ? <Alert severity="warning">{translate('sejahtera.import.map_name')}</Alert> : null}
                {check.error ? <Alert severity="error">{(check.error as Error).message}</Alert> : null}
                <Box>
                  <Button variant="contained" disabled={check.isPending || !mapping.full_name} onClick={() => check.mutate()}>
                    {translate(check.isPending ? (rows.length > ROWS_PER_CALL ? 'sejahtera.import.checking_parts' : 'sejahtera.import.checking') : 'sejahtera.import.check', { smart_count: rows.length, done, total: rows.length })}
                  </Button>
                </Box>
              </Stack>
            ) : null}

            {stage === 'preview' && file && preview ? (
              <Stack spacing={2} component="section" aria-label={translate('sejahtera.import.steps.preview')}>
                <Alert severity={preview.rejected ? 'warning' : 'info'}>
                  {translate(preview.rejected ? 'sejahtera.import.preview_with_rejections' : 'sejahtera.import.preview_clean')}
                </Alert>
                <Counts report={preview} committed={false} />
                <RowsTable file={file} report={preview} onlyRejected />
                {commit.error ? <Alert severity="error">{(commit.error as Error).message}</Alert> : null}
                <Stack direction="row" spacing={2}>
                  <Button variant="outlined" onClick={() => setStage('mapping')}>
                    {translate('sejahtera.import.back_to_mapping')}
                  </Button>
                  {preview.rejected ? (
                    <Button variant="outlined" startIcon={<DownloadIcon />} onClick={() => downloadRejected(preview)}>
                      {translate('sejahtera.import.download_rejected')}
                    </Button>
                  ) : null}
                  <Button variant="contained" disabled={commit.isPending || preview.inserted + preview.matched === 0} onClick={() => commit.mutate()}>
                    {translate(commit.isPending ? (rows.length > ROWS_PER_CALL ? 'sejahtera.import.importing_parts' : 'sejahtera.import.importing') : 'sejahtera.import.commit', { smart_count: preview.inserted + preview.matched, done, total: rows.length })}
                  </Button>
                </Stack>
              </Stack>
            ) : null}

            {stage === 'done' && file && result ? (
              <Stack spacing={2} component="section" aria-label={translate('sejahtera.import.steps.done')}>
                <Alert severity="success">{translate('sejahtera.import.done')}</Alert>
                <Counts report={result} committed />
                <RowsTable file={file} report={result} onlyRejected />
                <Stack direction="row" spacing={2}>
                  {result.rejected ? (
                    <Button variant="outlined" startIcon={<DownloadIcon />} onClick={() => downloadRejected(result)}>
                      {translate('sejahtera.import.download_rejected')}
                    </Button>
                  ) : null}
                  <Button component={Link} to={`/cases/${caseId}/show`} variant="contained">
                    {translate('sejahtera.import.back_to_case')}
                  </Button>
                </Stack>
              </Stack>
            ) : null}
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
};
