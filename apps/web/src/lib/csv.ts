// CSV that opens correctly in Danish Excel: ';' between fields, a UTF-8 byte order mark, da-DK numbers and dates.
import { stringify } from 'csv-stringify/sync';
import { offerDownload } from './download';

export type CsvCell = string | number | bigint | null | undefined;

const BOM = '\uFEFF';

export function toDanishCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const cells = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
  return BOM + stringify([header as string[], ...cells], { delimiter: ';', record_delimiter: '\r\n' });
}

/** Øre as a da-DK decimal number of kroner without a currency sign ("1234567" → "12345,67"), as Excel reads it. */
export function oreForCsv(value: string | number | bigint | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const ore = BigInt(value);
  const negative = ore < 0n;
  const abs = negative ? -ore : ore;
  return `${negative ? '-' : ''}${abs / 100n},${String(abs % 100n).padStart(2, '0')}`;
}

/** Offers the text as a file download. */
export function downloadCsv(fileName: string, csv: string): void {
  offerDownload(fileName, new Blob([csv], { type: 'text/csv;charset=utf-8' }));
}
