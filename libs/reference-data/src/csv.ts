// A small CSV reader (RFC 4180: comma-separated, a field in double quotes may hold commas, line breaks and doubled
// quotes), written here because no CSV library is installed. It also knows comment lines, so that a header such as
// "# source: STAR, www.arbejdsmarkedsbalancen.dk" is not split at its comma. It never throws: a malformed record
// becomes an error record with its line number, and reading goes on at the next line, so a caller can report them all.

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
  const reader = new Reader(text.startsWith(BOM) ? text.slice(1) : text);
  const records: CsvRecord[] = [];
  while (!reader.done()) {
    const physical = reader.peekLine();
    if (physical.trim() === '') {
      reader.skipLine();
    } else if (options.commentPrefix !== undefined && physical.startsWith(options.commentPrefix)) {
      records.push({ kind: 'comment', line: reader.line, text: physical });
      reader.skipLine();
    } else {
      records.push(reader.record());
    }
  }
  return records;
}

class Reader {
  private i = 0;
  line = 1;

  constructor(private readonly text: string) {}

  done(): boolean {
    return this.i >= this.text.length;
  }

  peekLine(): string {
    const end = this.text.indexOf('\n', this.i);
    return this.text.slice(this.i, end === -1 ? this.text.length : end).replace(/\r$/, '');
  }

  skipLine(): void {
    const end = this.text.indexOf('\n', this.i);
    this.i = end === -1 ? this.text.length : end + 1;
    this.line += 1;
  }

  /** One record from the start of a line; on a malformed one, an error and the rest of its line skipped. */
  record(): CsvRecord {
    const line = this.line;
    const fields: string[] = [];
    for (;;) {
      const field = this.text[this.i] === '"' ? this.quoted() : this.unquoted();
      if (typeof field !== 'string') {
        if (!this.done()) this.skipLine();
        return { kind: 'error', line, message: field.error };
      }
      fields.push(field);
      if (this.text[this.i] === ',') {
        this.i += 1;
        continue;
      }
      if (this.atLineEnd()) {
        this.endLine();
        return { kind: 'fields', line, fields };
      }
      const message = `unexpected ${JSON.stringify(this.text[this.i])} after a quoted field`;
      this.skipLine();
      return { kind: 'error', line, message };
    }
  }

  private unquoted(): string | { error: string } {
    let end = this.i;
    while (end < this.text.length && this.text[end] !== ',' && this.text[end] !== '\n') end += 1;
    const value = this.text.slice(this.i, end).replace(/\r$/, '');
    this.i = end;
    if (value.includes('"')) return { error: 'a double quote inside a field that does not start with one' };
    return value;
  }

  private quoted(): string | { error: string } {
    const startLine = this.line;
    let value = '';
    this.i += 1;
    for (;;) {
      if (this.done()) return { error: `a quoted field opened on line ${startLine} is never closed` };
      const ch = this.text[this.i]!;
      if (ch === '"' && this.text[this.i + 1] === '"') {
        value += '"';
        this.i += 2;
      } else if (ch === '"') {
        this.i += 1;
        return value;
      } else {
        if (ch === '\n') this.line += 1;
        value += ch;
        this.i += 1;
      }
    }
  }

  private atLineEnd(): boolean {
    return this.done() || this.text[this.i] === '\n' || this.text.startsWith('\r\n', this.i);
  }

  private endLine(): void {
    if (!this.done()) this.skipLine();
  }
}
