import fc from 'fast-check';
import { addDays, addMonthsClamped, copenhagenInstant, endOfCopenhagenDay, parseInstant } from '../calendar';
import { TARGET_GROUP_CODES } from '../target-groups';
import {
  allPoolDefinitions,
  demoPoolDefinition,
  mangelpulje2017,
  mangelpulje2019,
  parsePoolDefinition,
  PoolDefinitionError,
  poolInstants,
  type PoolDefinition,
} from './index';

// An independent Danish banking calendar, to check the hand-written payout run dates against.
const easterSunday = (year: number): string => {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const h = (19 * a + b - Math.floor(b / 4) - Math.floor((b - Math.floor((b + 8) / 25) + 1) / 3) + 15) % 30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

const danishBankHolidays = (year: number): Set<string> => {
  const easter = easterSunday(year);
  const afterEaster = (days: number) => addDays(easter, days);
  return new Set([
    `${year}-01-01`, // nytårsdag
    afterEaster(-3), // skærtorsdag
    afterEaster(-2), // langfredag
    afterEaster(1), // 2. påskedag
    ...(year < 2024 ? [afterEaster(26)] : []), // store bededag, abolished from 2024
    afterEaster(39), // Kristi himmelfartsdag
    afterEaster(40), // the banks' closing day after it
    afterEaster(50), // 2. pinsedag
    `${year}-06-05`, // grundlovsdag
    `${year}-12-24`,
    `${year}-12-25`,
    `${year}-12-26`,
    `${year}-12-31`,
  ]);
};

const isBankingDay = (date: string): boolean => {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !danishBankHolidays(Number(date.slice(0, 4))).has(date);
};

const lastBankingDayOf = (month: string): string => {
  let date = addDays(addMonthsClamped(`${month}-01`, 1), -1);
  while (!isBankingDay(date)) date = addDays(date, -1);
  return date;
};

const months = (from: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => addMonthsClamped(`${from}-01`, i).slice(0, 7));

const mutated = (change: (definition: Record<string, unknown>) => void): Record<string, unknown> => {
  const copy = structuredClone(mangelpulje2019) as unknown as Record<string, unknown>;
  change(copy);
  return copy;
};

const issuesOf = (input: unknown): string[] => {
  try {
    parsePoolDefinition(input);
  } catch (error) {
    if (error instanceof PoolDefinitionError) return error.issues.map((issue) => issue.path);
    throw error;
  }
  throw new Error('expected the definition to be refused');
};

describe('pool definitions', () => {
  it('are valid, with distinct ids, and survive a trip through JSON', () => {
    expect(allPoolDefinitions.map((pool) => pool.poolId)).toEqual(['mangelpulje-2017', 'mangelpulje-2019']);
    for (const definition of allPoolDefinitions) {
      expect(parsePoolDefinition(JSON.stringify(definition))).toEqual(definition);
    }
  });

  describe('mangelpulje-2019', () => {
    it('has the money of docs/domain.md: 12.5 mio. kr. of tilsagn, 0.5 mio. kr. marketing in 2019', () => {
      expect(mangelpulje2019.money).toEqual({
        commitmentsOre: 1_250_000_000,
        marketingOre: 50_000_000,
        marketingBudgetYear: 2019,
      });
      expect(mangelpulje2019.budgetYears).toEqual([2019, 2020]);
      expect(mangelpulje2019.refundRateBasisPoints).toBe(8_000);
      expect(mangelpulje2019.commitmentCaps).toBe('refund');
      expect(mangelpulje2019.reannouncement).toBe(false);
      expect(mangelpulje2019.allocationRule).toEqual({ kind: 'pro-rata-largest-remainder' });
    });

    it('takes all 13 target groups, with the 3-month rule for dagpenge and jobparat kontanthjælp only', () => {
      expect(mangelpulje2019.targetGroups.map((group) => group.code)).toEqual(TARGET_GROUP_CODES);
      expect(mangelpulje2019.targetGroups.filter((group) => group.unemploymentRule)).toEqual([
        { code: 'dagpenge', unemploymentRule: { minMonths: 3, kind: 'cumulative' } },
        { code: 'kontanthjaelp-jobparat', unemploymentRule: { minMonths: 3, kind: 'continuous' } },
      ]);
    });

    it('has the calendar of docs/domain.md in Copenhagen time, end-of-day deadlines exclusive', () => {
      const instants = poolInstants(mangelpulje2019.calendar);
      expect(instants.openedAt).toEqual(copenhagenInstant('2019-11-08', '09:00'));
      expect(instants.interestDeadline).toEqual(copenhagenInstant('2019-11-29', '12:00'));
      expect(instants.commitmentsExpectedBy).toEqual(endOfCopenhagenDay('2019-12-13'));
      expect(instants.startDeadline).toEqual(endOfCopenhagenDay('2020-12-31'));
      expect(instants.reportingGraceEnds).toEqual(endOfCopenhagenDay('2021-01-31'));
      expect(instants.finalClaimDeadlines).toEqual({
        '2019': copenhagenInstant('2020-04-01', '12:00'),
        '2020': copenhagenInstant('2021-04-01', '12:00'),
      });
      expect(instants.closesAt).toEqual(endOfCopenhagenDay('2021-06-30'));
      expect(mangelpulje2019.amendable).toEqual(['interestDeadline', 'startDeadline', 'reportingGraceEnds']);
    });

    it('pays out on the last Danish banking day of each month, January 2020 to June 2021', () => {
      expect(easterSunday(2020)).toBe('2020-04-12');
      expect(easterSunday(2021)).toBe('2021-04-04');
      expect(mangelpulje2019.calendar.payoutRunDates).toEqual(months('2020-01', 18).map(lastBankingDayOf));
    });
  });

  describe('mangelpulje-2017', () => {
    it('has 37 mio. kr. over 2017–2019, 11.6 mio. for 2017, shared by an objective key without applying', () => {
      expect(mangelpulje2017.money.commitmentsOre).toBe(3_700_000_000);
      expect(mangelpulje2017.money.earmarkedOre).toEqual({ '2017': 1_160_000_000 });
      expect(mangelpulje2017.budgetYears).toEqual([2017, 2018, 2019]);
      expect(mangelpulje2017.allocationRule).toMatchObject({ kind: 'objective-key', cappedAtRequest: false });
      expect(mangelpulje2017.calendar.interestDeadline).toBe(mangelpulje2017.calendar.openedAt);
      expect(mangelpulje2017.targetGroups.map((group) => group.code)).toEqual(['dagpenge', 'kontanthjaelp-jobparat']);
    });

    it('pays out on banking days', () => {
      for (const date of mangelpulje2017.calendar.payoutRunDates) expect(date).toBe(lastBankingDayOf(date.slice(0, 7)));
    });
  });

  describe('parsePoolDefinition', () => {
    it('lists every problem with its path', () => {
      const broken = mutated((definition) => {
        Object.assign(definition, { version: 0 });
        Object.assign(definition['money'] as object, { commitmentsOre: 12.5 });
        Object.assign(definition['calendar'] as object, { interestDeadline: '2019-11-29 12:00' });
        (definition['targetGroups'] as { code: string }[])[1]!.code = 'studerende';
        (definition['calendar'] as { payoutRunDates: string[] }).payoutRunDates[2] = '2020-02-30';
      });
      expect(issuesOf(broken)).toEqual(
        expect.arrayContaining([
          'version',
          'money.commitmentsOre',
          'calendar.interestDeadline',
          'targetGroups[1].code',
          'calendar.payoutRunDates[2]',
        ]),
      );
      expect(() => parsePoolDefinition(broken)).toThrow(/Invalid pool definition "mangelpulje-2019" v0:\n {2}- /);
    });

    it('refuses a calendar that runs backwards', () => {
      const broken = mutated((definition) => {
        Object.assign(definition['calendar'] as object, { startDeadline: '2019-11-01T00:00:00+01:00' });
      });
      expect(issuesOf(broken)).toEqual(['calendar.startDeadline']);
    });

    it('wants one final claim deadline per budget year, after that year', () => {
      const broken = mutated((definition) => {
        Object.assign(definition['calendar'] as object, {
          finalClaimDeadlines: { '2019': '2019-12-31T12:00:00+01:00', '2021': '2022-04-01T12:00:00+02:00' },
        });
      });
      expect(issuesOf(broken).sort()).toEqual([
        'calendar.finalClaimDeadlines.2019',
        'calendar.finalClaimDeadlines.2020',
        'calendar.finalClaimDeadlines.2021',
      ]);
    });

    it('refuses payout runs out of order or outside the pool, and repeated target groups', () => {
      const broken = mutated((definition) => {
        const calendar = definition['calendar'] as { payoutRunDates: string[] };
        calendar.payoutRunDates = ['2020-02-28', '2020-01-31', '2021-07-30'];
        (definition['targetGroups'] as unknown[]).push({ code: 'dagpenge' });
      });
      expect(issuesOf(broken)).toEqual([
        'calendar.payoutRunDates',
        'calendar.payoutRunDates[2]',
        'targetGroups[13].code',
      ]);
    });

    it('refuses an instant without an offset, and text that is not JSON', () => {
      const withoutOffset = mutated((definition) => {
        Object.assign(definition['calendar'] as object, { closesAt: '2021-07-01T00:00:00' });
      });
      expect(issuesOf(withoutOffset)).toEqual(['calendar.closesAt']);
      expect(() => parsePoolDefinition('{ "poolId": ')).toThrow(/is not JSON/);
      expect(issuesOf(null)).toEqual(['(root)']);
    });
  });

  describe('demoPoolDefinition', () => {
    const now = new Date('2026-03-10T08:15:00Z');

    const instantsInOrder = (definition: PoolDefinition): Date[] => {
      const { calendar } = definition;
      return [
        calendar.openedAt,
        calendar.interestDeadline,
        calendar.commitmentsExpectedBy,
        calendar.startDeadline,
        calendar.reportingGraceEnds,
        calendar.closesAt,
      ].map(parseInstant);
    };

    it('has the rules of mangelpulje-2019 under the id "demo"', () => {
      const { poolId, name, description, calendar, ...rules } = demoPoolDefinition(now);
      const { poolId: _id, name: _name, description: _description, calendar: _calendar, ...rules2019 } = mangelpulje2019;
      expect(poolId).toBe('demo');
      expect(name).toMatch(/^Demo/);
      expect(description).toMatch(/Demo copy/);
      expect(calendar).not.toEqual(_calendar);
      expect(rules).toEqual(rules2019);
    });

    it('opens now and closes for interest interestInMinutes later (5 by default)', () => {
      const demo = poolInstants(demoPoolDefinition(now).calendar);
      expect(demo.openedAt).toEqual(now);
      expect(demo.interestDeadline).toEqual(new Date('2026-03-10T08:20:00Z'));
      expect(poolInstants(demoPoolDefinition(now, { interestInMinutes: 2 }).calendar).interestDeadline).toEqual(
        new Date('2026-03-10T08:17:00Z'),
      );
      expect(() => demoPoolDefinition(now, { interestInMinutes: 0 })).toThrow(RangeError);
    });

    it('runs the later calendar 28 times faster, measured from the interest deadline', () => {
      const demo = poolInstants(demoPoolDefinition(now).calendar);
      const real = poolInstants(mangelpulje2019.calendar);
      const demoAfter = (date: Date) => date.getTime() - demo.interestDeadline.getTime();
      const realAfter = (date: Date) => date.getTime() - real.interestDeadline.getTime();
      expect(demoAfter(demo.startDeadline)).toBe(Math.trunc(realAfter(real.startDeadline) / 28));
      const finalClaim2020 = [demo.finalClaimDeadlines['2020']!, real.finalClaimDeadlines['2020']!] as const;
      expect(demoAfter(finalClaim2020[0])).toBe(Math.trunc(realAfter(finalClaim2020[1]) / 28));
      expect(demoAfter(demo.startDeadline) / 86_400_000).toBeCloseTo(14.2, 1);
    });

    it('keeps 18 payout runs on distinct days, about one a day', () => {
      const { payoutRunDates } = demoPoolDefinition(now).calendar;
      expect(payoutRunDates).toEqual([
        // ⌊days after 2019-11-29 / 28⌋ after 2026-03-10: 2020-10-30 is 336 days on, 12 demo days; 2020-09-30 was 10.
        '2026-03-12', '2026-03-13', '2026-03-14', '2026-03-15', '2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19',
        '2026-03-20', '2026-03-22', '2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28',
        '2026-03-29', '2026-03-30',
      ]);
    });

    it('keeps the calendar in order, whatever the time of day or year it starts', () => {
      fc.assert(
        fc.property(
          fc.date({ min: new Date('2021-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
          fc.integer({ min: 1, max: 24 * 60 }),
          (start, interestInMinutes) => {
            const demo = demoPoolDefinition(start, { interestInMinutes });
            const instants = instantsInOrder(demo);
            const runs = demo.calendar.payoutRunDates;
            return (
              instants.every((instant, i) => i === 0 || instants[i - 1]! < instant) &&
              runs.length === 18 &&
              new Set(runs).size === 18 &&
              endOfCopenhagenDay(runs[17]!) <= parseInstant(demo.calendar.closesAt)
            );
          },
        ),
        { numRuns: 50 },
      );
    }, 30_000);

    it('needs a present after 2020: its budget years keep their labels 2019 and 2020', () => {
      expect(() => demoPoolDefinition(new Date('2020-06-01T00:00:00Z'))).toThrow(/finalClaimDeadlines.2020/);
    });

    it('is the same for the same now', () => {
      expect(demoPoolDefinition(now)).toEqual(demoPoolDefinition(new Date(now)));
    });
  });
});
