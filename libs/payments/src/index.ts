export { bankHolidays, isBankingDay, lastBankingDayOfMonth, payoutRunDates } from './banking-calendar';
export { HttpPaymentAdapter, type HttpPaymentAdapterOptions } from './http/http-payment-adapter';
export { isValidIban } from './iban';
export { Pain001FileAdapter, type Pain001FileAdapterOptions } from './pain001/pain001-file-adapter';
export { buildPain001, oreToAmount, PAIN_001_NAMESPACE, type Pain001Options, type RecordedPayment } from './pain001/pain001-xml';
export {
  parsePaymentInstruction,
  PaymentInstructionSchema,
  paymentReference,
  runKeyOf,
} from './payment-instruction';
export {
  PaymentConflictError,
  PaymentRejectedError,
  PaymentSystemUnavailableError,
  type CreditorAccount,
  type PaymentInstruction,
  type PaymentPort,
  type PaymentReceipt,
} from './payment-port';
export { PgAdvisoryRunLock, processRunLock, RunLockTimeoutError, type RunLock } from './run-lock';
