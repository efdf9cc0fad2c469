import type { ApiRoute } from './route-kit';

/** Staff reads served from read models: course reports, the claims queue, ledgers, payout runs, settlements, the audit trail. */
export const staffReadRoutes: readonly ApiRoute[] = [];
