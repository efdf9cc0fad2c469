import fs from 'node:fs';
import type { PoolDefinition } from '@puljeflow/domain';

/** What the system server started, for the specs: where things are, the pool to work on, the staff's passwords. */
export interface BrowserState {
  apiUrl: string;
  webUrl: string;
  poolId: string;
  municipalities: string[];
  /** Each municipality's API key, for the municipal events a spec sends (course starts, expenses, claims). */
  municipalKeys: Record<string, string>;
  staff: Record<string, string>;
  /** The pool's definition as opened: its calendar (budget years this year and the next, a payout run today). */
  definition: PoolDefinition;
}

export const STATE_ENV = 'PULJEFLOW_BROWSER_STATE';

export function browserState(): BrowserState {
  const file = process.env[STATE_ENV];
  if (!file) throw new Error(`${STATE_ENV} is not set: run the suite with npm run test:browser`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as BrowserState;
}
