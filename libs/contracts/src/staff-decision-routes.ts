import type { ApiRoute } from './route-kit';

/** Staff decisions beyond commitments and amendments: claims, payout runs, reductions, repayments, marketing, staff accounts, API keys. */
export const staffDecisionRoutes: readonly ApiRoute[] = [];
