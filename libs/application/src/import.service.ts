import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { MunicipalEventType } from '@puljeflow/contracts';
import { countImportLines, parseCsv, parseNdjson, type ImportLine } from './import-lines';
import type { AfterDecided, MunicipalEventService } from './municipal-events.service';

export interface ImportJob {
  id: string;
  municipalityCode: string;
  format: 'ndjson' | 'csv';
  eventType: MunicipalEventType | null;
  linesTotal: number;
}

/**
 * Bulk imports (docs/municipal-api.md "Bulk files"): the file is stored as received and its lines decided in the
 * background by a workflow, chunk by chunk, each line exactly like a submission — so a bad line never stops the
 * others, a restart resumes where it stopped, and the same file sent again is the same import.
 */
export class ImportService {
  /** Parsed files of imports in progress in this process (a chunk must not re-parse 100,000 lines). */
  private readonly parsed = new Map<string, { job: ImportJob; lines: ImportLine[] }>();

  /** `batchLines` and `lanes` as processChunk takes them, for every chunk that does not say (defaults 250 and 8). */
  constructor(
    private readonly pool: Pool,
    private readonly settings: { batchLines?: number; lanes?: number } = {},
  ) {}

  /** Stores a file; the same file from the same municipality is the same import (and changes nothing). */
  async receive(municipalityCode: string, format: 'ndjson' | 'csv', eventType: MunicipalEventType | null, body: string): Promise<{ importId: string; status: string; created: boolean }> {
    const linesTotal = countImportLines(format, body);
    const id = 'imp_' + createHash('sha256').update(`${municipalityCode}\n${format}\n${eventType ?? ''}\n${body}`).digest('hex').slice(0, 40);
    const inserted = await this.pool.query(
      `INSERT INTO import_jobs (id, municipality_code, format, event_type, body, lines_total) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
      [id, municipalityCode, format, eventType, body, linesTotal],
    );
    const { rows } = await this.pool.query<{ status: string }>('SELECT status FROM import_jobs WHERE id = $1', [id]);
    return { importId: id, status: rows[0]!.status, created: inserted.rowCount === 1 };
  }

  /**
   * Decides lines [fromIndex, fromIndex + maxLines) of the file and records each line's result. Lines go `batchLines`
   * at a time, each batch decided like concurrent submissions (MunicipalEventService.submitMany: every line on its
   * own, seeing the lines before it) in one transaction together with its lines' results — so a line's result is
   * there exactly when its decision is. Lines about the same course go in file order on one of `lanes` lanes that run
   * side by side; a refund claim or an interest waits for every line before it. Repeating a chunk is harmless:
   * decided lines keep their first result, and each line is an idempotent submission anyway.
   */
  async processChunk(importId: string, fromIndex: number, maxLines: number, events: MunicipalEventService, options: { batchLines?: number; lanes?: number; onProgress?: () => void } = {}): Promise<{ nextIndex: number; done: boolean }> {
    const { job, lines } = await this.parsedJob(importId);
    const chunk = lines.slice(fromIndex, fromIndex + maxLines);
    // Lines a crashed attempt already decided keep their first result.
    const decided = new Set(
      (await this.pool.query<{ line: number }>('SELECT line FROM import_line_results WHERE import_id = $1 AND line >= $2 AND line <= $3', [importId, chunk[0]?.line ?? 0, chunk.at(-1)?.line ?? 0])).rows.map((r) => r.line),
    );
    const todo = chunk.filter((line) => !decided.has(line.line));
    const size = Math.max(1, options.batchLines ?? this.settings.batchLines ?? 250);
    const lanes = Math.max(1, options.lanes ?? this.settings.lanes ?? 8);
    const decideInBatches = async (lines: ImportLine[]) => {
      for (let from = 0; from < lines.length; from += size) {
        const batch = lines.slice(from, from + size);
        await this.decideLines(job, batch, events);
        for (let i = 0; i < batch.length; i++) options.onProgress?.();
      }
    };
    // Lines about one course (or pool) keep their file order on one lane; the lanes run side by side. A refund
    // claim or an interest depends on everything before it: it waits for every lane, and the lines after it for it.
    for (const segment of segmentsAtBarriers(todo)) {
      if (segment.barrier) {
        await decideInBatches(segment.lines);
        continue;
      }
      const byLane: ImportLine[][] = Array.from({ length: lanes }, () => []);
      for (const line of segment.lines) byLane[laneOf(line, lanes)]!.push(line);
      await Promise.all(byLane.filter((l) => l.length > 0).map(decideInBatches));
    }
    const nextIndex = fromIndex + chunk.length;
    await this.pool.query(`UPDATE import_jobs SET status = 'running', lines_read = GREATEST(lines_read, $2) WHERE id = $1 AND status <> 'done'`, [importId, nextIndex]);
    return { nextIndex, done: nextIndex >= lines.length };
  }

  async finish(importId: string): Promise<void> {
    await this.pool.query(`UPDATE import_jobs SET status = 'done', lines_read = lines_total, finished_at = COALESCE(finished_at, now()) WHERE id = $1`, [importId]);
    this.parsed.delete(importId);
  }

  /** Progress and, when done, every line's result by line number; only for the municipality that sent it. */
  async status(importId: string, municipalityCode: string) {
    const { rows } = await this.pool.query<{ status: string; format: 'ndjson' | 'csv'; received_at: Date; finished_at: Date | null; lines_read: number; accepted: string; duplicate: string; rejected: string }>(
      `SELECT j.status, j.format, j.received_at, j.finished_at, c.lines_read, c.accepted, c.duplicate, c.rejected
         FROM import_jobs j,
              LATERAL (SELECT count(*)::int AS lines_read,
                              count(*) FILTER (WHERE r.status = 'accepted') AS accepted,
                              count(*) FILTER (WHERE r.status = 'duplicate') AS duplicate,
                              count(*) FILTER (WHERE r.status = 'rejected') AS rejected
                         FROM import_line_results r WHERE r.import_id = j.id) c
        WHERE j.id = $1 AND j.municipality_code = $2`,
      [importId, municipalityCode],
    );
    const job = rows[0];
    if (!job) return null;
    const base = {
      importId,
      status: job.status,
      format: job.format,
      receivedAt: job.received_at.toISOString(),
      finishedAt: job.finished_at?.toISOString() ?? null,
      linesRead: job.lines_read,
      accepted: Number(job.accepted),
      duplicate: Number(job.duplicate),
      rejected: Number(job.rejected),
    };
    if (job.status !== 'done') return base;
    const results = await this.pool.query<{ line: number; event_id: string | null; status: string; position: string | null; reasons: unknown }>(
      'SELECT line, event_id, status, position, reasons FROM import_line_results WHERE import_id = $1 ORDER BY line',
      [importId],
    );
    return {
      ...base,
      results: results.rows.map((r) => ({ line: r.line, ...(r.event_id ? { eventId: r.event_id } : {}), status: r.status, ...(r.position ? { position: r.position } : {}), ...(r.reasons ? { reasons: r.reasons } : {}) })),
    };
  }

  private async decideLines(job: ImportJob, lines: ImportLine[], events: MunicipalEventService): Promise<void> {
    const envelopes = lines.flatMap((line) => ('envelope' in line ? [line.envelope] : []));
    const record: AfterDecided = async (db, [results = []]) => {
      let next = 0;
      const rows = lines.map((line) => {
        const result: { eventId?: string; status: string; position?: string; reasons?: unknown } =
          'envelope' in line ? results[next++]! : { status: 'rejected', ...(line.eventId ? { eventId: line.eventId } : {}), reasons: line.invalid };
        return { line: line.line, event_id: result.eventId ?? null, status: result.status, position: result.position ?? null, reasons: result.reasons ?? null };
      });
      await db.query(
        `INSERT INTO import_line_results (import_id, line, event_id, status, position, reasons)
         SELECT $1, r.line, r.event_id, r.status, r.position, r.reasons
           FROM jsonb_to_recordset($2::jsonb) AS r(line int, event_id text, status text, position text, reasons jsonb)
         ON CONFLICT DO NOTHING`,
        [job.id, JSON.stringify(rows)],
      );
    };
    await events.submitMany([{ municipalityCode: job.municipalityCode, envelopes, at: new Date() }], record);
  }

  /** The job and its parsed lines; the file (up to ~60 MB) is read from the database once per process, not per chunk. */
  private async parsedJob(importId: string): Promise<{ job: ImportJob; lines: ImportLine[] }> {
    const known = this.parsed.get(importId);
    if (known) return known;
    const job = await this.job(importId);
    const lines = job.format === 'csv' ? parseCsv(job.body, job.eventType!) : parseNdjson(job.body);
    if (this.parsed.size > 4) this.parsed.clear();
    const entry = { job: { id: job.id, municipalityCode: job.municipalityCode, format: job.format, eventType: job.eventType, linesTotal: job.linesTotal }, lines };
    this.parsed.set(importId, entry);
    return entry;
  }

  private async job(importId: string): Promise<ImportJob & { body: string }> {
    const { rows } = await this.pool.query<{ id: string; municipality_code: string; format: 'ndjson' | 'csv'; event_type: MunicipalEventType | null; lines_total: number; body: string }>(
      'SELECT id, municipality_code, format, event_type, lines_total, body FROM import_jobs WHERE id = $1',
      [importId],
    );
    const r = rows[0];
    if (!r) throw new Error(`no import ${importId}`);
    return { id: r.id, municipalityCode: r.municipality_code, format: r.format, eventType: r.event_type, linesTotal: r.lines_total, body: r.body };
  }
}

const isBarrier = (line: ImportLine) =>
  'envelope' in line && (line.envelope.type === 'RefundClaimed' || line.envelope.type === 'InterestExpressed' || line.envelope.type === 'InterestWithdrawn');

/** The lines cut at each barrier line: runs of ordinary lines, and each run of barrier lines on its own. */
function segmentsAtBarriers(lines: ImportLine[]): { barrier: boolean; lines: ImportLine[] }[] {
  const segments: { barrier: boolean; lines: ImportLine[] }[] = [];
  for (const line of lines) {
    const barrier = isBarrier(line);
    const last = segments.at(-1);
    if (last && last.barrier === barrier) last.lines.push(line);
    else segments.push({ barrier, lines: [line] });
  }
  return segments;
}

/** Lines about the same course share a lane, so they are decided in file order. */
function laneOf(line: ImportLine, lanes: number): number {
  if (!('envelope' in line)) return 0;
  const data = line.envelope.data as { courseId?: unknown; poolId?: unknown };
  const key = String(data.courseId ?? data.poolId ?? '');
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(h) % lanes;
}
