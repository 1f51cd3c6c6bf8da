/**
 * A contacts file (CSV or XLSX) as rows for public.import_contacts: parsing, the column mapping guessed
 * from the file's headers (Malay or English) and editable by the officer, and the rejected rows as a CSV
 * with their reasons. Only the file's shape is handled here; every rule about a row (a missing name, a
 * bad MyKad, a future date) is the database's, through the import's dry run and the import itself.
 * Free of the DOM and React, so the benchmark runs the same code in Node.
 */
import Papa from 'papaparse';

/** The fields of a contact row, as public.import_contacts reads them. */
export const contactFields = [
  'full_name',
  'phone',
  'identity_type',
  'identity_number',
  'nationality',
  'setting',
  'proximity',
  'last_exposure_date',
  'district_code',
] as const;
export type ContactField = (typeof contactFields)[number];

/** A row as import_contacts takes it: text fields, any of which may be missing. */
export type ContactRow = Partial<Record<ContactField, string | null>>;

/** Which column of the file (by its header) fills each field; null: none. */
export type ColumnMapping = Record<ContactField, string | null>;

/** A parsed file: its headers in order and its rows keyed by header, cells as text. */
export interface ContactsFile {
  headers: string[];
  rows: Array<Record<string, string>>;
}

/** The headers each field is known by, in English and Malay (compared lowercased, without punctuation). */
const headerNames: Record<ContactField, string[]> = {
  full_name: ['full name', 'name', 'contact name', 'nama', 'nama penuh', 'nama kontak'],
  phone: ['phone', 'phone number', 'mobile', 'mobile number', 'telephone', 'tel', 'no tel', 'telefon', 'no telefon', 'nombor telefon', 'no telefon bimbit', 'telefon bimbit'],
  identity_type: ['identity type', 'id type', 'document', 'document type', 'jenis dokumen', 'jenis pengenalan', 'jenis id'],
  identity_number: [
    'identity number', 'id number', 'ic', 'ic number', 'ic no', 'mykad', 'mykad number', 'passport', 'passport number', 'document number',
    'no kp', 'no kad pengenalan', 'nombor kad pengenalan', 'kad pengenalan', 'no pengenalan', 'nombor pengenalan', 'no pasport', 'no dokumen',
  ],
  nationality: ['nationality', 'country', 'citizenship', 'warganegara', 'kewarganegaraan', 'negara'],
  setting: ['setting', 'relationship', 'relationship or setting', 'place', 'hubungan', 'tempat', 'lokasi', 'hubungan atau tempat'],
  proximity: ['proximity', 'contact type', 'close or casual', 'jenis kontak', 'kategori kontak', 'kedekatan'],
  last_exposure_date: [
    'last exposure date', 'last exposure', 'exposure date', 'date of exposure', 'last contact date', 'date of last contact',
    'tarikh pendedahan terakhir', 'tarikh pendedahan', 'tarikh kontak terakhir', 'tarikh kontak',
  ],
  district_code: ['district code', 'district', 'kod daerah', 'daerah'],
};

const normalizeHeader = (header: string) =>
  header
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * The mapping guessed from the file's headers: a header equal to one of a field's names (in either
 * language, ignoring case and punctuation), else one that contains such a name; each header used once.
 */
export function guessMapping(headers: string[]): ColumnMapping {
  const mapping = Object.fromEntries(contactFields.map((field) => [field, null])) as ColumnMapping;
  const used = new Set<string>();
  const normalized = headers.map((header) => [header, normalizeHeader(header)] as const);
  for (const exact of [true, false]) {
    for (const field of contactFields) {
      if (mapping[field]) continue;
      const names = headerNames[field];
      const found = normalized.find(
        ([header, text]) => !used.has(header) && names.some((name) => (exact ? text === name : text.length > 0 && (` ${text} `).includes(` ${name} `))),
      );
      if (found) {
        mapping[field] = found[0];
        used.add(found[0]);
      }
    }
  }
  return mapping;
}

/** A cell as text: dates (as an XLSX reader gives them) as YYYY-MM-DD, numbers without exponent, blanks as null. */
export function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  const text = String(value).trim();
  return text === '' ? null : text;
}

/** A date written the Malaysian way (25/11/2026, 25-11-2026, 25.11.2026) as YYYY-MM-DD; anything else as it is, for the database to judge. */
export function isoDate(text: string | null): string | null {
  if (!text) return text;
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (dmy) return `${dmy[3]}-${dmy[2].padStart(2, '0')}-${dmy[1].padStart(2, '0')}`;
  return text;
}

