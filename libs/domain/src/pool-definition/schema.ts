// A pool definition is versioned data, validated when it is loaded (docs/domain.md "The pools": "every decision is a
// setting of the pool definition, so a pool with other rules is data, not code").

import { z } from 'zod';
import { copenhagenDateOf, isValidIsoDate, parseInstant } from '../calendar';
import { MunicipalityCodeSchema } from '../municipality';
import { OreSchema } from '../money';
import { TargetGroupCodeSchema } from '../target-groups';

const InstantSchema = z.iso.datetime({ offset: true });
const IsoDateSchema = z.string().refine(isValidIsoDate, "must be a date 'YYYY-MM-DD'");
const BudgetYearSchema = z.number().int().min(2000).max(2100);
const BudgetYearKeySchema = z.string().regex(/^\d{4}$/, 'must be a budget year, e.g. "2020"');
const PositiveOreSchema = OreSchema.refine((ore) => ore > 0, 'must be more than 0 øre');

/** 100 mia. kr.: far above any pool, and low enough that 98 municipalities' requests (each at most the pool) add up
 * to a safe integer, so an allocation's figures always fit in an Ore. */
export const MAX_POOL_ORE = 10_000_000_000_000;
const NonNegativeOreSchema = OreSchema.refine((ore) => ore >= 0, 'must not be negative');

/** How the pool is shared (docs/domain.md §3). Only pro rata is executed today; the others are modelled as data so that
 * the definitions that name them can be loaded and shown. */
export const AllocationRuleSchema = z.discriminatedUnion('kind', [
  /** Shared pro rata to the amounts sought, whole øre by the largest-remainder method (mangelpulje-2019). */
  z.object({ kind: z.literal('pro-rata-largest-remainder') }),
  /** Shared by an objective key. `cappedAtRequest: false` is the 2017 pool: every municipality gets its key share
   * without applying. `true` caps each share at the request and shares the excess again among the rest. */
  z.object({
    kind: z.literal('objective-key'),
    basis: z.string().min(1),
    cappedAtRequest: z.boolean(),
    /** Weights per municipality; absent until the key is imported as reference data with its source. */
    weights: z.record(MunicipalityCodeSchema, z.number().int().positive()).optional(),
  }),
  z.object({ kind: z.literal('first-come-first-served'), perMunicipalityCapOre: PositiveOreSchema }),
]);

/** The prior-unemployment rule of a target group (docs/domain.md §5: ≥ 3 months, cumulative or continuous). */
export const UnemploymentRuleSchema = z.object({
  minMonths: z.number().int().positive(),
  kind: z.enum(['cumulative', 'continuous']),
});

/** Calendar instants an amendment event may move (docs/domain.md, marked †). Final claim deadlines are never moved. */
export const AMENDABLE_INSTANTS = [
  'interestDeadline',
  'commitmentsExpectedBy',
  'startDeadline',
  'reportingGraceEnds',
  'closesAt',
] as const;

export const PoolCalendarSchema = z.object({
  /** Udmeldt: the interest window opens. */
  openedAt: InstantSchema,
  /** Interest may be expressed before it (exclusive); the allocation is made at it. */
  interestDeadline: InstantSchema,
  commitmentsExpectedBy: InstantSchema,
  /** Exclusive: a course must start before it (the end of 31 Dec 2020 is 2021-01-01T00:00 Copenhagen). */
  startDeadline: InstantSchema,
  /** Exclusive: reports of starts before the start deadline are still accepted until then. */
  reportingGraceEnds: InstantSchema,
  /** Per budget year, exclusive: a final claim recorded at or after it is late (CLAIM_DEADLINE_PASSED). */
  finalClaimDeadlines: z.record(BudgetYearKeySchema, InstantSchema),
  /** Dates of the payout runs, ascending. */
  payoutRunDates: z.array(IsoDateSchema).min(1),
  /** Exclusive: the pool closes at the latest then. */
  closesAt: InstantSchema,
});

