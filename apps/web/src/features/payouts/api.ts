// The payout-run screens' server state (TanStack Query over the staff API; types from @puljeflow/contracts).
import type { PayoutRunListSchema, PayoutRunPreparedSchema, PayoutRunSchema, RunReleasedSchema } from '@puljeflow/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { useSession } from '../../hooks/useSession';
import { offerDownload } from '../../lib/download';

export type PayoutRunList = z.infer<typeof PayoutRunListSchema>;
export type PayoutRunListItem = PayoutRunList['runs'][number];
export type PayoutRun = z.infer<typeof PayoutRunSchema>;
export type PayoutLine = PayoutRun['lines'][number];

/** Live screens refetch every 3 s, so finance sees a run paid as the worker pays it. */
export const REFRESH_MS = 3000;

const seg = encodeURIComponent;
export const runsPath = (poolId: string) => `/api/v1/staff/pools/${seg(poolId)}/payout-runs`;
export const runPath = (poolId: string, runDate: string) => `${runsPath(poolId)}/${seg(runDate)}`;
const asOfQuery = (asOf: string | null) => (asOf ? `?asOf=${seg(asOf)}` : '');

export function usePayoutRuns(poolId: string, asOf: string | null) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['payout-runs', poolId, asOf],
    queryFn: ({ signal }) => api.get<PayoutRunList>(`${runsPath(poolId)}${asOfQuery(asOf)}`, signal),
    refetchInterval: asOf ? false : REFRESH_MS,
  });
}

export function usePayoutRun(poolId: string, runDate: string, asOf: string | null) {
  const { api } = useSession();
  return useQuery({
    queryKey: ['payout-run', poolId, runDate, asOf],
    queryFn: ({ signal }) => api.get<PayoutRun>(`${runPath(poolId, runDate)}${asOfQuery(asOf)}`, signal),
    refetchInterval: asOf ? false : REFRESH_MS,
  });
}

export type RunDecision = 'prepare' | 'release';

/** Prepares or releases a run; afterwards every payout and ledger figure of the pool is fetched again. */
export function useRunDecision(poolId: string) {
  const { api } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, runDate }: { kind: RunDecision; runDate: string }): Promise<z.infer<typeof PayoutRunPreparedSchema> | z.infer<typeof RunReleasedSchema>> =>
      kind === 'prepare'
        ? api.post<z.infer<typeof PayoutRunPreparedSchema>>(`${runPath(poolId, runDate)}/prepare`)
        : api.post<z.infer<typeof RunReleasedSchema>>(`${runPath(poolId, runDate)}/release`),
    onSettled: () =>
      Promise.all(['payout-runs', 'payout-run', 'ledger', 'settlements'].map((key) => queryClient.invalidateQueries({ queryKey: [key, poolId] }))),
  });
}

/** Downloads the run's pain.001 file with the session's token and offers it under the name the server gives. */
export function usePain001Download(poolId: string, runDate: string, asOf: string | null) {
  const { api } = useSession();
  return useMutation({
    mutationFn: async () => {
      const { blob, fileName } = await api.download(`${runPath(poolId, runDate)}/pain001${asOfQuery(asOf)}`);
      offerDownload(fileName ?? `${poolId}_${runDate}.pain001.xml`, blob);
    },
  });
}
