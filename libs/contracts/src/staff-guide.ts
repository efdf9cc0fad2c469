import { apiRoutes } from './api-routes';

/** The route table of docs/staff-api.md, made from the route list: every staff path, its method, roles and summary. */
export function staffRouteTable(): string {
  const rows = apiRoutes
    .filter((r) => r.path.startsWith('/api/v1/staff/'))
    .map((r) => `| \`${r.method.toUpperCase()} ${r.path}\` | ${r.roles?.map((role) => `\`${role}\``).join(', ') ?? 'signed in'} | ${r.summary} |`);
  return ['| route | roles | what it does |', '|---|---|---|', ...rows].join('\n');
}

export const STAFF_ROUTES_START = '<!-- staff-routes:start -->';
export const STAFF_ROUTES_END = '<!-- staff-routes:end -->';

/** The guide with its route table replaced by the current one. */
export function withStaffRouteTable(guide: string): string {
  const start = guide.indexOf(STAFF_ROUTES_START);
  const end = guide.indexOf(STAFF_ROUTES_END);
  if (start < 0 || end < start) throw new Error(`the guide has no ${STAFF_ROUTES_START} … ${STAFF_ROUTES_END} block`);
  return `${guide.slice(0, start + STAFF_ROUTES_START.length)}\n${staffRouteTable()}\n${guide.slice(end)}`;
}
