import { useTranslation } from 'react-i18next';
import type { BalanceImportResult } from '../lib/api';

type Entry = BalanceImportResult['versions'][number]['diff']['added'][number];

const where = (e: Entry) => `${e.jobTitle} (${e.rarArea}${e.disco08 ? `, DISCO ${e.disco08}` : ''})`;

/** What a balance file would change, per half-year, before it is applied: added, removed and changed lines. */
export function BalancePreview({ result, busy, onApply, onCancel }: { result: BalanceImportResult; busy: boolean; onApply: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="balance-preview-title" data-testid="balance-preview">
      <h3 id="balance-preview-title">{t('balancePreview.title')}</h3>
      {result.unchanged ? (
        <p>{t('balancePreview.unchanged')}</p>
      ) : (
        result.versions.map((v) => (
          <div key={v.halfYear} data-half-year={v.halfYear}>
            <h4>{v.created ? t('balancePreview.halfYearNew', { halfYear: v.halfYear, version: v.version, previous: v.comparedWith ?? t('balancePreview.none') }) : t('balancePreview.halfYearSame', { halfYear: v.halfYear, version: v.version })}</h4>
            <p data-testid={`balance-preview-counts-${v.halfYear}`}>
              {t('balancePreview.counts', { added: v.diff.added.length, removed: v.diff.removed.length, changed: v.diff.changed.length, unchanged: v.diff.unchanged })}
            </p>
            <ul className="balance-diff">
              {v.diff.added.map((e) => (
                <li key={`a-${where(e)}`}>{t('balancePreview.added', { what: where(e), status: e.status })}</li>
              ))}
              {v.diff.removed.map((e) => (
                <li key={`r-${where(e)}`}>{t('balancePreview.removed', { what: where(e), status: e.status })}</li>
              ))}
              {v.diff.changed.map((c) => (
                <li key={`c-${c.key}`}>{t('balancePreview.changed', { what: where(c.to), from: c.from.status, to: c.to.status })}</li>
              ))}
            </ul>
          </div>
        ))
      )}
      <div className="actions">
        {!result.unchanged && (
          <button type="button" className="button button-primary" disabled={busy} onClick={onApply} data-decision>
            {t('balancePreview.apply')}
          </button>
        )}
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('balancePreview.cancel')}
        </button>
      </div>
    </section>
  );
}
