// A typed client for the Staff API (docs/design.md, "Staff API"). Every request and answer type comes from
// @puljeflow/contracts (type-only imports: no schema code reaches the bundle). Every failure becomes an ApiError carrying
// the problem+json `title`, `detail` and `code`, so screens show one kind of error.
import type {
  ApiKeyIssuedSchema,
  ApiKeyListSchema,
  ApiKeyRevokedSchema,
  AuditPageSchema,
  AuditQuery,
  CreateStaffUserRequestSchema,
  LedgerSummarySchema,
  MarketingLineSchema,
  MarketingSpendingRequestSchema,
  PrepareReductionRequestSchema,
  ReductionRecordedSchema,
  SpendingRecordedSchema,
  StaffAccountListSchema,
  StaffAccountSchema,
  UpdateStaffUserRequestSchema,
  BalanceImportResultSchema,
  BalanceVersionsSchema,
  CitizenErasureRequestSchema,
  CitizenErasureSchema,
  DecisionRecordedSchema,
  LoginResponseSchema,
  PoolListSchema,
  PoolOverviewSchema,
  PoolSummarySchema,
  PrepareAmendmentRequestSchema,
  StaffUserSchema,
} from '@puljeflow/contracts';
import type { z } from 'zod';
import type { Ore } from './money';

export type StaffUser = z.infer<typeof StaffUserSchema>;
export type StaffSession = z.infer<typeof LoginResponseSchema>;
export type PoolSummary = z.infer<typeof PoolSummarySchema>;
export type PoolOverview = z.infer<typeof PoolOverviewSchema>;
export type MunicipalityOverview = PoolOverview['municipalities'][number];
export type CommitmentStatus = MunicipalityOverview['commitmentStatus'];
export type DecisionRecorded = z.infer<typeof DecisionRecordedSchema>;
export type AmendmentRequest = z.infer<typeof PrepareAmendmentRequestSchema>;
export type BalanceVersions = z.infer<typeof BalanceVersionsSchema>;
export type BalanceImportResult = z.infer<typeof BalanceImportResultSchema>;
export type ErasureRequest = z.infer<typeof CitizenErasureRequestSchema>;
export type Erasure = z.infer<typeof CitizenErasureSchema>;
export type ApiKeyIssued = z.infer<typeof ApiKeyIssuedSchema>;
export type ApiKeyItem = z.infer<typeof ApiKeyListSchema>['keys'][number];
export type ApiKeyRevoked = z.infer<typeof ApiKeyRevokedSchema>;
export type StaffAccount = z.infer<typeof StaffAccountSchema>;
export type CreateStaffAccount = z.infer<typeof CreateStaffUserRequestSchema>;
export type UpdateStaffAccount = z.infer<typeof UpdateStaffUserRequestSchema>;
export type AuditPage = z.infer<typeof AuditPageSchema>;
export type AuditEntry = AuditPage['items'][number];
export type AuditFilter = Partial<Pick<AuditQuery, 'poolId' | 'municipalityCode' | 'person' | 'kind' | 'after' | 'limit'>>;
export type LedgerSummary = z.infer<typeof LedgerSummarySchema>;
export type MarketingLine = z.infer<typeof MarketingLineSchema>;
export type MarketingSpending = z.infer<typeof MarketingSpendingRequestSchema>;
export type ReductionRequest = z.infer<typeof PrepareReductionRequestSchema>;
export type ReductionRecorded = z.infer<typeof ReductionRecordedSchema>;
export type SpendingRecorded = z.infer<typeof SpendingRecordedSchema>;

/** An RFC 9457 problem (application/problem+json), or what the client made of a failure without one. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly type: string | undefined;
  /** The machine-readable reason, e.g. FOUR_EYES_REQUIRED. */
  readonly code: string | undefined;

  constructor(problem: { status: number; title: string; detail?: string; type?: string; code?: string }) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.title = problem.title;
    this.detail = problem.detail;
    this.type = problem.type;
    this.code = problem.code;
  }
}

