// Hash routes keep the app a static bundle: any path serves index.html without server rewrites.
export type Route = { name: 'pools' } | { name: 'pool'; poolId: string } | { name: 'notFound'; hash: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '');
  if (path === '' || path === '/pools') return { name: 'pools' };
  const match = /^\/pools\/([^/]+)$/.exec(path);
  if (match?.[1]) {
    try {
      return { name: 'pool', poolId: decodeURIComponent(match[1]) };
    } catch {
      return { name: 'notFound', hash };
    }
  }
  return { name: 'notFound', hash };
}

export const poolsHref = '#/pools';

export function poolHref(poolId: string): string {
  return `#/pools/${encodeURIComponent(poolId)}`;
}
