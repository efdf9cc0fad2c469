import fs from 'node:fs';

/** What the system server started, for the specs: where things are, the pool to work on, the staff's passwords. */
export interface BrowserState {
  apiUrl: string;
  webUrl: string;
  poolId: string;
  municipalities: string[];
  staff: Record<string, string>;
}

export const STATE_ENV = 'PULJEFLOW_BROWSER_STATE';

export function browserState(): BrowserState {
  const file = process.env[STATE_ENV];
  if (!file) throw new Error(`${STATE_ENV} is not set: run the suite with npm run test:browser`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as BrowserState;
}
