// Records of a CSV file (RFC 4180: comma-separated, a field in double quotes may hold commas, line breaks and doubled
// quotes), read by csv-parse, with what a file meant for people needs beyond it: comment lines kept with their text
// (so "# source: STAR, www.arbejdsmarkedsbalancen.dk" is read whole), and every malformed record reported by the line
// it starts on, reading on at the next line, so one round trip mends a whole file. It never throws on bad input.

import { CsvError, parse } from 'csv-parse/sync';

export type CsvRecord =
  | { kind: 'fields'; line: number; fields: string[] }
  | { kind: 'comment'; line: number; text: string }
  | { kind: 'error'; line: number; message: string };

export interface CsvOptions {
  /** A line that starts with this (before any quoting) is a comment record, kept whole. */
  commentPrefix?: string;
}

const BOM = '\uFEFF';

/** Every record of `text` in order, each with the 1-based line it starts on. Blank lines are skipped. */
export function readCsv(text: string, options: CsvOptions = {}): CsvRecord[] {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const lines = body.split('\n').map((l) => l.replace(/\r$/, ''));
  const prefix = options.commentPrefix;
  const isComment = (n: number) => prefix !== undefined && (lines[n - 1] ?? '').startsWith(prefix);
  const isBlank = (n: number) => (lines[n - 1] ?? '').trim() === '';
  /** The first line after `end` a record can start on: not blank, not a comment. */
  const nextStart = (end: number) => {
    let n = end + 1;
    while (n <= lines.length && (isBlank(n) || isComment(n))) n += 1;
    return n;
  };

  const records: CsvRecord[] = [];
  const spans: [number, number][] = [];
  let from = 1;
  while (from <= lines.length) {
    let lastEnd = from - 1;
    try {
      // From its own line on: csv-parse would read (and fail on) the lines before a `from_line` again.
      parse(lines.slice(from - 1).join('\n'), {
        relax_column_count: true,
        skip_empty_lines: true,
        ...(prefix !== undefined ? { comment: prefix, comment_no_infix: true } : {}),
        on_record: (record, context) => {
          const start = nextStart(lastEnd);
          const end = context.lines + from - 1;
          records.push({ kind: 'fields', line: start, fields: record });
          spans.push([start, end]);
          lastEnd = end;
          return null;
        },
      });
      break;
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      const start = nextStart(lastEnd);
      records.push({ kind: 'error', line: start, message: messageOf(error, start) });
      // A field never closed runs to the end of the file; any other fault ends with its line.
      from = Math.max(start, error.code === 'CSV_QUOTE_NOT_CLOSED' ? lines.length : start) + 1;
      spans.push([start, from - 1]);
    }
  }

  if (prefix !== undefined) {
    const inRecord = (n: number) => spans.some(([a, b]) => n >= a && n <= b);
    lines.forEach((line, i) => {
      if (line.startsWith(prefix) && !inRecord(i + 1)) records.push({ kind: 'comment', line: i + 1, text: line });
    });
  }
  return records.sort((a, b) => a.line - b.line);
}

/** csv-parse's fault, said as a person mending the file needs it (its own words where there is nothing to add). */
function messageOf(error: CsvError, line: number): string {
  switch (error.code) {
    case 'INVALID_OPENING_QUOTE':
      return 'a double quote inside a field that does not start with one';
    case 'CSV_INVALID_CLOSING_QUOTE': {
      const got = /got "(.)"/.exec(error.message)?.[1];
      return got === undefined ? 'unexpected text after a quoted field' : `unexpected ${JSON.stringify(got)} after a quoted field`;
    }
    case 'CSV_QUOTE_NOT_CLOSED':
      return `a quoted field opened on line ${line} is never closed`;
    default:
      return error.message;
  }
}
