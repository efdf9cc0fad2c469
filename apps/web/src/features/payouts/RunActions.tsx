import { useTranslation } from 'react-i18next';
import { ActionButton } from '../../components/ActionButton';
import { useSession } from '../../hooks/useSession';
import { canPreparePayoutRun, releasePayoutRunAction, type RunForActions } from '../../lib/money-permissions';
import type { DisabledReason } from '../../lib/permissions';
import { copenhagenDay, formatDate } from '../../lib/time';
import type { RunDecision } from './api';

interface Props {
  run: RunForActions;
  busy: boolean;
  readOnly: DisabledReason | null;
  onDecide: (kind: RunDecision) => void;
}

/** Prepare (finance) and release (a second finance officer) of one run; the preparer sees release disabled, with why. */
export function RunActions({ run, busy, readOnly, onDecide }: Props) {
  const { t } = useTranslation();
  const { user } = useSession();
  const date = formatDate(run.runDate);
  const release = releasePayoutRunAction(user, run);
  const prepare = canPreparePayoutRun(user, run, copenhagenDay(new Date()));
  return (
    <div className="actions">
      {prepare && (
        <ActionButton
          label={t(run.state === 'prepared' ? 'payouts.prepareAgain' : 'payouts.prepare', { date })}
          busy={busy}
          disabledReason={readOnly}
          onClick={() => onDecide('prepare')}
        />
      )}
      {release.kind !== 'hidden' && (
        <ActionButton
          primary
          label={t('payouts.release', { date })}
          busy={busy}
          disabledReason={readOnly ?? (release.kind === 'disabled' ? release.reason : null)}
          onClick={() => onDecide('release')}
        />
      )}
    </div>
  );
}
