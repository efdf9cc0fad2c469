// Payment instructions for tests: a run of mangelpulje-2019 paying municipalities from the agency's account.

import { paymentReference } from '../payment-instruction';
import type { PaymentInstruction } from '../payment-port';

/** A Danish IBAN for a registration and account number, with its check digits worked out (ISO 13616). */
export const danishIban = (regNo: string, accountNo: string): string => {
  const bban = `${regNo}${accountNo.padStart(10, '0')}`;
  const remainder = BigInt(`${bban}132000`) % 97n; // "DK00" moved to the end, as digits: D = 13, K = 20
  return `DK${String(98n - remainder).padStart(2, '0')}${bban}`;
};

export const AGENCY = { name: 'Styrelsen for Arbejdsmarked og Rekruttering', iban: danishIban('0216', '4069000001') };

export const RUN_DATE = '2020-01-31';

/** Municipality codes that exist in shape (3 digits, not 411), as many as asked for. */
export const municipalityCodes = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => String(101 + i)).filter((code) => code !== '411');

export const instructionFor = (
  municipalityCode: string,
  overrides: Partial<PaymentInstruction> = {},
): PaymentInstruction => {
  const base = { poolId: 'mangelpulje-2019', runDate: RUN_DATE, municipalityCode, ...overrides };
  return {
    reference: paymentReference(base),
    amountOre: 100_000 + Number(municipalityCode) * 1_001, // distinct amounts, some with øre
    creditor: { name: `Kommune ${municipalityCode}`, account: { regNo: '3001', accountNo: `${municipalityCode}0000` } },
    debtor: AGENCY,
    requestedExecutionDate: base.runDate,
    ...base,
    ...overrides,
  };
};
