/** Reading the first sheet of an XLSX file in the browser (read-excel-file), as a contacts file. */
import { readSheet } from 'read-excel-file/browser';
import { type ContactsFile, sheetToFile } from './contactsFile.ts';

export async function parseXlsx(file: Blob): Promise<ContactsFile> {
  return sheetToFile((await readSheet(file)) as unknown[][]);
}
