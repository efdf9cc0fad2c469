import type { CommitmentStatus } from './api';

export interface StatusLabel {
  /** English label shown first. */
  label: string;
  /** The Danish word staff use, shown as a sub-label when there is one. */
  danish?: string;
  /** A CSS modifier for the badge colour. */
  tone: 'neutral' | 'info' | 'warning' | 'success' | 'muted';
}

const POOL_STATUSES: Record<string, StatusLabel> = {
  draft: { label: 'Draft', tone: 'muted' },
  opened: { label: 'Open for interest', danish: 'udmeldt', tone: 'info' },
  open: { label: 'Open for interest', danish: 'udmeldt', tone: 'info' },
  allocating: { label: 'Allocating', tone: 'warning' },
  allocated: { label: 'Allocated', danish: 'fordelt', tone: 'success' },
  committed: { label: 'Commitments issued', danish: 'tilsagn givet', tone: 'success' },
  closed: { label: 'Closed', danish: 'lukket', tone: 'muted' },
};

/** A pool status the UI does not know yet still reads as words: "final_settlement" → "Final settlement". */
function humanize(code: string): string {
  const words = code
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Unknown';
}

export function poolStatusLabel(status: string): StatusLabel {
  return POOL_STATUSES[status] ?? { label: humanize(status), tone: 'neutral' };
}

const COMMITMENT_STATUSES: Record<CommitmentStatus, StatusLabel> = {
  none: { label: 'Not prepared', tone: 'muted' },
  prepared: { label: 'Prepared, awaiting approval', tone: 'warning' },
  issued: { label: 'Issued', danish: 'tilsagn givet', tone: 'success' },
};

export function commitmentStatusLabel(status: CommitmentStatus | string): StatusLabel {
  return COMMITMENT_STATUSES[status as CommitmentStatus] ?? { label: humanize(status), tone: 'neutral' };
}
