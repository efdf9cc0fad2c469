import { parse } from 'csv-parse/sync';
import { MAX_IMPORT_LINES, MUNICIPAL_EVENT_TYPES, MunicipalEventEnvelopeSchema, validationErrors, type MunicipalEventEnvelope, type MunicipalEventType } from '@puljeflow/contracts';
import type { Reason } from './streams';

/** One line of a bulk file: the event it holds, or why it could not be read as one. */
export type ImportLine = { line: number; envelope: MunicipalEventEnvelope } | { line: number; eventId?: string; invalid: Reason[] };

export class ImportFileError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/** Counts the lines of a file before accepting it, so an oversized file is refused at once (413). */
export function countImportLines(format: 'ndjson' | 'csv', body: string): number {
  const lines = ndjsonLines(body).length;
  const n = format === 'csv' ? Math.max(0, lines - 1) : lines;
  if (n === 0) throw new ImportFileError(400, 'The file holds no lines.');
  if (n > MAX_IMPORT_LINES) throw new ImportFileError(413, `A file holds at most ${MAX_IMPORT_LINES} lines; this one has ${n}. Split it.`);
  return n;
}

function ndjsonLines(body: string): string[] {
  const lines = body.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** NDJSON: one event envelope a line (docs/municipal-api.md "Bulk files"); line numbers from 1. */
export function parseNdjson(body: string): ImportLine[] {
  return ndjsonLines(body).map((text, i) => {
    const line = i + 1;
    if (text.trim() === '') return { line, invalid: [{ code: 'SCHEMA_INVALID', message: 'The line is empty.' }] };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { line, invalid: [{ code: 'SCHEMA_INVALID', message: 'The line is not JSON.' }] };
    }
    return envelopeLine(line, json);
  });
}

/** Fields whose CSV text is a number or a boolean in the event's data (CSV has only text). */
const NUMERIC = /(Ore|^expectedParticipants|^budgetYear)$/;
const BOOLEAN = /^(withoutWageSubsidy|employed|auditorCertified)$/;

/**
 * CSV of one event type: a header row `eventId,occurredAt,<data fields as dotted paths>` (e.g. `course.startDate`),
 * then one event a row. The header is line 1.
 */
export function parseCsv(body: string, type: MunicipalEventType): ImportLine[] {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(body, { info: true, skip_empty_lines: true, relax_column_count: true, bom: true }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    throw new ImportFileError(400, `The CSV file cannot be read: ${(err as Error).message}`);
  }
  const [header, ...data] = rows;
  if (!header || header.record[0] !== 'eventId' || header.record[1] !== 'occurredAt') {
    throw new ImportFileError(400, 'A CSV file starts with the header row `eventId,occurredAt,<data fields as dotted paths>`.');
  }
  const fields = header.record.slice(2);
  return data.map(({ record, info }) => {
    if (record.length !== header.record.length) {
      return { line: info.lines, ...(record[0] ? { eventId: record[0] } : {}), invalid: [{ code: 'SCHEMA_INVALID', message: `The row has ${record.length} fields; the header has ${header.record.length}.` }] };
    }
    const dataObject: Record<string, unknown> = {};
    fields.forEach((path, i) => {
      const text = record[i + 2]!;
      if (text === '') return;
      const leaf = path.split('.').at(-1)!;
      const value = NUMERIC.test(leaf) && /^-?\d+$/.test(text) ? Number(text) : BOOLEAN.test(leaf) && /^(true|false)$/.test(text) ? text === 'true' : text;
      setPath(dataObject, path.split('.'), value);
    });
    return envelopeLine(info.lines, { eventId: record[0], type, occurredAt: record[1], data: dataObject });
  });
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown) {
  let node = target;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[path.at(-1)!] = value;
}

function envelopeLine(line: number, json: unknown): ImportLine {
  const parsed = MunicipalEventEnvelopeSchema.safeParse(json);
  if (parsed.success) return { line, envelope: parsed.data };
  const eventId = typeof (json as { eventId?: unknown })?.eventId === 'string' ? (json as { eventId: string }).eventId : undefined;
  return {
    line,
    ...(eventId ? { eventId } : {}),
    invalid: validationErrors(parsed.error).map((e) => ({ code: 'SCHEMA_INVALID', message: `${e.path || 'line'}: ${e.message}` })),
  };
}

export const isEventType = (value: unknown): value is MunicipalEventType => MUNICIPAL_EVENT_TYPES.includes(value as MunicipalEventType);
