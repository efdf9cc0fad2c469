// How the course screens name what the API sends as codes: statuses, target groups, expense categories, decisions
// and reason codes, each from the catalogues (a code the catalogue does not know is shown as it is).
import { useTranslation } from 'react-i18next';
import type { CourseStatus } from './api';

/** A calendar date as Danish Excel reads it ("2020-12-31" → "31.12.2020"); empty for none. */
export function dateForCsv(value: string | null | undefined): string {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  return match ? `${match[3]}.${match[2]}.${match[1]}` : '';
}

export function useLabels() {
  const { t, i18n } = useTranslation();
  const known = (key: string) => i18n.exists(key);
  return {
    status: (status: CourseStatus) => t(`courseStatus.${status}`),
    targetGroup: (code: string) => (known(`targetGroup.${code}`) ? t(`targetGroup.${code}`) : t('targetGroup.other', { code })),
    category: (category: string) => (known(`expenseCategory.${category}`) ? t(`expenseCategory.${category}`) : t('expenseCategory.other', { category })),
    decision: (type: string) => (known(`courseDecision.${type}`) ? t(`courseDecision.${type}`) : t('courseDecision.other', { type })),
    /** The reason code in plain language; null for a code the catalogue does not know. */
    reason: (code: string) => (known(`reasonCode.${code}`) ? t(`reasonCode.${code}`) : null),
  };
}

const BADGE: Record<CourseStatus, string> = { started: 'badge-info', rejected: 'badge-error', cancelled: 'badge-warning', completed: 'badge-success' };

export function CourseStatusBadge({ status, testId }: { status: CourseStatus; testId?: string }) {
  const { status: label } = useLabels();
  return (
    <span className={`badge ${BADGE[status]}`} data-testid={testId}>
      {label(status)}
    </span>
  );
}
