import fc from 'fast-check';
import { copenhagenInstant } from '../calendar';
import { replay } from '../decision';
import { poolDecider } from '../pool/decide';
import { deciderSpecification } from '../testing/decider-specification';
import { pool, poolId } from '../testing/ledger-fixtures';
import { payoutRunDecider, type PrepareRun } from './decide';
import { PAYMENT_REFERENCE_MAX_LENGTH, paymentReference } from './payment-reference';
import { inFlightLinesOf, type RunCompleted, type RunPrepared, type RunReleased } from './payout-run';

const given = deciderSpecification(payoutRunDecider);

const runDate = '2020-01-31';
const preparedAt = copenhagenInstant(runDate, '08:00');
const releasedAt = copenhagenInstant(runDate, '09:30');

const lines = [
  { municipalityCode: '101', amountOre: 360_001, claimIds: ['I-2019-1'] },
  { municipalityCode: '751', amountOre: 120_000, claimIds: ['AAR-1', 'AAR-2'] },
];

const prepare = (change: Partial<PrepareRun['data']> = {}): PrepareRun => ({
  type: 'PrepareRun',
  data: { poolId, runDate, lines, preparedBy: 'fie.finans', at: preparedAt, pool, ...change },
});

const prepared = (preparedBy = 'fie.finans'): RunPrepared => ({
  type: 'RunPrepared',
  data: {
    poolId,
    runDate,
    lines: [
      { ...lines[0]!, reference: 'PF-mangelpulje-2019-101-20200131' },
      { ...lines[1]!, reference: 'PF-mangelpulje-2019-751-20200131' },
    ],
    totalOre: 480_001,
    preparedBy,
    preparedAt: preparedAt.toISOString(),
  },
});

const release = (releasedBy: string) => ({ type: 'ReleaseRun', data: { releasedBy, at: releasedAt } }) as const;

const released: RunReleased = {
  type: 'RunReleased',
  data: {
    poolId,
    runDate,
    totalOre: 480_001,
    preparedBy: 'fie.finans',
    releasedBy: 'finn.finans',
    releasedAt: releasedAt.toISOString(),
  },
};

const completedAt = copenhagenInstant(runDate, '15:00');
const complete = (paidReferences: string[]) =>
  ({ type: 'CompleteRun', data: { paidReferences, at: completedAt } }) as const;

describe('Payout run (docs/domain.md §8)', () => {
  describe('PrepareRun', () => {
    it('prepares a run on its date, one line per municipality with its payment reference', () => {
      given([]).when(prepare()).then([prepared()]);
    });

    it('prepares again, replacing the lines, until it is released', () => {
      given([prepared()]).when(prepare({ preparedBy: 'frida.finans' })).then([prepared('frida.finans')]);
      given([prepared(), released]).when(prepare()).thenRejects('RUN_ALREADY_RELEASED');
    });

    it('prepares a run with nothing to pay (a record that the run happened)', () => {
      const empty = given([]).when(prepare({ lines: [] }));
      empty.then([{ type: 'RunPrepared', data: { ...prepared().data, lines: [], totalOre: 0 } }]);
    });

    it("refuses a date that is not one of the pool's run dates (NOT_A_PAYOUT_RUN_DATE)", () => {
      given([])
        .when(prepare({ runDate: '2020-02-29', at: copenhagenInstant('2020-02-29', '08:00') }))
        .thenRejects('NOT_A_PAYOUT_RUN_DATE');
    });

    it('refuses to prepare before the run date (DEADLINE_NOT_REACHED)', () => {
      given([]).when(prepare({ at: copenhagenInstant('2020-01-30', '23:59') })).thenRejects('DEADLINE_NOT_REACHED');
    });

    it('refuses an unknown pool, two lines for one municipality, amounts of 0 and lines without claims', () => {
      given([]).when(prepare({ pool: poolDecider.initialState() })).thenRejects('UNKNOWN_POOL');
      given([])
        .when(prepare({ lines: [lines[0]!, { ...lines[0]!, amountOre: 1 }] }))
        .thenRejects('SCHEMA_INVALID');
      given([])
        .when(prepare({ lines: [{ municipalityCode: '101', amountOre: 0, claimIds: [] }] }))
        .thenRejects('INVALID_AMOUNT', 'SCHEMA_INVALID');
      given([])
        .when(prepare({ lines: [{ municipalityCode: '411', amountOre: 1, claimIds: ['X'] }] }))
        .thenRejects('SCHEMA_INVALID');
    });
  });

  describe('ReleaseRun: a second finance officer (four-eyes)', () => {
    it('releases the prepared run', () => {
      given([prepared()]).when(release('finn.finans')).then([released]);
    });

    it('refuses the finance officer who prepared it (FOUR_EYES_REQUIRED)', () => {
      given([prepared()]).when(release('fie.finans')).thenRejects('FOUR_EYES_REQUIRED');
      given([prepared()]).when(release('FIE.finans ')).thenRejects('FOUR_EYES_REQUIRED');
    });

    it('refuses a run not prepared, or released already', () => {
      given([]).when(release('finn.finans')).thenRejects('RUN_NOT_PREPARED');
      given([prepared(), released]).when(release('frida.finans')).thenRejects('RUN_ALREADY_RELEASED');
    });
  });

  describe('CompleteRun', () => {
    const completed = (paid: string[], unpaid: string[], paidOre: number): RunCompleted => ({
      type: 'RunCompleted',
      data: { poolId, runDate, paid, unpaid, paidOre, completedAt: completedAt.toISOString() },
    });

    it('completes a released run with the lines paid and those given up', () => {
      const kbh = 'PF-mangelpulje-2019-101-20200131';
      const aarhus = 'PF-mangelpulje-2019-751-20200131';
      given([prepared(), released]).when(complete([kbh, aarhus])).then([completed([kbh, aarhus], [], 480_001)]);
      given([prepared(), released]).when(complete([kbh])).then([completed([kbh], [aarhus], 360_001)]);
    });

    it('refuses a run not released or already completed, and a reference not of the run', () => {
      given([prepared()]).when(complete([])).thenRejects('RUN_NOT_RELEASED');
      const done = [prepared(), released, completed([], ['a', 'b'], 0)];
      given(done).when(complete([])).thenRejects('RUN_ALREADY_COMPLETED');
      given([prepared(), released]).when(complete(['PF-other'])).thenRejects('SCHEMA_INVALID');
    });
  });

  it('lists the lines a run holds unpaid for a municipality, for payableOf', () => {
    const run = replay(payoutRunDecider, [prepared()]);
    expect(inFlightLinesOf(run, '101').map((line) => line.amountOre)).toEqual([360_001]);
    expect(inFlightLinesOf(replay(payoutRunDecider, [prepared(), released]), '751')).toHaveLength(1);
    const done: RunCompleted = {
      type: 'RunCompleted',
      data: { poolId, runDate, paid: [], unpaid: [], paidOre: 0, completedAt: completedAt.toISOString() },
    };
    expect(inFlightLinesOf(replay(payoutRunDecider, [prepared(), released, done]), '101')).toEqual([]);
  });
});

