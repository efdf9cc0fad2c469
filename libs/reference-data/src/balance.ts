// The labour-market balance (arbejdsmarkedsbalancen): for each half-year and RAR area, job titles with a status.
// Which statuses make a shortage title, and which half-year a date lies in, are the domain's (libs/domain
// labour-market-balance.ts, half-year.ts); this adds the one status that is not a shortage and the entry's shape.

import { SHORTAGE_STATUSES, type HalfYear } from '@puljeflow/domain';
import type { RarArea } from './areas';

/** Every status a balance file may give: the shortage statuses and 'ingen mangel' (no shortage). */
export const BALANCE_STATUSES = [...SHORTAGE_STATUSES, 'ingen mangel'] as const;

export type BalanceStatus = (typeof BALANCE_STATUSES)[number];

export interface BalanceEntry {
  halfYear: HalfYear;
  rarArea: RarArea;
  /** As written in the file, trimmed. */
  jobTitle: string;
  /** DISCO-08 occupation code, 6 digits, when the file gives one. */
  disco08: string | null;
  status: BalanceStatus;
}

/** A job title as it is compared: trimmed, runs of spaces made one, lower case (Danish), Unicode NFC (so "å" typed as
 * a + ring matches "å"). "Social- og Sundhedsassistent " and "social- og sundhedsassistent" are one title. */
export const jobTitleKey = (jobTitle: string): string =>
  jobTitle.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('da');

/** What makes an entry unique: its half-year, RAR area and job title key, e.g. '2019H2/Hovedstaden/tømrer'. */
export const balanceKey = (entry: Pick<BalanceEntry, 'halfYear' | 'rarArea' | 'jobTitle'>): string =>
  `${entry.halfYear}/${entry.rarArea}/${jobTitleKey(entry.jobTitle)}`;
