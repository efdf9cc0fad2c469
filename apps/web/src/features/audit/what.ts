import type { TFunction } from 'i18next';
import type { AuditEntry } from '../../lib/api';
import { formatOre } from '../../lib/money';

/** The staff decisions the audit trail records (the staff read model's list), for the filter. */
export const AUDIT_KINDS = [
  'CommitmentPrepared',
  'CommitmentIssued',
  'CommitmentReductionPrepared',
  'CommitmentReduced',
  'DeadlineAmendmentPrepared',
  'DeadlineAmended',
  'ClaimReviewed',
  'ClaimApproved',
  'RunPrepared',
  'RunReleased',
  'MarketingSpendingRecorded',
  'RepaymentReceiptPrepared',
  'RepaymentReceived',
] as const;

/** Fields every entry shows in its own column, or that only repeat who and when. */
const SHOWN_ELSEWHERE = new Set(['poolId', 'municipalityCode', 'preparedBy', 'approvedBy', 'reviewedBy', 'releasedBy', 'recordedBy', 'confirmedBy', 'preparedAt', 'issuedAt', 'at', 'amendedAt', 'reviewedAt', 'approvedAt', 'releasedAt', 'recordedAt', 'confirmedAt']);

function valueOf(key: string, value: unknown): string {
  if (/Ore$/.test(key) && (typeof value === 'number' || typeof value === 'string')) return formatOre(value);
  if (Array.isArray(value)) return String(value.length);
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** What was decided, in a line: each recorded field but who and when, named from the catalogue ("Nyt beløb: 1.000,00 kr."). */
export function describeWhat(entry: Pick<AuditEntry, 'what'>, t: TFunction): string {
  return Object.entries(entry.what)
    .filter(([key, value]) => !SHOWN_ELSEWHERE.has(key) && value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `${t(`auditField.${key}`, { defaultValue: key })}: ${valueOf(key, value)}`)
    .join('; ');
}
