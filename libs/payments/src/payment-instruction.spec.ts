import fc from 'fast-check';
import { isValidIban } from './iban';
import { parsePaymentInstruction, PaymentInstructionSchema, paymentReference, runKeyOf } from './payment-instruction';
import { danishIban, instructionFor } from './test/payments';

describe('the payment reference', () => {
  it('reads as pool, run date and municipality where it fits in 35 characters', () => {
    const reference = paymentReference({ poolId: 'mangelpulje-2019', runDate: '2020-01-31', municipalityCode: '101' });
    expect(reference).toBe('mangelpulje-2019-20200131-101');
  });

  it('is unique per pool, run and municipality, at most 35 characters, and a valid reference, for any pool id', () => {
    const poolId = fc.stringMatching(/^[a-z0-9]{1,12}(-[a-z0-9]{1,12}){0,5}$/);
    const runDate = fc.date({ min: new Date('2019-01-01'), max: new Date('2030-12-31'), noInvalidDate: true });
    const code = fc.integer({ min: 101, max: 999 }).map(String);
    fc.assert(
      fc.property(poolId, poolId, runDate, code, code, (poolA, poolB, date, codeA, codeB) => {
        const a = { poolId: poolA, runDate: date.toISOString().slice(0, 10), municipalityCode: codeA };
        const b = { ...a, poolId: poolB, municipalityCode: codeB };
        const ref = paymentReference(a);
        expect(ref.length).toBeLessThanOrEqual(35);
        expect(PaymentInstructionSchema.shape.reference.safeParse(ref).success).toBe(true);
        if (poolA !== poolB || codeA !== codeB) expect(paymentReference(b)).not.toBe(ref);
      }),
    );
  });

  it('falls back to a hash of a pool id too long to read in full', () => {
    const reference = paymentReference({
      poolId: 'pulje-til-opkvalificering-inden-for-mangelomraader',
      runDate: '2020-01-31',
      municipalityCode: '101',
    });
    expect(reference).toMatch(/^PF[0-9a-f]{20}-20200131-101$/);
  });

  it('names the run by pool and run date', () => {
    expect(runKeyOf({ poolId: 'mangelpulje-2019', runDate: '2020-12-30' })).toBe('mangelpulje-2019_2020-12-30');
  });
});

describe('the payment instruction', () => {
  it('is normalised so one read back from JSON equals the one given', () => {
    const given = instructionFor('101', { creditor: { name: '  Kommune 101 ', account: undefined } });
    const normalised = parsePaymentInstruction(given);
    expect(normalised.creditor).toEqual({ name: 'Kommune 101' });
    expect(parsePaymentInstruction(JSON.parse(JSON.stringify(normalised)))).toEqual(normalised);
  });

  it('refuses unknown fields, so a misspelt one is not silently dropped', () => {
    expect(() => parsePaymentInstruction({ ...instructionFor('101'), amountKr: 5 } as never)).toThrow(/amountKr/);
  });
});

describe('IBAN check digits', () => {
  it('accepts valid IBANs and the Danish ones the tests make', () => {
    expect(isValidIban('DK5000400440116243')).toBe(true);
    expect(isValidIban('GB82WEST12345698765432')).toBe(true);
    expect(isValidIban(danishIban('3001', '123'))).toBe(true);
  });

  it('refuses a wrong check digit, spaces, lower case and a Danish IBAN of the wrong length', () => {
    expect(isValidIban('DK5100400440116243')).toBe(false);
    expect(isValidIban('DK50 0040 0440 1162 43')).toBe(false);
    expect(isValidIban('dk5000400440116243')).toBe(false);
    expect(isValidIban('DK500040044011624')).toBe(false);
  });
});
