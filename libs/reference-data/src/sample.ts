import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The shipped SAMPLE of the labour-market balance (invented statuses, for development and the demo pool). The
 * official balance is STAR's, at www.arbejdsmarkedsbalancen.dk. */
export const SAMPLE_BALANCE_FILE = path.join(__dirname, '..', 'data', 'arbejdsmarkedsbalancen-sample.csv');

export const readSampleBalanceCsv = (): string => readFileSync(SAMPLE_BALANCE_FILE, 'utf8');
