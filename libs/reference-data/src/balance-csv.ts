// The file format of the labour-market balance, one file for one or more half-years:
//
//   # source: STAR, Arbejdsmarkedsbalancen 2019H2, www.arbejdsmarkedsbalancen.dk    (required)
//   # sample: yes, invented figures                                                  (optional: marks a sample)
//   # any other comment
//   half_year,rar_area,job_title,disco_08,status
//   2019H2,Hovedstaden,Social- og sundhedsassistent,532100,omfattende mangel
//
// Comment lines come before the header row; blank lines are ignored anywhere. Fields follow RFC 4180 quoting, so a
// job title may hold a comma ("Montør, el"). A `# sample:` line marks the file a sample unless its value is 'no' or
// 'false'. The parser checks every line and reports every fault, so one round trip mends a whole file.

import { isHalfYear, type HalfYear } from '@puljeflow/domain';
import { rarAreaNamed } from './areas';
import { BALANCE_STATUSES, balanceKey, type BalanceEntry, type BalanceStatus } from './balance';
import { readCsv } from './csv';

export const BALANCE_COLUMNS = ['half_year', 'rar_area', 'job_title', 'disco_08', 'status'] as const;

export interface BalanceFileError {
  /** 1-based line of the file. */
  line: number;
  message: string;
}

export type ParsedBalance =
  | { ok: true; source: string; sample: boolean; halfYears: HalfYear[]; entries: BalanceEntry[] }
  | { ok: false; errors: BalanceFileError[] };

const STATUS_BY_FOLDED = new Map<string, BalanceStatus>(BALANCE_STATUSES.map((s) => [s, s]));
const DISCO_08 = /^\d{6}$/;
const META = /^#\s*([a-z_]+)\s*:(.*)$/i;

/** Reads a balance file; pure. Either everything in it is valid, or the answer lists every fault by line. */
export function parseBalanceCsv(text: string): ParsedBalance {
  const errors: BalanceFileError[] = [];
  const fail = (line: number, message: string) => errors.push({ line, message });
  let source: string | undefined;
  let sourceLine: number | undefined;
  let sample = false;
  let headerSeen = false;
  const entries: BalanceEntry[] = [];
  const firstLineOf = new Map<string, number>();

  for (const record of readCsv(text, { commentPrefix: '#' })) {
    const { line } = record;
    if (record.kind === 'error') {
      fail(line, record.message);
      headerSeen = true; // the first record that is not a comment is the header row, however malformed
      continue;
    }
    if (record.kind === 'comment') {
      if (headerSeen) {
        fail(line, 'a comment line after the header row; comments belong before it');
        continue;
      }
      const meta = META.exec(record.text);
      const key = meta?.[1]?.toLowerCase();
      const value = meta?.[2]?.trim() ?? '';
      if (key === 'source') {
        if (sourceLine !== undefined) fail(line, `a second '# source:' line (the first is on line ${sourceLine})`);
        else if (value === '') fail(line, "'# source:' names no source");
        else source = value;
        sourceLine ??= line;
      } else if (key === 'sample') {
        sample = !/^(no|false)\b/i.test(value);
      }
      continue;
    }
    if (!headerSeen) {
      headerSeen = true;
      const header = record.fields.map((f) => f.trim().toLowerCase());
      if (header.join(',') !== BALANCE_COLUMNS.join(',')) {
        fail(line, `the header row must be '${BALANCE_COLUMNS.join(',')}', found '${record.fields.join(',')}'`);
      }
      continue;
    }
    const entry = parseRow(record.fields, (message) => fail(line, message));
    if (!entry) continue;
    const key = balanceKey(entry);
    const first = firstLineOf.get(key);
    if (first !== undefined) {
      fail(line, `duplicate of line ${first}: ${entry.halfYear}, ${entry.rarArea}, '${entry.jobTitle}'`);
      continue;
    }
    firstLineOf.set(key, line);
    entries.push(entry);
  }

  if (sourceLine === undefined) fail(1, "no '# source:' line naming where the balance comes from");
  if (!headerSeen) fail(1, `no header row '${BALANCE_COLUMNS.join(',')}'`);
  else if (entries.length === 0 && errors.length === 0) fail(1, 'no entries');

  if (errors.length > 0 || source === undefined) {
    return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };
  }
  const halfYears = [...new Set(entries.map((e) => e.halfYear))].sort();
  return { ok: true, source, sample, halfYears, entries };
}

/** One data row, or undefined after reporting each fault it has. */
function parseRow(fields: string[], fail: (message: string) => void): BalanceEntry | undefined {
  if (fields.length !== BALANCE_COLUMNS.length) {
    fail(`expected ${BALANCE_COLUMNS.length} fields (${BALANCE_COLUMNS.join(',')}), found ${fields.length}`);
    return undefined;
  }
  const [halfYear, rarAreaName, jobTitle, disco08, statusName] = fields.map((f) => f.trim()) as [
    string,
    string,
    string,
    string,
    string,
  ];
  const faults: string[] = [];
  const isHalf = isHalfYear(halfYear);
  if (halfYear === '') faults.push('half_year is missing');
  else if (!isHalf) faults.push(`half_year '${halfYear}' is not a half-year like 2019H2`);
  const rarArea = rarAreaNamed(rarAreaName);
  if (rarAreaName === '') faults.push('rar_area is missing');
  else if (!rarArea) faults.push(`rar_area '${rarAreaName}' is not one of the 8 RAR areas`);
  if (jobTitle === '') faults.push('job_title is missing');
  if (disco08 !== '' && !DISCO_08.test(disco08)) faults.push(`disco_08 '${disco08}' is not 6 digits`);
  const status = STATUS_BY_FOLDED.get(statusName.toLowerCase().replace(/\s+/g, ' '));
  if (statusName === '') faults.push('status is missing');
  else if (!status) faults.push(`status '${statusName}' is not one of: ${BALANCE_STATUSES.join(', ')}`);

  faults.forEach(fail);
  if (faults.length > 0 || !isHalf || !rarArea || !status) return undefined;
  return { halfYear, rarArea, jobTitle, disco08: disco08 === '' ? null : disco08, status };
}
