import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionButton } from '../../components/ActionButton';
import type { DisabledReason } from '../../lib/permissions';
import { formatOre, oreForInput, parseKroner, toOre } from '../../lib/money';
import type { ReviewRequest, TracedExpense } from './api';

interface Props {
  claimId: string;
  expenses: TracedExpense[];
  readOnly: DisabledReason | null;
  busy: boolean;
  onReview: (review: ReviewRequest) => void;
}

interface Line {
  amount: string;
  reason: string;
}

type Problems = Record<string, { amount?: string; reason?: string }>;

const keyOf = (e: Pick<TracedExpense, 'courseId' | 'expenseId'>) => `${e.courseId}/${e.expenseId}`;

/**
 * The review: each expense approved in full (its amount, prefilled) or in part; an amount below the expense's is a cut
 * and needs a reason (the note the approver and the municipality read). Only the cuts are sent (docs/domain.md §7).
 */
export function ReviewForm({ claimId, expenses, readOnly, busy, onReview }: Props) {
  const { t } = useTranslation();
  const formId = useId();
  const [lines, setLines] = useState<Record<string, Line>>(() => Object.fromEntries(expenses.map((e) => [keyOf(e), { amount: oreForInput(e.amountOre), reason: '' }])));
  const [problems, setProblems] = useState<Problems>({});

  const submit = () => {
    const found: Problems = {};
    const cuts: NonNullable<ReviewRequest['cuts']> = [];
    for (const e of expenses) {
      const key = keyOf(e);
      const line = lines[key] ?? { amount: '', reason: '' };
      const max = toOre(e.amountOre) ?? 0n;
      const approved = parseKroner(line.amount);
      if (approved === null || approved > max) {
        found[key] = { amount: t('claims.invalidAmount', { max: formatOre(max) }) };
        continue;
      }
      if (approved === max) continue;
      if (!line.reason.trim()) {
        found[key] = { reason: t('claims.reasonRequired') };
        continue;
      }
      cuts.push({ courseId: e.courseId, expenseId: e.expenseId, approvedOre: Number(approved), reason: line.reason.trim() });
    }
    setProblems(found);
    if (Object.keys(found).length === 0) onReview({ cuts });
  };

  const set = (key: string, patch: Partial<Line>) => {
    setLines((prev) => ({ ...prev, [key]: { ...(prev[key] ?? { amount: '', reason: '' }), ...patch } }));
    // What is typed anew is checked anew on the next submit.
    setProblems((prev) => ({ ...prev, [key]: {} }));
  };

  return (
    <section aria-labelledby={`${formId}-title`} className="card decision-card review-form">
      <h2 id={`${formId}-title`}>{t('claims.reviewTitle')}</h2>
      <p>{t('claims.reviewIntro')}</p>
      {expenses.map((e) => {
        const key = keyOf(e);
        const id = `${formId}-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
        const problem = problems[key];
        return (
          <fieldset key={key} className="review-line">
            <legend className="mono">
              {e.courseId} · {e.expenseId} · {formatOre(e.amountOre)}
            </legend>
            <Field id={`${id}-amount`} label={t('claims.approvedAmount', { expenseId: e.expenseId })} error={problem?.amount}>
              {(aria) => <input {...aria} className="form-input input-width-s" inputMode="decimal" value={lines[key]?.amount ?? ''} onChange={(ev) => set(key, { amount: ev.target.value })} />}
            </Field>
            <Field id={`${id}-reason`} label={t('claims.note', { expenseId: e.expenseId })} error={problem?.reason}>
              {(aria) => <textarea {...aria} className="form-input" rows={2} maxLength={1000} value={lines[key]?.reason ?? ''} onChange={(ev) => set(key, { reason: ev.target.value })} />}
            </Field>
          </fieldset>
        );
      })}
      <ActionButton primary label={t('claims.review', { claimId })} busy={busy} disabledReason={readOnly} onClick={submit} />
    </section>
  );
}

interface FieldAria {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

/** A labelled form field with the design system's error message, tied to its control for screen readers. */
function Field({ id, label, error, children }: { id: string; label: string; error: string | undefined; children: (aria: FieldAria) => ReactNode }) {
  return (
    <div className={`form-group${error ? ' form-error' : ''}`}>
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      {error && (
        <span className="form-error-message" id={`${id}-error`}>
          {error}
        </span>
      )}
      {children(error ? { id, 'aria-invalid': true, 'aria-describedby': `${id}-error` } : { id })}
    </div>
  );
}