const PoolDefinitionObjectSchema = z.object({
  poolId: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by "-"'),
  version: z.number().int().min(1),
  name: z.string().min(1),
  description: z.string().min(1),
  money: z.object({
    commitmentsOre: PositiveOreSchema.refine((ore) => ore <= MAX_POOL_ORE, 'must not exceed 100 mia. kr.'),
    marketingOre: NonNegativeOreSchema,
    marketingBudgetYear: BudgetYearSchema.optional(),
    /** Parts of the commitments the political decision ties to a budget year (2017: 11.6 mio. for 2017). */
    earmarkedOre: z.record(BudgetYearKeySchema, NonNegativeOreSchema).optional(),
  }),
  budgetYears: z.array(BudgetYearSchema).min(1),
  allocationRule: AllocationRuleSchema,
  targetGroups: z
    .array(z.object({ code: TargetGroupCodeSchema, unemploymentRule: UnemploymentRuleSchema.optional() }))
    .min(1),
  /** Refund rate in basis points: 8000 = 80 % (docs/domain.md §7). */
  refundRateBasisPoints: z.number().int().min(1).max(10_000),
  /** What the tilsagn caps (docs/domain.md §4, Decision: the refund). */
  commitmentCaps: z.enum(['refund', 'gross-spending']),
  /** Genudmelding: whether unused money is announced again (docs/domain.md: never, for both pools). */
  reannouncement: z.boolean(),
  financingSource: z.object({ kind: z.enum(['finance-act', 'returned-funds']), description: z.string().min(1) }),
  calendar: PoolCalendarSchema,
  amendable: z.array(z.enum(AMENDABLE_INSTANTS)),
});

type Issue = { path: (string | number)[]; message: string };

const isAscending = (values: readonly (number | string)[]): boolean =>
  values.every((value, i) => i === 0 || values[i - 1]! < value);

/** The calendar runs forwards: opened ≤ interest deadline ≤ commitments ≤ start deadline ≤ grace ≤ closes. */
const calendarOrderIssues = ({ calendar }: z.infer<typeof PoolDefinitionObjectSchema>): Issue[] => {
  const order = [
    'openedAt',
    'interestDeadline',
    'commitmentsExpectedBy',
    'startDeadline',
    'reportingGraceEnds',
    'closesAt',
  ] as const;
  return order.slice(1).flatMap((key, i) => {
    const before = order[i]!;
    return parseInstant(calendar[before]) > parseInstant(calendar[key])
      ? [{ path: ['calendar', key], message: `must not be before calendar.${before}` }]
      : [];
  });
};

/** One final claim deadline per budget year, in the year after it (docs/domain.md §8). */
const finalClaimIssues = ({ budgetYears, calendar }: z.infer<typeof PoolDefinitionObjectSchema>): Issue[] => {
  const years = Object.keys(calendar.finalClaimDeadlines);
  const missing = budgetYears.filter((year) => !years.includes(String(year)));
  const extra = years.filter((year) => !budgetYears.includes(Number(year)));
  const early = years.filter(
    (year) => copenhagenDateOf(parseInstant(calendar.finalClaimDeadlines[year]!)) <= `${year}-12-31`,
  );
  const issue = (year: string | number, message: string): Issue => ({
    path: ['calendar', 'finalClaimDeadlines', String(year)],
    message,
  });
  return [
    ...missing.map((year) => issue(year, 'is missing for this budget year')),
    ...extra.map((year) => issue(year, 'is not one of budgetYears')),
    ...early.map((year) => issue(year, 'must be after its budget year')),
  ];
};

const payoutRunIssues = ({ calendar }: z.infer<typeof PoolDefinitionObjectSchema>): Issue[] => {
  const { payoutRunDates: dates } = calendar;
  const first = copenhagenDateOf(parseInstant(calendar.openedAt));
  const last = copenhagenDateOf(new Date(parseInstant(calendar.closesAt).getTime() - 1));
  return [
    ...(isAscending(dates)
      ? []
      : [{ path: ['calendar', 'payoutRunDates'], message: 'must be ascending without repeats' }]),
    ...dates.flatMap((date, i) =>
      date < first || date > last
        ? [{ path: ['calendar', 'payoutRunDates', i], message: `must lie between ${first} and ${last}` }]
        : [],
    ),
  ];
};

const budgetYearIssues = ({ budgetYears, money }: z.infer<typeof PoolDefinitionObjectSchema>): Issue[] => {
  const earmarked = Object.entries(money.earmarkedOre ?? {});
  const earmarkedTotal = earmarked.reduce((total, [, ore]) => total + BigInt(ore), 0n);
  return [
    ...(isAscending(budgetYears) ? [] : [{ path: ['budgetYears'], message: 'must be ascending without repeats' }]),
    ...(money.marketingBudgetYear === undefined || budgetYears.includes(money.marketingBudgetYear)
      ? []
      : [{ path: ['money', 'marketingBudgetYear'], message: 'must be one of budgetYears' }]),
    ...earmarked
      .filter(([year]) => !budgetYears.includes(Number(year)))
      .map(([year]) => ({ path: ['money', 'earmarkedOre', year], message: 'is not one of budgetYears' })),
    ...(earmarkedTotal > BigInt(money.commitmentsOre)
      ? [{ path: ['money', 'earmarkedOre'], message: 'must not add up to more than commitmentsOre' }]
      : []),
  ];
};

