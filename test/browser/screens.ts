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

export const SCREENS: Screen[] = [
  { name: 'pools', user: 'karin', path: '/puljer', ready: async (p) => void (await expect(p.getByRole('link', { name: 'Pulje' }).or(p.locator('tbody a')).first()).toBeVisible()) },
  { name: 'pool', user: 'karin', path: `/puljer/${state.poolId}`, ready: async (p) => void (await expect(p.getByTestId('commitment-101')).toBeVisible()) },
  { name: 'pool-approver', user: 'anders', path: `/puljer/${state.poolId}`, ready: async (p) => void (await expect(p.getByTestId('commitment-151')).toBeVisible()) },
  { name: 'balance', user: 'admin', path: '/arbejdsmarkedsbalance', ready: async (p) => void (await expect(p.locator('table')).toBeVisible()) },
  { name: 'erasure', user: 'admin', path: '/sletning', ready: async (p) => void (await expect(p.locator('#erasure-cpr')).toBeVisible()), readyForAuditor: heading },
  { name: 'not-found', user: 'karin', path: '/ingen-side', ready: heading },
];
