// A cursor names a place in the global order (transaction_id, global_position), read-all.ts. Both numbers are written
// zero-padded to their full width (xid8 < 2^64 has at most 20 digits, bigint at most 19), so comparing two cursors as
// plain strings, in code or in SQL, agrees with comparing the pairs.

const CURSOR = /^(\d{20})-(\d{19})$/;

export function encodeCursor(transactionId: string, globalPosition: string): string {
  return `${transactionId.padStart(20, '0')}-${globalPosition.padStart(19, '0')}`;
}

export function decodeCursor(cursor: string): { transactionId: string; globalPosition: string } {
  const match = CURSOR.exec(cursor);
  if (!match) throw new Error(`Not an event store cursor: '${cursor}'`);
  // Without the zeros again: PostgreSQL reads an xid8 with a leading 0 as octal.
  return { transactionId: BigInt(match[1]!).toString(), globalPosition: BigInt(match[2]!).toString() };
}

/** Negative, zero or positive as cursor `a` comes before, at or after cursor `b` in the global order. */
export function compareCursors(a: string, b: string): number {
  decodeCursor(a);
  decodeCursor(b);
  return a < b ? -1 : a > b ? 1 : 0;
}