/** True for the error fetch raises when its AbortSignal fires (a poll was cancelled, not failed). */
export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/** Anything thrown, as an ApiError, so a banner always has a title. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError({ status: 0, title: 'generic', code: 'CLIENT_ERROR', detail: message });
}

export interface ApiClientOptions {
  /** Prefix of every path; '' means same origin (the Vite dev and preview servers proxy /api). */
  baseUrl?: string;
  token?: string | null;
  fetchFn?: typeof fetch;
  /** Called when a call made with a token is answered 401: the session has ended. */
  onUnauthorized?: () => void;
}

export interface ApiClient {
  login(username: string, password: string): Promise<StaffSession>;
  listPools(signal?: AbortSignal): Promise<PoolSummary[]>;
  getPool(poolId: string, signal?: AbortSignal): Promise<PoolSummary>;
  getOverview(poolId: string, asOf: string | null, signal?: AbortSignal): Promise<PoolOverview>;
  prepareCommitment(poolId: string, municipalityCode: string, amountOre?: Ore): Promise<DecisionRecorded>;
  approveCommitment(poolId: string, municipalityCode: string): Promise<DecisionRecorded>;
  prepareAmendment(poolId: string, amendment: AmendmentRequest): Promise<DecisionRecorded>;
  approveAmendment(poolId: string): Promise<DecisionRecorded>;
  balanceVersions(signal?: AbortSignal): Promise<BalanceVersions>;
  importBalance(csv: string, options?: { dryRun?: boolean }): Promise<BalanceImportResult>;
  // Administration: municipal API keys and staff accounts (neither keeps history); the audit trail.
  listApiKeys(asOf: string | null, signal?: AbortSignal): Promise<ApiKeyItem[]>;
  issueApiKey(municipalityCode: string, name: string): Promise<ApiKeyIssued>;
  revokeApiKey(id: string): Promise<ApiKeyRevoked>;
  listStaffAccounts(signal?: AbortSignal): Promise<StaffAccount[]>;
  createStaffAccount(account: CreateStaffAccount): Promise<StaffAccount>;
  updateStaffAccount(username: string, change: UpdateStaffAccount): Promise<StaffAccount>;
  auditTrail(filter: AuditFilter, asOf: string | null, signal?: AbortSignal): Promise<AuditPage>;
  // A pool's money: the ledger summary (with its months), reductions of a commitment, the marketing line.
  ledgerSummary(poolId: string, asOf: string | null, signal?: AbortSignal): Promise<LedgerSummary>;
  prepareReduction(poolId: string, municipalityCode: string, reduction: ReductionRequest): Promise<ReductionRecorded>;
  approveReduction(poolId: string, municipalityCode: string): Promise<ReductionRecorded>;
  marketingLine(poolId: string, asOf: string | null, signal?: AbortSignal): Promise<MarketingLine>;
  recordMarketingSpending(poolId: string, spending: MarketingSpending): Promise<SpendingRecorded>;
  eraseCitizen(request: ErasureRequest): Promise<Erasure>;
  /** Ends the session on the server too; a failure is ignored, since the browser forgets the token anyway. */
  signOut(): Promise<void>;
  /** Any staff read, for a feature's own typed hooks (features/<area>/api); the path with its query. */
  get<T>(pathAndQuery: string, signal?: AbortSignal): Promise<T>;
  /** Any staff decision, for a feature's own typed hooks; answers the decision's body or throws an ApiError. */
  post<T>(path: string, body?: unknown): Promise<T>;
  /** A file the API serves (a run's pain.001), with the name its Content-Disposition gives; throws an ApiError. */
  download(pathAndQuery: string): Promise<{ blob: Blob; fileName: string | null }>;
}

