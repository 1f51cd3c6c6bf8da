/** The import's file handling (src/import/contactsFile.ts): headers guessed in Malay and English, cells as text, parts merged. */
import { describe, expect, it } from 'vitest';
import { ROWS_PER_CALL, applyMapping, guessMapping, importInParts, parseCsv, rejectedRowsCsv, sheetToFile } from '../src/import/contactsFile.ts';

describe('guessMapping', () => {
  it('maps Malay and English headers, whatever their case and punctuation, each header once', () => {
    expect(guessMapping(['Nama Penuh', 'No. Tel', 'NO. KP', 'Jenis Dokumen', 'Warganegara', 'Hubungan', 'Tarikh Pendedahan Terakhir', 'Daerah'])).toEqual({
      full_name: 'Nama Penuh',
      phone: 'No. Tel',
      identity_number: 'NO. KP',
      identity_type: 'Jenis Dokumen',
      nationality: 'Warganegara',
      setting: 'Hubungan',
      last_exposure_date: 'Tarikh Pendedahan Terakhir',
      district_code: 'Daerah',
      proximity: null,
    });
    const english = guessMapping(['Contact name', 'Mobile number', 'IC number', 'Close or casual', 'Date of last contact', 'Notes']);
    expect(english).toMatchObject({ full_name: 'Contact name', phone: 'Mobile number', identity_number: 'IC number', proximity: 'Close or casual', last_exposure_date: 'Date of last contact' });
    expect(Object.values(english)).not.toContain('Notes');
  });
});

describe('applyMapping', () => {
  it('gives text cells, Malaysian dates as YYYY-MM-DD, and the chosen document type to numbers without one', () => {
    const file = parseCsv('\uFEFFNama,Telefon,No KP,Tarikh pendedahan\r\nSiti,012-345 6789,900101-10-1234,25/11/2026\r\n,,,\r\nAli,,,2026-11-24\r\n');
    const rows = applyMapping(file, guessMapping(file.headers), 'mykad');
    expect(rows).toEqual([
      { full_name: 'Siti', phone: '012-345 6789', identity_number: '900101-10-1234', identity_type: 'mykad', last_exposure_date: '2026-11-25' },
      { full_name: 'Ali', last_exposure_date: '2026-11-24' },
    ]);
    const sheet = sheetToFile([
      ['Name', 'Phone', 'Last exposure date'],
      ['Tan', 60123456789, new Date(Date.UTC(2026, 10, 20))],
      [null, null, null],
    ]);
    expect(applyMapping(sheet, guessMapping(sheet.headers))).toEqual([{ full_name: 'Tan', phone: '60123456789', last_exposure_date: '2026-11-20' }]);
  });
});

describe('importInParts', () => {
  it('sends a large file in parts and merges their reports, row numbers (and repeats) counted from the file\'s first row', async () => {
    const rows = Array.from({ length: ROWS_PER_CALL * 2 + 5 }, (_, i) => ({ full_name: `P${i}` }));
    const sizes: number[] = [];
    const progress: number[] = [];
    const report = await importInParts(
      rows,
      async (part) => {
        sizes.push(part.length);
        return {
          inserted: part.length - 1,
          matched: 0,
          already_listed: 0,
          rejected: 1,
          rows: part.map((_, i) => ({ row_number: i + 1, outcome: i === 1 ? 'rejected' : 'inserted', reason: i === 1 ? 'row: the same contact as row 1' : null })),
        };
      },
      (done) => progress.push(done),
    );
    expect(sizes).toEqual([ROWS_PER_CALL, ROWS_PER_CALL, 5]);
    expect(progress).toEqual([ROWS_PER_CALL, ROWS_PER_CALL * 2, ROWS_PER_CALL * 2 + 5]);
    expect(report).toMatchObject({ inserted: rows.length - 3, rejected: 3 });
    expect(report.rows.map((r) => r.row_number)).toEqual(rows.map((_, i) => i + 1));
    expect(report.rows[ROWS_PER_CALL + 1]).toEqual({ row_number: ROWS_PER_CALL + 2, outcome: 'rejected', reason: `row: the same contact as row ${ROWS_PER_CALL + 1}` });
  });
});

describe('rejectedRowsCsv', () => {
  it('gives the rejected rows as the file had them, with their row number and reason', () => {
    const file = parseCsv('Nama,Telefon\nSiti,0123456789\n"Ali, bin Abu",x\n');
    const csv = rejectedRowsCsv(file, [
      { row_number: 1, outcome: 'inserted', reason: null },
      { row_number: 2, outcome: 'rejected', reason: 'phone: not a phone number' },
    ]);
    expect(csv.split('\r\n')).toEqual(['Nama,Telefon,row,reason', '"Ali, bin Abu",x,2,phone: not a phone number']);
  });
});

describe('reasonText', () => {
  const translate = (key: string, options?: Record<string, unknown>) => `<${key}${options?.value ? `|${String(options.value)}` : ''}>`;
  it("names the field by its label and the problem by its message, keeping the database's numbers", async () => {
    const { reasonText } = await import('../src/import/reasons.ts');
    expect(reasonText('last_exposure_date: missing', translate)).toBe('<resources.contacts.fields.last_exposure_date>: <sejahtera.import.reasons.missing>');
    expect(reasonText('row: the same contact as row 12', translate)).toBe('<sejahtera.import.row>: <sejahtera.import.reasons.same_contact|12>');
    expect(reasonText('phone or identity_number: give at least one, to find or invite the contact', translate)).toBe(
      '<resources.contacts.fields.phone> / <resources.contacts.fields.identity_number>: <sejahtera.import.reasons.phone_or_identity>',
    );
    // A wording the console does not know yet is shown as the database gives it.
    expect(reasonText('phone: some new rule', translate)).toBe('phone: some new rule');
    expect(reasonText(null, translate)).toBe('');
  });
});
