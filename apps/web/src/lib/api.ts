// A typed client for the Staff API (docs/design.md, "Staff API"). Every failure becomes an ApiError carrying the
// problem+json `title` and `detail`, so screens show one kind of error.
import type { Ore } from './money';

export interface StaffUser {
  username: string;
  displayName: string;
  roles: string[];
}

export interface StaffSession {
  token: string;
  user: StaffUser;
}

/** The instants of a pool definition, ISO 8601; more fields may follow (payout runs, claim deadlines). */
export interface PoolCalendar {
  openedAt?: string;
  interestDeadline?: string;
  startDeadline?: string;
  reportingGraceEnds?: string;
  [field: string]: unknown;
}

/** A pool (pulje) as listed. */
export interface PoolSummary {
  poolId: string;
  name: string;
  status: string;
  commitmentsOre: Ore;
  calendar: PoolCalendar;
}

/** The state of one municipality's grant commitment (tilsagn). */
export type CommitmentStatus = 'none' | 'prepared' | 'issued';

/** One municipality in a pool. Fields the API fills only later (after the allocation, the preparation) may be null. */
export interface MunicipalityOverview {
  municipalityCode: string;
  name: string;
  requestedOre: Ore;
  allocatedOre: Ore | null;
  committedOre: Ore;
  commitmentStatus: CommitmentStatus;
  /** The amount of a prepared tilsagn, before it is issued. */
  preparedAmountOre?: Ore | null;
  /** Usernames. */
  preparedBy?: string | null;
  issuedBy?: string | null;
}

export interface PoolOverview {
  pool: {
    poolId: string;
    name: string;
    status: string;
    commitmentsOre: Ore;
    interestDeadline?: string;
    allocatedAt?: string | null;
    /** What lapsed (bortfald) at the allocation because less was sought than the pool holds. */
    lapsedOre?: Ore | null;
  };
  municipalities: MunicipalityOverview[];
}

/** An RFC 9457 problem (application/problem+json), or what the client made of a failure without one. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly type: string | undefined;

  constructor(problem: { status: number; title: string; detail?: string; type?: string }) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.title = problem.title;
    this.detail = problem.detail;
    this.type = problem.type;
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
  return new ApiError({ status: 0, title: 'Something went wrong', detail: message });
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
  getOverview(poolId: string, signal?: AbortSignal): Promise<PoolOverview>;
  prepareCommitment(poolId: string, municipalityCode: string, amountOre?: Ore): Promise<void>;
  approveCommitment(poolId: string, municipalityCode: string): Promise<void>;
  /** Ends the session on the server too; a failure is ignored, since the browser forgets the token anyway. */
  signOut(): Promise<void>;
}

const seg = encodeURIComponent;
const SESSION_PATH = '/api/v1/staff/session';

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  const token = options.token ?? null;
  // Bound call: window.fetch throws "Illegal invocation" when called as a method of another object.
  const fetchFn = options.fetchFn ?? ((input, init) => globalThis.fetch(input, init));

  async function request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers['Authorization'] = `Bearer ${token}`;
    let response: Response;
    try {
      response = await fetchFn(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new ApiError({
        status: 0,
        title: 'Cannot reach the server',
        detail: 'The Staff API did not answer. Check that it is running; the page keeps trying.',
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

  return {
    login: (username, password) =>
      request<StaffSession>('POST', SESSION_PATH, { username, password }),
    listPools: async (signal) => (await request<{ pools: PoolSummary[] }>('GET', '/api/v1/pools', undefined, signal)).pools,
    getPool: (poolId, signal) => request<PoolSummary>('GET', `/api/v1/pools/${seg(poolId)}`, undefined, signal),
    getOverview: (poolId, signal) =>
      request<PoolOverview>('GET', `/api/v1/staff/pools/${seg(poolId)}/overview`, undefined, signal),
    prepareCommitment: async (poolId, code, amountOre) => {
      const body = amountOre === undefined ? {} : { amountOre };
      await request('POST', `/api/v1/staff/pools/${seg(poolId)}/commitments/${seg(code)}/prepare`, body);
    },
    approveCommitment: async (poolId, code) => {
      await request('POST', `/api/v1/staff/pools/${seg(poolId)}/commitments/${seg(code)}/approve`, {});
    },
    signOut: async () => {
      if (!token) return;
      await request('DELETE', SESSION_PATH).catch(() => undefined);
    },
  };
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
      return new ApiError({ status: response.status, title, detail, type });
    } catch {
      // Not JSON after all; fall through.
    }
  }
  // The dev proxy answers 500/502/504 with an empty body when the API is down.
  const detail = !text && response.status >= 500 ? 'The Staff API is not answering; the page keeps trying.' : undefined;
  return new ApiError({ status: response.status, title: fallbackTitle, detail });
}
