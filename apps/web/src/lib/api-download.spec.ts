import { describe, expect, it } from '@jest/globals';
import { ApiError, createApiClient, fileNameOf } from './api';

describe('api client downloads', () => {
  it('fetches a file with the session token and names it as Content-Disposition says', async () => {
    const seen: { url: string; auth: string | undefined }[] = [];
    const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push({ url: String(input), auth: (init?.headers as Record<string, string>)['Authorization'] });
      return new Response('<Document/>', { status: 200, headers: { 'content-type': 'application/xml', 'content-disposition': 'attachment; filename="p_2026-12-04.pain001.xml"' } });
    }) as typeof fetch;
    const { blob, fileName } = await createApiClient({ token: 'tok', fetchFn }).download('/api/v1/staff/pools/p/payout-runs/2026-12-04/pain001');
    expect([fileName, await blob.text()]).toEqual(['p_2026-12-04.pain001.xml', '<Document/>']);
    expect(seen).toEqual([{ url: '/api/v1/staff/pools/p/payout-runs/2026-12-04/pain001', auth: 'Bearer tok' }]);
  });

  it('throws the problem of a refused download, and tells the app when the session has ended', async () => {
    let ended = 0;
    const problem = (status: number) =>
      (async () => new Response(JSON.stringify({ title: 'Not Found', status, detail: 'No file yet' }), { status, headers: { 'content-type': 'application/problem+json' } })) as typeof fetch;
    const notFound = createApiClient({ token: 'tok', fetchFn: problem(404), onUnauthorized: () => ended++ }).download('/x');
    await expect(notFound).rejects.toEqual(expect.objectContaining({ status: 404, detail: 'No file yet' }));
    await expect(createApiClient({ token: 'tok', fetchFn: problem(401), onUnauthorized: () => ended++ }).download('/x')).rejects.toBeInstanceOf(ApiError);
    expect(ended).toBe(1);
  });

  it('reads the file name of a Content-Disposition header', () => {
    expect(fileNameOf('attachment; filename="a_b.pain001.xml"')).toBe('a_b.pain001.xml');
    expect(fileNameOf("attachment; filename*=UTF-8''r%C3%B8d.xml")).toBe('rød.xml');
    expect(fileNameOf('attachment')).toBeNull();
    expect(fileNameOf(null)).toBeNull();
  });
});
