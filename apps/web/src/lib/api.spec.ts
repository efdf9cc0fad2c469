import { describe, expect, it, jest } from '@jest/globals';
import { ApiError, createApiClient } from './api';

type Call = { url: string; init: RequestInit };

function fakeFetch(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(input), init: init ?? {} };
    calls.push(call);
    return respond(call);
  }) as typeof fetch;
  return { fetchFn, calls };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const problem = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json' } });

describe('api client', () => {
  it('signs in without a token and returns the session', async () => {
    const session = { token: 'abc', user: { username: 'karin', displayName: 'Karin', roles: ['caseworker'] } };
    const { fetchFn, calls } = fakeFetch(() => json(session));
    const api = createApiClient({ fetchFn });
    await expect(api.login('karin', 'secret')).resolves.toEqual(session);
    expect(calls[0]?.url).toBe('/api/v1/staff/session');
    expect(calls[0]?.init.method).toBe('POST');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ username: 'karin', password: 'secret' });
    expect((calls[0]?.init.headers as Record<string, string>)['Authorization']).toBeUndefined();
  });

  it('sends the bearer token and unwraps the pool list', async () => {
    const { fetchFn, calls } = fakeFetch(() => json({ pools: [{ poolId: 'demo' }] }));
    const api = createApiClient({ fetchFn, token: 'abc', baseUrl: 'http://api' });
    await expect(api.listPools()).resolves.toEqual([{ poolId: 'demo' }]);
    expect(calls[0]?.url).toBe('http://api/api/v1/pools');
    expect((calls[0]?.init.headers as Record<string, string>)['Authorization']).toBe('Bearer abc');
  });

  it('encodes ids into paths and posts commitment actions', async () => {
    const { fetchFn, calls } = fakeFetch(() => new Response(null, { status: 204 }));
    const api = createApiClient({ fetchFn, token: 'abc' });
    await api.getOverview('a/b', null).catch(() => undefined);
    await api.prepareCommitment('demo', '101');
    await api.prepareCommitment('demo', '101', 5000);
    await api.approveCommitment('demo', '101');
    expect(calls.map((c) => [c.init.method, c.url, c.init.body])).toEqual([
      ['GET', '/api/v1/staff/pools/a%2Fb/overview', undefined],
      ['POST', '/api/v1/staff/pools/demo/commitments/101/prepare', '{}'],
      ['POST', '/api/v1/staff/pools/demo/commitments/101/prepare', '{"amountOre":5000}'],
      ['POST', '/api/v1/staff/pools/demo/commitments/101/approve', '{}'],
    ]);
  });

  it('signs out on the server when it has a token, and never fails for it', async () => {
    const { fetchFn, calls } = fakeFetch(() => new Response('', { status: 500 }));
    await expect(createApiClient({ fetchFn, token: 'abc' }).signOut()).resolves.toBeUndefined();
    await createApiClient({ fetchFn }).signOut();
    expect(calls.map((c) => [c.init.method, c.url])).toEqual([['DELETE', '/api/v1/staff/session']]);
  });

  it('turns problem+json into an ApiError with title and detail', async () => {
    const { fetchFn } = fakeFetch(() =>
      problem({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'Four-eyes: you prepared it.', reasons: [{ code: 'FOUR_EYES_REQUIRED', message: 'x' }] }, 403),
    );
    const api = createApiClient({ fetchFn, token: 'abc' });
    const error = await api.approveCommitment('demo', '101').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, title: 'Forbidden', detail: 'Four-eyes: you prepared it.', code: 'FOUR_EYES_REQUIRED' });
  });

  it('explains a failure without a problem body by its status', async () => {
    const { fetchFn } = fakeFetch(() => new Response('', { status: 502, statusText: 'Bad Gateway' }));
    const error = await createApiClient({ fetchFn }).listPools().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, title: 'unreachable', code: 'UNREACHABLE' });
  });

  it('reports an unreachable server as such', async () => {
    const fetchFn = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const error = await createApiClient({ fetchFn }).listPools().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, title: 'unreachable', code: 'UNREACHABLE' });
  });

  it('passes an abort through untouched, so a cancelled poll is not an error', async () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    const fetchFn = (async () => {
      throw abort;
    }) as typeof fetch;
    await expect(createApiClient({ fetchFn }).listPools()).rejects.toBe(abort);
  });

  it('ends the session on 401 to a signed-in call, but not on a failed sign-in', async () => {
    const onUnauthorized = jest.fn();
    const { fetchFn } = fakeFetch(() => problem({ title: 'Unauthorized', status: 401, detail: 'Wrong password.' }, 401));
    await expect(createApiClient({ fetchFn, onUnauthorized }).login('k', 'x')).rejects.toMatchObject({
      detail: 'Wrong password.',
    });
    expect(onUnauthorized).not.toHaveBeenCalled();
    await createApiClient({ fetchFn, token: 'old', onUnauthorized }).listPools().catch(() => undefined);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    await createApiClient({ fetchFn, token: 'old', onUnauthorized }).signOut();
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });
});
