// `COPY … FROM STDIN` with node-postgres alone (pg-copy-streams is not installed): a minimal submittable that answers
// the server's CopyInResponse with our CopyData messages and a CopyDone, the way pg-copy-streams does.
import type { ClientBase } from 'pg';

/** The connection methods of pg's internal Connection that a COPY FROM STDIN needs. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

class CopyFromStdin {
  callback?: (err: Error | null, rows?: number) => void;
  private rows = 0;

  constructor(
    readonly text: string,
    private readonly chunks: Buffer[],
  ) {}

  submit(connection: CopyConnection) {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection) {
    for (const chunk of this.chunks) connection.sendCopyFromChunk(chunk);
    connection.endCopyFrom();
  }

  handleCommandComplete(msg: { text: string }) {
    this.rows = Number(msg.text.split(' ').at(-1));
  }

  // pg calls handleError and then forgets the query (no handleReadyForQuery follows), so answer here.
  handleError(err: Error) {
    const cb = this.callback;
    this.callback = undefined;
    cb?.(err);
  }

  handleReadyForQuery() {
    const cb = this.callback;
    this.callback = undefined;
    cb?.(null, this.rows);
  }

  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
  handlePortalSuspended() {}
  handleCopyData() {}
}

/** Runs `COPY <table> (<columns>) FROM STDIN` with `chunks` of COPY text format; answers the rows copied. */
export function copyFromStdin(client: ClientBase, copySql: string, chunks: Buffer[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const copy = new CopyFromStdin(copySql, chunks);
    copy.callback = (err, rows) => (err ? reject(err) : resolve(rows ?? 0));
    (client as unknown as { query(q: unknown): void }).query(copy);
  });
}

/** A field of COPY text format: backslash, tab, newline and carriage return escaped (JSON text has backslashes). */
export const copyField = (value: string) => value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

/** Collects COPY text rows into chunks of about `chunkBytes`. */
export class CopyBuffer {
  readonly chunks: Buffer[] = [];
  rows = 0;
  bytes = 0;
  private parts: string[] = [];
  private pending = 0;

  constructor(private readonly chunkBytes = 1 << 20) {}

  /** One row: the fields already escaped with `copyField` (or known to need no escaping). */
  row(fields: (string | number)[]) {
    const line = fields.join('\t') + '\n';
    this.parts.push(line);
    this.pending += line.length;
    this.rows++;
    if (this.pending >= this.chunkBytes) this.flush();
  }

  flush() {
    if (this.parts.length === 0) return;
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    this.chunks.push(buf);
    this.bytes += buf.length;
    this.parts = [];
    this.pending = 0;
  }

  done(): Buffer[] {
    this.flush();
    return this.chunks;
  }
}
