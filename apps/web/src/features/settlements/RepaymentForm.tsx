import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionButton } from '../../components/ActionButton';
import { parseKroner } from '../../lib/money';
import type { DisabledReason } from '../../lib/permissions';
import { copenhagenDay } from '../../lib/time';
import type { RepaymentRequest } from './api';

interface Props {
  label: string;
  busy: boolean;
  readOnly: DisabledReason | null;
  onSubmit: (receipt: RepaymentRequest) => void;
}

/** Money received against a demand: amount in kroner, the day it arrived and the transfer's reference. */
export function RepaymentForm({ label, busy, readOnly, onSubmit }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [amount, setAmount] = useState('');
  const [receivedOn, setReceivedOn] = useState(() => copenhagenDay(new Date()));
  const [reference, setReference] = useState('');
  const [invalid, setInvalid] = useState(false);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const ore = parseKroner(amount);
    const valid = ore !== null && ore > 0n && ore <= BigInt(Number.MAX_SAFE_INTEGER);
    setInvalid(!valid);
    if (valid && !readOnly) onSubmit({ amountOre: Number(ore), receivedOn, reference });
  }

  return (
    <form className="repayment-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{label}</h3>
      <div className={`form-group${invalid ? ' form-error' : ''}`}>
        <label className="form-label" htmlFor={`${id}-amount`}>
          {t('settlements.amount')}
        </label>
        {invalid && (
          <span className="form-error-message" id={`${id}-amount-error`}>
            {t('settlements.amountInvalid')}
          </span>
        )}
        <input
          id={`${id}-amount`}
          className="form-input input-width-s"
          inputMode="decimal"
          required
          value={amount}
          aria-describedby={invalid ? `${id}-amount-error` : undefined}
          onChange={(e) => setAmount(e.target.value)}
        />
      </div>
      <div className="form-group">
        <label className="form-label" htmlFor={`${id}-date`}>
          {t('settlements.receivedOn')}
        </label>
        <input id={`${id}-date`} className="form-input input-width-s" type="date" required value={receivedOn} onChange={(e) => setReceivedOn(e.target.value)} />
      </div>
      <div className="form-group">
        <label className="form-label" htmlFor={`${id}-reference`}>
          {t('settlements.reference')}
        </label>
        <input id={`${id}-reference`} className="form-input" required maxLength={200} value={reference} onChange={(e) => setReference(e.target.value)} />
      </div>
      <div className="actions">
        {readOnly ? (
          <ActionButton label={label} disabledReason={readOnly} onClick={() => undefined} />
        ) : (
          <button type="submit" className="button button-secondary" disabled={busy} data-decision>
            {label}
          </button>
        )}
      </div>
    </form>
  );
}