const targetGroupIssues = ({ targetGroups }: z.infer<typeof PoolDefinitionObjectSchema>): Issue[] =>
  targetGroups.flatMap(({ code }, i) =>
    targetGroups.findIndex((group) => group.code === code) === i
      ? []
      : [{ path: ['targetGroups', i, 'code'], message: `repeats ${code}` }],
  );

// The cross-field rules read instants and dates, so they run only on a definition whose fields are all valid.
export const PoolDefinitionSchema = PoolDefinitionObjectSchema.superRefine((definition, ctx) => {
  for (const issue of [
    ...calendarOrderIssues(definition),
    ...finalClaimIssues(definition),
    ...payoutRunIssues(definition),
    ...budgetYearIssues(definition),
    ...targetGroupIssues(definition),
  ]) {
    ctx.addIssue({ code: 'custom', ...issue });
  }
}, { when: (payload) => payload.issues.length === 0 });

export type PoolDefinition = z.infer<typeof PoolDefinitionSchema>;
export type PoolCalendar = PoolDefinition['calendar'];
export type AllocationRule = z.infer<typeof AllocationRuleSchema>;
export type UnemploymentRule = z.infer<typeof UnemploymentRuleSchema>;
export type AmendableInstant = (typeof AMENDABLE_INSTANTS)[number];

/** A definition that failed validation; `issues` has one entry per problem, with its path. */
export class PoolDefinitionError extends Error {
  constructor(readonly issues: readonly { path: string; message: string }[], subject: string) {
    const lines = issues.map((issue) => `  - ${issue.path}: ${issue.message}`);
    super(`Invalid pool definition ${subject}:\n${lines.join('\n')}`);
    this.name = 'PoolDefinitionError';
  }
}

const pathText = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`),
    '',
  ) || '(root)';

const subjectOf = (input: unknown): string => {
  const { poolId, version } = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  return typeof poolId === 'string' ? `"${poolId}"${typeof version === 'number' ? ` v${version}` : ''}` : '(no poolId)';
};

/** Validates a pool definition object without throwing: the definition, or its problems with their paths. */
export const checkPoolDefinition = (
  input: unknown,
): { ok: true; definition: PoolDefinition } | { ok: false; error: PoolDefinitionError } => {
  const result = PoolDefinitionSchema.safeParse(input);
  return result.success
    ? { ok: true, definition: result.data }
    : {
        ok: false,
        error: new PoolDefinitionError(
          result.error.issues.map((issue) => ({ path: pathText(issue.path), message: issue.message })),
          subjectOf(input),
        ),
      };
};

/** Validates a pool definition (an object or its JSON text); throws a PoolDefinitionError that lists every problem
 * with its path. */
export const parsePoolDefinition = (json: unknown): PoolDefinition => {
  let input = json;
  if (typeof json === 'string') {
    try {
      input = JSON.parse(json);
    } catch (error) {
      const message = `is not JSON: ${(error as Error).message}`;
      throw new PoolDefinitionError([{ path: '(root)', message }], '(text)');
    }
  }
  const checked = checkPoolDefinition(input);
  if (!checked.ok) throw checked.error;
  return checked.definition;
};

/** The calendar as Dates, for deciders and workflows (which wait for absolute instants, docs/style.md "Workflows"). */
export const poolInstants = (calendar: PoolCalendar) => ({
  openedAt: parseInstant(calendar.openedAt),
  interestDeadline: parseInstant(calendar.interestDeadline),
  commitmentsExpectedBy: parseInstant(calendar.commitmentsExpectedBy),
  startDeadline: parseInstant(calendar.startDeadline),
  reportingGraceEnds: parseInstant(calendar.reportingGraceEnds),
  finalClaimDeadlines: Object.fromEntries(
    Object.entries(calendar.finalClaimDeadlines).map(([year, iso]) => [year, parseInstant(iso)]),
  ) as Record<string, Date>,
  closesAt: parseInstant(calendar.closesAt),
});
