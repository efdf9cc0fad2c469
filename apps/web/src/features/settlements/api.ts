// Settlements and repayments (TanStack Query over the staff API; types from @puljeflow/contracts).
import type { LedgerTraceSchema, PrepareRepaymentRequestSchema, RepaymentRecordedSchema, SettlementsSchema } from '@puljeflow/contracts';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { useSession } from '../../hooks/useSession';

export type Settlement = z.infer<typeof SettlementsSchema>['items'][number];
export type RepaymentDemand = z.infer<typeof LedgerTraceSchema>['repaymentDemands'][number];
export type RepaymentRequest = z.infer<typeof PrepareRepaymentRequestSchema>;

const seg = encodeURIComponent;
const poolPath = (poolId: string) => `/api/v1/staff/pools/${seg(poolId)}`;
const asOfQuery = (asOf: string | null) => (asOf ? `?asOf=${seg(asOf)}` : '');
const REFRESH_MS = 3000;

export function useSettlements(poolId: string, asOf: string | null) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['settlements', poolId, asOf],
    queryFn: ({ signal }) => api.get<z.infer<typeof SettlementsSchema>>(`${poolPath(poolId)}/settlements${asOfQuery(asOf)}`, signal),
    refetchInterval: asOf ? false : REFRESH_MS,
  });
}

/** The repayment demands of each municipality asked back money, with their receipts and a receipt awaiting confirmation. */
export function useRepaymentDemands(poolId: string, codes: readonly string[], asOf: string | null) {
  const { api } = useSession();
  return useQueries({
    queries: codes.map((code) => ({
      queryKey: ['ledger', poolId, code, asOf],
      queryFn: ({ signal }: { signal: AbortSignal }) => api.get<z.infer<typeof LedgerTraceSchema>>(`${poolPath(poolId)}/ledgers/${seg(code)}${asOfQuery(asOf)}`, signal),
      refetchInterval: asOf ? false : REFRESH_MS,
    })),
    combine: (results) => ({
      demands: results.flatMap((r, i) => (r.data?.repaymentDemands ?? []).map((demand) => ({ municipalityCode: codes[i]!, ...demand }))),
      error: results.find((r) => r.error)?.error ?? null,
    }),
  });
}

type Recorded = z.infer<typeof RepaymentRecordedSchema>;
export type RepaymentDecision = { kind: 'prepare'; code: string; budgetYear: number; receipt: RepaymentRequest } | { kind: 'confirm'; code: string; budgetYear: number };

/** Prepares (one finance officer) or confirms (another) a repayment received; then the pool's money is fetched again. */
export function useRepaymentDecision(poolId: string) {
  const { api } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (decision: RepaymentDecision) => {
      const path = `${poolPath(poolId)}/ledgers/${seg(decision.code)}/repayments/${decision.budgetYear}`;
      return decision.kind === 'prepare' ? api.post<Recorded>(`${path}/prepare`, decision.receipt) : api.post<Recorded>(`${path}/confirm`);
    },
    onSettled: () => Promise.all(['settlements', 'ledger'].map((key) => queryClient.invalidateQueries({ queryKey: [key, poolId] }))),
  });
}