const seg = encodeURIComponent;
const SESSION_PATH = '/api/v1/staff/session';
const BALANCE_PATH = '/api/v1/staff/reference-data/labour-market-balance';
const API_KEYS_PATH = '/api/v1/staff/api-keys';
const USERS_PATH = '/api/v1/staff/users';

/** `?a=1&b=2` of the values given (none: ''). */
export function queryOf(params: Record<string, string | number | undefined | null>): string {
  const entries = Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== null && e[1] !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  const token = options.token ?? null;
  // Bound call: window.fetch throws "Illegal invocation" when called as a method of another object.
  const fetchFn = options.fetchFn ?? ((input, init) => globalThis.fetch(input, init));

  async function request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal, contentType = 'application/json'): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
    if (body !== undefined) headers['Content-Type'] = contentType;
    if (token) headers['Authorization'] = `Bearer ${token}`;
    let response: Response;
    try {
      response = await fetchFn(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : typeof body === 'string' && contentType !== 'application/json' ? body : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new ApiError({
        status: 0,
        title: 'unreachable',
        code: 'UNREACHABLE',
      });
    }
    if (!response.ok) {
      // A 401 on the session itself (signing out an expired token) is no news; anywhere else the session has ended.
      if (response.status === 401 && token && path !== SESSION_PATH) options.onUnauthorized?.();
      throw await problemOf(response);
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const pool = (poolId: string) => `/api/v1/staff/pools/${seg(poolId)}`;
  const asOfQuery = (asOf: string | null) => (asOf ? `?asOf=${seg(asOf)}` : '');
  return {
    login: (username, password) => request<StaffSession>('POST', SESSION_PATH, { username, password }),
    listPools: async (signal) => (await request<z.infer<typeof PoolListSchema>>('GET', '/api/v1/pools', undefined, signal)).pools,
    getPool: (poolId, signal) => request<PoolSummary>('GET', `/api/v1/pools/${seg(poolId)}`, undefined, signal),
    getOverview: (poolId, asOf, signal) => request<PoolOverview>('GET', `${pool(poolId)}/overview${asOfQuery(asOf)}`, undefined, signal),
    prepareCommitment: (poolId, code, amountOre) =>
      request<DecisionRecorded>('POST', `${pool(poolId)}/commitments/${seg(code)}/prepare`, amountOre === undefined ? {} : { amountOre }),
    approveCommitment: (poolId, code) => request<DecisionRecorded>('POST', `${pool(poolId)}/commitments/${seg(code)}/approve`, {}),
    prepareAmendment: (poolId, amendment) => request<DecisionRecorded>('POST', `${pool(poolId)}/amendments`, amendment),
    approveAmendment: (poolId) => request<DecisionRecorded>('POST', `${pool(poolId)}/amendments/approve`, {}),
    balanceVersions: (signal) => request<BalanceVersions>('GET', BALANCE_PATH, undefined, signal),
    importBalance: (csv, options) => request<BalanceImportResult>('POST', `${BALANCE_PATH}${options?.dryRun ? '?dryRun=true' : ''}`, csv, undefined, 'text/csv'),
    listApiKeys: async (asOf, signal) => (await request<z.infer<typeof ApiKeyListSchema>>('GET', `${API_KEYS_PATH}${asOfQuery(asOf)}`, undefined, signal)).keys,
    issueApiKey: (municipalityCode, name) => request<ApiKeyIssued>('POST', API_KEYS_PATH, { municipalityCode, name }),
    revokeApiKey: (id) => request<ApiKeyRevoked>('DELETE', `${API_KEYS_PATH}/${seg(id)}`),
    listStaffAccounts: async (signal) => (await request<z.infer<typeof StaffAccountListSchema>>('GET', USERS_PATH, undefined, signal)).users,
    createStaffAccount: (account) => request<StaffAccount>('POST', USERS_PATH, account),
    updateStaffAccount: (username, change) => request<StaffAccount>('PATCH', `${USERS_PATH}/${seg(username)}`, change),
    auditTrail: (filter, asOf, signal) => request<AuditPage>('GET', `/api/v1/staff/audit${queryOf({ ...filter, asOf: asOf ?? undefined })}`, undefined, signal),
    ledgerSummary: (poolId, asOf, signal) => request<LedgerSummary>('GET', `${pool(poolId)}/ledger-summary${asOfQuery(asOf)}`, undefined, signal),
    prepareReduction: (poolId, code, reduction) => request<ReductionRecorded>('POST', `${pool(poolId)}/commitments/${seg(code)}/reduction/prepare`, reduction),
    approveReduction: (poolId, code) => request<ReductionRecorded>('POST', `${pool(poolId)}/commitments/${seg(code)}/reduction/approve`, {}),
    marketingLine: (poolId, asOf, signal) => request<MarketingLine>('GET', `${pool(poolId)}/marketing${asOfQuery(asOf)}`, undefined, signal),
    recordMarketingSpending: (poolId, spending) => request<SpendingRecorded>('POST', `${pool(poolId)}/marketing-spending`, spending),
    eraseCitizen: (body) => request<Erasure>('POST', '/api/v1/staff/citizens/erasures', body),
    signOut: async () => {
      if (!token) return;
      await request('DELETE', SESSION_PATH).catch(() => undefined);
    },
    get: (pathAndQuery, signal) => request('GET', pathAndQuery, undefined, signal),
    post: (path, body = {}) => request('POST', path, body),
    download: async (pathAndQuery) => {
      const headers: Record<string, string> = { Accept: '*/*' };
      if (token) headers['Authorization'] = `Bearer ${token}`;
      let response: Response;
      try {
        response = await fetchFn(`${baseUrl}${pathAndQuery}`, { headers });
      } catch {
        throw new ApiError({ status: 0, title: 'unreachable', code: 'UNREACHABLE' });
      }
      if (!response.ok) {
        if (response.status === 401 && token) options.onUnauthorized?.();
        throw await problemOf(response);
      }
      return { blob: await response.blob(), fileName: fileNameOf(response.headers.get('content-disposition')) };
    },
  };
}

/** The file name of a Content-Disposition header (`attachment; filename="x.xml"`), or null without one. */
export function fileNameOf(contentDisposition: string | null): string | null {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(contentDisposition ?? '');
  return match?.[1] ? decodeURIComponent(match[1].trim()) : null;
}

/** Reads a problem+json body; falls back to the HTTP status when the body is not one (a proxy's HTML page). */
async function problemOf(response: Response): Promise<ApiError> {
  const fallbackTitle = response.statusText || `Request failed (${response.status})`;
  let text = '';
  try {
    text = await response.text();
  } catch {
    // The body could not be read; the status alone must do.
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (text && contentType.includes('json')) {
    try {
      const body = JSON.parse(text) as Record<string, unknown>;
      const title = typeof body['title'] === 'string' && body['title'] ? body['title'] : fallbackTitle;
      const detail = typeof body['detail'] === 'string' && body['detail'] ? body['detail'] : undefined;
      const type = typeof body['type'] === 'string' ? body['type'] : undefined;
      const reasons = Array.isArray(body['reasons']) ? (body['reasons'] as { code?: unknown }[]) : [];
      const reasonCode = typeof reasons[0]?.code === 'string' ? reasons[0].code : undefined;
      const code = typeof body['code'] === 'string' ? body['code'] : reasonCode;
      return new ApiError({ status: response.status, title, detail, type, code });
    } catch {
      // Not JSON after all; fall through.
    }
  }
  // The dev proxy answers 500/502/504 with an empty body when the API is down.
  if (!text && response.status >= 500) return new ApiError({ status: response.status, title: 'unreachable', code: 'UNREACHABLE' });
  return new ApiError({ status: response.status, title: fallbackTitle });
}
