// A municipality's ledger with its evidence trail (TanStack Query over the staff API; types from @puljeflow/contracts).
import type { LedgerTraceSchema } from '@puljeflow/contracts';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { useSession } from '../../hooks/useSession';

export type LedgerTrace = z.infer<typeof LedgerTraceSchema>;
export type TraceClaim = LedgerTrace['claims'][number];
export type TraceExpense = TraceClaim['expenses'][number];
export type TracePayment = LedgerTrace['payments'][number];

const seg = encodeURIComponent;

export function useLedgerTrace(poolId: string, code: string, asOf: string | null) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['ledger', poolId, code, asOf],
    queryFn: ({ signal }) => api.get<LedgerTrace>(`/api/v1/staff/pools/${seg(poolId)}/ledgers/${seg(code)}${asOf ? `?asOf=${seg(asOf)}` : ''}`, signal),
    refetchInterval: asOf ? false : 3000,
  });
}

/** One row per step of the trail, for the table and its CSV: payment → claim → expense → course → employer. */
export interface TrailRow {
  id: string;
  reference: string | null;
  claimId: string;
  expense: TraceExpense;
}

/** Every expense of every claim, with the payments that paid its claim (or none yet), in claim order. */
export function trailRows(trace: LedgerTrace): TrailRow[] {
  return trace.claims.flatMap((claim) => {
    const refs = trace.payments.filter((p) => p.claims.some((c) => c.claimId === claim.claimId)).map((p) => p.reference);
    return (refs.length ? refs : [null]).flatMap((reference) =>
      claim.expenses.map((expense) => ({ id: `${reference ?? '-'}/${claim.claimId}/${expense.courseId}/${expense.expenseId}`, reference, claimId: claim.claimId, expense })),
    );
  });
}
