/// <reference lib="dom" />
// Every screen of the web app, for the checks that run on all of them (90-every-screen.browser.ts): axe in Danish and
// English, keyboard reach, and an auditor seeing it with no usable decision. A new screen adds its entry here.
import { expect, type Page } from '@playwright/test';
import { state, type Language } from './helpers';

export interface Screen {
  /** The screenshot's name. */
  name: string;
  /** Who looks at it for the axe and keyboard checks (someone with its actions). */
  user: string;
  path: string;
  /** Resolves once the screen shows its data. */
  ready: (page: Page, lng: Language) => Promise<void>;
  /** What the auditor sees instead, where the screen is mostly a form the auditor is not given. */
  readyForAuditor?: (page: Page) => Promise<void>;
}

const heading = async (p: Page) => void (await expect(p.getByRole('heading', { level: 1 })).toBeVisible());
/** A commitment's screen shows its amount and, once its audit trail has come, its reductions. */
const commitmentReady = async (p: Page) => {
  await expect(p.getByTestId('commitment-amount')).toBeVisible();
  await expect(p.getByRole('table')).toBeVisible();
};

export const SCREENS: Screen[] = [
  { name: 'pools', user: 'karin', path: '/puljer', ready: async (p) => void (await expect(p.getByRole('link', { name: 'Pulje' }).or(p.locator('tbody a')).first()).toBeVisible()) },
  { name: 'pool', user: 'karin', path: `/puljer/${state.poolId}`, ready: async (p) => void (await expect(p.getByTestId('commitment-101')).toBeVisible()) },
  { name: 'pool-approver', user: 'anders', path: `/puljer/${state.poolId}`, ready: async (p) => void (await expect(p.getByTestId('commitment-151')).toBeVisible()) },
  { name: 'balance', user: 'admin', path: '/arbejdsmarkedsbalance', ready: async (p) => void (await expect(p.locator('table')).toBeVisible()) },
  { name: 'erasure', user: 'admin', path: '/sletning', ready: async (p) => void (await expect(p.locator('#erasure-cpr')).toBeVisible()), readyForAuditor: heading },
  { name: 'not-found', user: 'karin', path: '/ingen-side', ready: heading },
  { name: 'courses', user: 'karin', path: `/puljer/${state.poolId}/forloeb`, ready: async (p) => void (await expect(p.getByTestId('status-B-1')).toBeVisible()) },
  { name: 'course', user: 'karin', path: `/puljer/${state.poolId}/forloeb/101/B-1`, ready: async (p) => void (await expect(p.getByTestId('expense-E-1')).toBeVisible()) },
  { name: 'course-rejected', user: 'karin', path: `/puljer/${state.poolId}/forloeb/101/B-2`, ready: async (p) => void (await expect(p.getByTestId('reason-JOB_NOT_SHORTAGE_TITLE')).toBeVisible()) },
  { name: 'claims', user: 'anders', path: '/refusionskrav?status=awaiting-approval', ready: async (p) => void (await expect(p.getByTestId(`reviewed-${state.poolId}-101-C-2`)).toBeVisible()) },
  {
    name: 'claim-review',
    user: 'karin',
    path: `/puljer/${state.poolId}/refusionskrav/101/C-3`,
    ready: async (p, lng) => void (await expect(p.getByRole('button', { name: lng === 'da' ? 'Gennemgå kravet C-3' : 'Review claim C-3' })).toBeVisible()),
    readyForAuditor: async (p) => void (await expect(p.getByTestId('claim-status')).toBeVisible()),
  },
  {
    name: 'claim-approve',
    user: 'anders',
    path: `/puljer/${state.poolId}/refusionskrav/101/C-2`,
    ready: async (p, lng) => void (await expect(p.getByRole('button', { name: lng === 'da' ? 'Godkend kravet C-2' : 'Approve claim C-2' })).toBeVisible()),
    readyForAuditor: async (p) => void (await expect(p.getByTestId('claim-status')).toBeVisible()),
  },
  { name: 'payout-runs', user: 'frida', path: `/puljer/${state.poolId}/udbetalinger`, ready: async (p) => void (await expect(p.getByTestId(`state-${state.definition.calendar.payoutRunDates[0]}`)).toBeVisible()) },
  { name: 'payout-run', user: 'finn', path: `/puljer/${state.poolId}/udbetalinger/${state.definition.calendar.payoutRunDates[0]}`, ready: async (p) => void (await expect(p.getByTestId('run-state')).toBeVisible()) },
  { name: 'ledger', user: 'frida', path: `/puljer/${state.poolId}/kommuner/147`, ready: async (p) => void (await expect(p.getByTestId('figure-committedOre')).toBeVisible()) },
  { name: 'settlements', user: 'frida', path: `/puljer/${state.poolId}/afregning`, ready: async (p) => void (await expect(p.getByRole('table').first()).toBeVisible()) },
  { name: 'api-keys', user: 'admin', path: '/administration/noegler', ready: async (p) => void (await expect(p.getByRole('table').first()).toBeVisible()) },
  { name: 'staff-users', user: 'admin', path: '/administration/brugere', ready: async (p) => void (await expect(p.getByTestId('user-status-karin')).toBeVisible()) },
  { name: 'audit', user: 'aud', path: `/revisionsspor?poolId=${state.poolId}`, ready: async (p) => void (await expect(p.locator('tbody [data-kind]').first()).toBeVisible()) },
  { name: 'commitment', user: 'anders', path: `/puljer/${state.poolId}/tilsagn/147`, ready: commitmentReady },
  { name: 'commitment-caseworker', user: 'karin', path: `/puljer/${state.poolId}/tilsagn/101`, ready: commitmentReady },
  { name: 'marketing', user: 'frida', path: `/puljer/${state.poolId}/markedsfoering`, ready: async (p) => void (await expect(p.getByTestId('marketing-limit')).toBeVisible()) },
];
