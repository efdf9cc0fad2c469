// The claim screens' server state (TanStack Query over the staff API; types from @puljeflow/contracts).
import type { CLAIM_QUEUE_STATUSES, ClaimDecisionSchema, ClaimItem, ClaimsQueuePageSchema, LedgerTraceSchema, ReviewClaimRequestSchema } from '@puljeflow/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { useSession } from '../../hooks/useSession';

export type { ClaimItem };
export type ClaimStatus = (typeof CLAIM_QUEUE_STATUSES)[number];
export type ClaimsPage = z.infer<typeof ClaimsQueuePageSchema>;
export type LedgerTrace = z.infer<typeof LedgerTraceSchema>;
export type TracedClaim = LedgerTrace['claims'][number];
export type TracedExpense = TracedClaim['expenses'][number];
export type ReviewRequest = z.input<typeof ReviewClaimRequestSchema>;
export type ClaimDecision = z.infer<typeof ClaimDecisionSchema>;

/** A live queue refetches every 5 s, so a claim a municipality sends, or a colleague decides, shows without a reload. */
const REFRESH_MS = 5000;
export const PAGE_SIZE = 100;

const seg = encodeURIComponent;
const claimApiPath = (poolId: string, code: string, claimId: string) => `/api/v1/staff/pools/${seg(poolId)}/ledgers/${seg(code)}/claims/${seg(claimId)}`;

function query(params: Record<string, string | null | undefined>): string {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) out.set(key, value);
  return out.toString();
}

/** The claims of one status across municipalities (of one pool when given), page by page along the API's cursor. */
export function useClaimsQueue(status: ClaimStatus, poolId: string | null, asOf: string | null) {
  const { api } = useSession();
  return useInfiniteQuery({
    queryKey: ['claims', status, poolId, asOf],
    queryFn: ({ signal, pageParam }) => api.get<ClaimsPage>(`/api/v1/staff/claims?${query({ status, poolId, asOf, after: pageParam, limit: String(PAGE_SIZE) })}`, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    refetchInterval: asOf ? false : REFRESH_MS,
  });
}

/** The ledger's statuses of a claim, as the queue names them. */
const QUEUE_STATUS: Record<string, ClaimStatus | undefined> = { claimed: 'awaiting-review', reviewed: 'awaiting-approval', approved: 'approved' };

/**
 * One claim: its expenses from the municipality's ledger trace (payment → claim → expenses → course), and the
 * queue's item for who reviewed it, the cuts and the computed refund. Both as of the same instant.
 */
export function useClaim(poolId: string, code: string, claimId: string, asOf: string | null) {
  const { api } = useSession();
  const trace = useQuery({
    queryKey: ['ledger', poolId, code, 'trace', asOf],
    queryFn: ({ signal }) => api.get<LedgerTrace>(`/api/v1/staff/pools/${seg(poolId)}/ledgers/${seg(code)}${asOf ? `?asOf=${seg(asOf)}` : ''}`, signal),
    refetchInterval: asOf ? false : REFRESH_MS,
  });
  const traced = trace.data?.claims.find((c) => c.claimId === claimId);
  const status = traced ? (QUEUE_STATUS[traced.status] ?? null) : null;
  const item = useQuery({
    queryKey: ['claims', status, poolId, asOf, code, claimId],
    enabled: status !== null,
    queryFn: async ({ signal }) => {
      const page = await api.get<ClaimsPage>(`/api/v1/staff/claims?${query({ status, poolId, municipalityCode: code, asOf, limit: '500' })}`, signal);
      return page.items.find((c) => c.claimId === claimId) ?? null;
    },
    refetchInterval: asOf ? false : REFRESH_MS,
  });
  return { trace, traced, item };
}

/** Reviews (with cuts) or approves a claim; afterwards the queue, the ledger and the course reports are fetched again. */
export function useClaimDecision(poolId: string, code: string, claimId: string) {
  const { api } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (decision: { kind: 'review'; review: ReviewRequest } | { kind: 'approve' }) =>
      decision.kind === 'review'
        ? api.post<ClaimDecision>(`${claimApiPath(poolId, code, claimId)}/review`, decision.review)
        : api.post<ClaimDecision>(`${claimApiPath(poolId, code, claimId)}/approve`),
    onSettled: () => Promise.all(['claims', 'ledger', 'course-reports', 'course-report', 'overview'].map((key) => queryClient.invalidateQueries({ queryKey: [key] }))),
  });
}