/**
 * The file's rows as import_contacts takes them, through the mapping; `identityType` fills the document
 * type of rows that give a number but no type (a file with only a "No. KP" column). Row i of the result
 * is the file's data row i + 1, as the import's row_number counts.
 */
export function applyMapping(file: ContactsFile, mapping: ColumnMapping, identityType: string | null = null): ContactRow[] {
  const mapped = contactFields.filter((field) => mapping[field]);
  return file.rows.map((cells) => {
    const row: ContactRow = {};
    for (const field of mapped) {
      const text = cellText(cells[mapping[field] as string]);
      if (text !== null) row[field] = field === 'last_exposure_date' ? isoDate(text) : text;
    }
    if (identityType && row.identity_number && !row.identity_type) row.identity_type = identityType;
    return row;
  });
}

/** Parses a CSV file's text (comma, semicolon or tab separated; a header row first). Blank lines are skipped. */
export function parseCsv(text: string): ContactsFile {
  const result = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (header) => header.trim(),
  });
  const headers = (result.meta.fields ?? []).filter((header) => header !== '');
  return { headers, rows: result.data };
}

/** A sheet's rows (the first the header) as a contacts file; cells are kept as read (dates as Date). */
export function sheetToFile(sheet: unknown[][]): ContactsFile {
  const [first = [], ...rest] = sheet;
  const headers = first.map((cell) => cellText(cell) ?? '');
  const rows = rest
    .filter((cells) => cells.some((cell) => cellText(cell) !== null))
    .map((cells) => Object.fromEntries(headers.map((header, i) => [header, cells[i]]).filter(([header]) => header !== '')) as Record<string, string>);
  return { headers: headers.filter((header) => header !== ''), rows };
}

/** One row of an import's report, as the database gives it. */
export interface ImportRowResult {
  row_number: number;
  outcome: string;
  reason: string | null;
}

/** The rejected rows as a CSV file: the file's own columns as read, then the row number and the reason. */
export function rejectedRowsCsv(file: ContactsFile, results: ImportRowResult[], labels = { row: 'row', reason: 'reason' }): string {
  const rejected = results.filter((result) => result.outcome === 'rejected');
  const data = rejected.map((result) => {
    const cells = file.rows[result.row_number - 1] ?? {};
    return [...file.headers.map((header) => cellText(cells[header]) ?? ''), String(result.row_number), result.reason ?? ''];
  });
  return Papa.unparse({ fields: [...file.headers, labels.row, labels.reason], data });
}

/** An import's report: counts per outcome and every row's result (public.import_contacts and its dry run). */
export interface ImportReport<Row extends ImportRowResult = ImportRowResult> {
  inserted: number;
  matched: number;
  already_listed: number;
  rejected: number;
  rows: Row[];
}

/**
 * Rows per call of the import (and of its dry run). A call runs within the API's statement timeout (8 s
 * for signed-in users on Supabase) with room to spare on a busy database; a file of up to this many rows,
 * nearly every file an officer has, is one set-based call. A larger one is sent in parts, in order: a
 * person repeated across parts is then found by the later part (phone or document) and reported
 * already_listed rather than as a repeat, and nobody is added twice.
 */
export const ROWS_PER_CALL = 1000;

/**
 * `call` on each part of `rows` in turn, the reports merged as one: counts summed, row numbers counted
 * from the file's first row. `progress` is told how many rows are done after each part.
 */
export async function importInParts<Row extends ImportRowResult, Report extends ImportReport<Row>>(
  rows: ContactRow[],
  call: (part: ContactRow[]) => Promise<Report>,
  progress?: (done: number, total: number) => void,
): Promise<Report> {
  const reports: Report[] = [];
  const merged: Row[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_CALL) {
    const report = await call(rows.slice(start, start + ROWS_PER_CALL));
    reports.push(report);
    for (const row of report.rows) merged.push({ ...row, row_number: row.row_number + start, reason: shiftRowReference(row.reason, start) });
    progress?.(Math.min(start + ROWS_PER_CALL, rows.length), rows.length);
  }
  const sum = (outcome: 'inserted' | 'matched' | 'already_listed' | 'rejected') => reports.reduce((total, report) => total + report[outcome], 0);
  return { ...reports[0], inserted: sum('inserted'), matched: sum('matched'), already_listed: sum('already_listed'), rejected: sum('rejected'), rows: merged };
}

/** "row: the same contact as row 3" in a part starting at `offset` names the file's row 3 + offset. */
function shiftRowReference(reason: string | null, offset: number): string | null {
  if (!reason || offset === 0) return reason;
  return reason.replace(/^(row: the same (?:contact|person) as row )(\d+)$/, (_all, text: string, n: string) => `${text}${Number(n) + offset}`);
}
