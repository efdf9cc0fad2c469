import path from 'node:path';
import type { Pool } from 'pg';
import { municipalityByCode } from '@puljeflow/reference-data';
import { HttpPaymentAdapter, Pain001FileAdapter, PgAdvisoryRunLock, type PaymentPort } from '@puljeflow/payments';
import type { PaymentParties } from '@puljeflow/application';
import type { WorkerConfig } from './config';

/** The payment port: pain.001 files in a folder by default (shared by every worker, one writer per run file under
 * the run's advisory lock, taken on `lockPool`), or a payment system's HTTP API when one is configured. */
export function createPaymentPort(config: WorkerConfig, lockPool: Pool): PaymentPort {
  if (config.PAYMENT_SYSTEM_URL) return new HttpPaymentAdapter({ url: config.PAYMENT_SYSTEM_URL });
  return new Pain001FileAdapter({ folder: path.resolve(config.PAYMENT_FILES_DIR), initiatingParty: config.PAYMENT_DEBTOR_NAME, lock: new PgAdvisoryRunLock(lockPool) });
}

export function paymentParties(config: WorkerConfig): PaymentParties {
  return {
    debtor: { name: config.PAYMENT_DEBTOR_NAME, iban: config.PAYMENT_DEBTOR_IBAN },
    creditorName: (code) => `${municipalityByCode(code)?.name ?? code} Kommune`,
  };
}
