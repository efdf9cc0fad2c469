import type { AuditEntry } from '../../lib/api';
import type { PendingReduction } from '../../lib/permissions';

/** A reduction approved: from what, to what, why, and the two people. */
export interface Reduction {
  seq: string;
  previousAmountOre: number;
  newAmountOre: number;
  reason: string;
  preparedBy: string;
  approvedBy: string;
  at: string;
}

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * A commitment's reductions from its audit trail (oldest first): the ones approved, and the one prepared after the
 * last approval that still waits for a second person (a later preparation replaces an earlier one).
 */
export function reductionsOf(entries: readonly AuditEntry[]): { approved: Reduction[]; pending: PendingReduction | null } {
  const approved: Reduction[] = [];
  let pending: PendingReduction | null = null;
  for (const e of [...entries].sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1))) {
    if (e.kind === 'CommitmentReductionPrepared') pending = { newAmountOre: num(e.what['newAmountOre']), reason: str(e.what['reason']), preparedBy: e.person };
    if (e.kind === 'CommitmentReduced') {
      pending = null;
      const w = e.what;
      approved.push({ seq: e.seq, previousAmountOre: num(w['previousAmountOre']), newAmountOre: num(w['newAmountOre']), reason: str(w['reason']), preparedBy: str(w['preparedBy']), approvedBy: e.person, at: e.decidedAt });
    }
  }
  return { approved, pending };
}
