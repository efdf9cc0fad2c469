import { useTranslation } from 'react-i18next';
import type { RunForActions } from '../../lib/money-permissions';

const BADGE: Record<RunForActions['state'], string> = { scheduled: '', prepared: 'badge-warning', released: 'badge-info', paid: 'badge-success' };

/** A run's state as a badge: planlagt, forberedt, frigivet, udbetalt. */
export function RunState({ state, testId }: { state: RunForActions['state']; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${BADGE[state]}`} data-testid={testId}>
      {t(`payouts.state.${state}`)}
    </span>
  );
}