describe('paymentReference (pain.001 EndToEndId, Max35Text)', () => {
  it('is readable when it fits: PF-<pool>-<municipality>-<yyyymmdd>', () => {
    expect(paymentReference('mangelpulje-2019', '101', '2020-01-31')).toBe('PF-mangelpulje-2019-101-20200131');
    expect(paymentReference('demo', '751', '2026-03-12')).toBe('PF-demo-751-20260312');
  });

  it('shortens a long pool id with a hash, deterministically', () => {
    const long = 'pulje-til-opkvalificering-inden-for-mangelomraader-2019';
    const reference = paymentReference(long, '101', '2020-01-31');
    expect(reference).toHaveLength(PAYMENT_REFERENCE_MAX_LENGTH);
    expect(reference).toMatch(/^PF-pulje-til-o-[0-9a-z]{7}-101-20200131$/);
    expect(paymentReference(long, '101', '2020-01-31')).toBe(reference);
    expect(paymentReference(`${long}-b`, '101', '2020-01-31')).not.toBe(reference);
  });

  it('refuses what is not a municipality code, a date or a pool id', () => {
    expect(() => paymentReference(poolId, '411', '2020-01-31')).toThrow(RangeError);
    expect(() => paymentReference(poolId, '101', '2020-02-30')).toThrow(RangeError);
    expect(() => paymentReference('Pulje 1', '101', '2020-01-31')).toThrow(RangeError);
  });

  it('is at most 35 characters of the SEPA set, and distinct for distinct pool, municipality and run', () => {
    const poolIdArb = fc
      .array(fc.stringMatching(/^[a-z0-9]{1,12}$/), { minLength: 1, maxLength: 6 })
      .map((words) => words.join('-'));
    const codeArb = fc.integer({ min: 101, max: 999 }).map(String).filter((code) => code !== '411');
    const dateArb = fc
      .date({ min: new Date('2017-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.tuple(poolIdArb, codeArb, dateArb), fc.tuple(poolIdArb, codeArb, dateArb), (one, other) => {
        const a = paymentReference(...one);
        const b = paymentReference(...other);
        const sameInput = one.join('|') === other.join('|');
        return (
          a.length <= PAYMENT_REFERENCE_MAX_LENGTH &&
          /^[A-Za-z0-9/\-?:().,'+ ]+$/.test(a) &&
          (sameInput ? a === b : a !== b)
        );
      }),
      { numRuns: 500 },
    );
  });
});
