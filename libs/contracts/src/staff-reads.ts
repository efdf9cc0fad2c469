import { z } from 'zod';
import { InstantSchema, IsoDateSchema, MunicipalityCodeSchema, OreSchema } from './municipal-events';
import { AsOfQuerySchema } from './responses';

/** What the staff reads take and answer: course reports, the claims queue, the ledger summary, settlements, the audit trail. */

const Count = z.number().int().nonnegative();
const Person = z.string().min(1).max(200);

export const DEFAULT_STAFF_PAGE = 50;
export const MAX_STAFF_PAGE = 500;

/** A page cursor is the position of the last row read, as decimal digits. */
export const StaffCursorSchema = z.string().regex(/^[0-9]{1,19}$/, 'a cursor is the `next` of the previous page').describe('The `next` of the previous page; leave out for the first page.');

const PagedQuery = AsOfQuerySchema.extend({
  after: StaffCursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_STAFF_PAGE).default(DEFAULT_STAFF_PAGE).describe('At most this many items.'),
});

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next: z.string().nullable().describe('Pass as `after` for the next page; null on the last page.') });

export const COURSE_REPORT_STATUSES = ['started', 'rejected', 'cancelled', 'completed'] as const;

export const CourseReportsQuerySchema = PagedQuery.extend({
  municipalityCode: MunicipalityCodeSchema.optional(),
  status: z.enum(COURSE_REPORT_STATUSES).optional(),
  reasonCode: z.string().regex(/^[A-Z_]{1,64}$/).optional().describe('Courses whose last decision gave this reason code.'),
  targetGroup: z.string().min(1).max(64).optional(),
  startFrom: IsoDateSchema.optional().describe('Courses starting on or after this date.'),
  startTo: IsoDateSchema.optional().describe('Courses starting on or before this date.'),
}).strict();

export const CourseReportItemSchema = z.object({
  municipalityCode: MunicipalityCodeSchema,
  courseId: z.string(),
  status: z.enum(COURSE_REPORT_STATUSES),
  reasonCodes: z.array(z.string()),
  targetGroup: z.string().nullable(),
  startDate: IsoDateSchema.nullable(),
  endDate: IsoDateSchema.nullable(),
  title: z.string().nullable(),
  expensesOre: OreSchema,
});

export const CourseReportPageSchema = page(CourseReportItemSchema).meta({
  examples: [{ items: [{ municipalityCode: '101', courseId: 'K-2020-0042', status: 'started', reasonCodes: [], targetGroup: 'ledig', startDate: '2020-03-02', endDate: '2020-05-29', title: 'SOSU-assistent, AMU', expensesOre: 1250000 }], next: '1042' }],
});

const DecisionBasisSchema = z.object({
  poolDefinitionVersion: z.number().int(),
  poolAmendments: z.number().int(),
  balanceVersion: z.string().nullable(),
  balanceHalfYear: z.string().nullable(),
  shortageStatus: z.string().nullable(),
});

const ReasonOut = z.object({ code: z.string(), message: z.string() }).loose();

export const CourseReportDetailSchema = CourseReportItemSchema.extend({
  poolId: z.string(),
  decisions: z.array(z.object({ type: z.string(), outcome: z.enum(['accepted', 'rejected']), decidedAt: InstantSchema, reasons: z.array(ReasonOut), basis: DecisionBasisSchema.nullable() })),
  expenses: z.array(z.object({ expenseId: z.string(), category: z.string(), amountOre: OreSchema, incurredOn: IsoDateSchema, budgetYear: z.number().int(), claimIds: z.array(z.string()) })),
  claims: z.array(z.lazy(() => ClaimItemSchema)),
}).meta({
  examples: [{
    municipalityCode: '101', courseId: 'K-2020-0042', poolId: 'mangelpulje-2019', status: 'started', reasonCodes: [], targetGroup: 'ledig', startDate: '2020-03-02', endDate: '2020-05-29', title: 'SOSU-assistent, AMU', expensesOre: 1250000,
    decisions: [{ type: 'CourseStarted', outcome: 'accepted', decidedAt: '2020-03-02T09:15:00.000Z', reasons: [], basis: { poolDefinitionVersion: 1, poolAmendments: 0, balanceVersion: '2019H2@1', balanceHalfYear: '2019H2', shortageStatus: 'mangel' } }],
    expenses: [{ expenseId: 'F-1', category: 'kursusafgift', amountOre: 1250000, incurredOn: '2020-03-02', budgetYear: 2020, claimIds: ['R-2020-1'] }],
    claims: [],
  }],
});

export const CLAIM_QUEUE_STATUSES = ['awaiting-review', 'awaiting-approval', 'approved'] as const;

export const ClaimsQueueQuerySchema = PagedQuery.extend({
  status: z.enum(CLAIM_QUEUE_STATUSES).default('awaiting-review'),
  poolId: z.string().min(1).max(100).optional(),
  municipalityCode: MunicipalityCodeSchema.optional(),
}).strict();

const CutSchema = z.object({ courseId: z.string(), expenseId: z.string(), amountOre: OreSchema, approvedOre: OreSchema, reason: z.string() });

export const ClaimItemSchema = z.object({
  poolId: z.string(),
  municipalityCode: MunicipalityCodeSchema,
  claimId: z.string(),
  status: z.enum(CLAIM_QUEUE_STATUSES),
  budgetYear: z.number().int(),
  kind: z.enum(['interim', 'final']),
  eligibleOre: OreSchema,
  refundBeforeCapOre: OreSchema,
  claimedRefundOre: OreSchema.describe('The computed refund: the rate of the eligible expenses, rounded down, capped by the commitment.'),
  commitmentOre: OreSchema,
  refundRateBasisPoints: Count,
  cap: z.enum(['rate', 'commitment']).describe('`rate`: the refund rate alone; `commitment`: what remained of the commitment capped it.'),
  claimedAt: InstantSchema,
  reviewedBy: z.string().nullable(),
  reviewedAt: InstantSchema.nullable(),
  approvedEligibleOre: OreSchema.nullable(),
  cuts: z.array(CutSchema).describe('What the reviewer cut, per expense, and why.'),
  approvedBy: z.string().nullable(),
  approvedRefundOre: OreSchema.nullable(),
});

export const ClaimsQueuePageSchema = page(ClaimItemSchema).meta({
  examples: [{ items: [{ poolId: 'mangelpulje-2019', municipalityCode: '101', claimId: 'R-2020-1', status: 'awaiting-approval', budgetYear: 2020, kind: 'interim', eligibleOre: 1250000, refundBeforeCapOre: 1000000, claimedRefundOre: 1000000, commitmentOre: 5000000, refundRateBasisPoints: 8000, cap: 'rate', claimedAt: '2020-06-01T08:00:00.000Z', reviewedBy: 'karin', reviewedAt: '2020-06-03T10:00:00.000Z', approvedEligibleOre: 1200000, cuts: [{ courseId: 'K-2020-0042', expenseId: 'F-1', amountOre: 1250000, approvedOre: 1200000, reason: 'Fakturaen dækker også moms' }], approvedBy: null, approvedRefundOre: null }], next: null }],
});

const Figures = z.object({ committedOre: OreSchema, claimedOre: OreSchema, approvedOre: OreSchema, paidOre: OreSchema, repaymentDemandedOre: OreSchema, repaidOre: OreSchema.describe('Repayments received.'), lapsedOre: OreSchema });

export const LedgerSummarySchema = z.object({
  poolId: z.string(),
  asOf: InstantSchema,
  total: Figures,
  byBudgetYear: z.array(Figures.extend({ budgetYear: z.number().int() })).describe('Committed and lapsed belong to no year: they are in `total` and per municipality only.'),
  byMunicipality: z.array(Figures.extend({ municipalityCode: MunicipalityCodeSchema })),
  byMonth: z
    .array(Figures.extend({ month: z.string().regex(/^\d{4}-\d{2}$/).describe('A Copenhagen calendar month, YYYY-MM.') }))
    .describe("The pool's figures as they stood at the end of each month (the last month at `asOf`), from the month of its first money on."),
}).meta({
  examples: [{ poolId: 'mangelpulje-2019', asOf: '2021-01-04T12:00:00.000Z', total: { committedOre: 5000000, claimedOre: 1000000, approvedOre: 960000, paidOre: 960000, repaymentDemandedOre: 0, repaidOre: 0, lapsedOre: 0 }, byBudgetYear: [{ budgetYear: 2020, committedOre: 0, claimedOre: 1000000, approvedOre: 960000, paidOre: 960000, repaymentDemandedOre: 0, repaidOre: 0, lapsedOre: 0 }], byMunicipality: [{ municipalityCode: '101', committedOre: 5000000, claimedOre: 1000000, approvedOre: 960000, paidOre: 960000, repaymentDemandedOre: 0, repaidOre: 0, lapsedOre: 0 }], byMonth: [{ month: '2020-12', committedOre: 5000000, claimedOre: 1000000, approvedOre: 960000, paidOre: 960000, repaymentDemandedOre: 0, repaidOre: 0, lapsedOre: 0 }] }],
});

export const SettlementsQuerySchema = AsOfQuerySchema.extend({ budgetYear: z.coerce.number().int().min(2000).max(2100).optional(), municipalityCode: MunicipalityCodeSchema.optional() }).strict();

export const SettlementsSchema = z.object({
  items: z.array(z.object({
    municipalityCode: MunicipalityCodeSchema,
    budgetYear: z.number().int(),
    claimId: z.string(),
    approvedRefundOre: OreSchema,
    paidOre: OreSchema,
    owedOre: OreSchema,
    repaymentOre: OreSchema,
    settledAt: InstantSchema,
    demand: z.object({ state: z.enum(['none', 'due', 'demanded', 'part-received', 'received']), demandedAt: InstantSchema.nullable(), receivedOre: OreSchema, receivedAt: InstantSchema.nullable() }),
  })),
}).meta({
  examples: [{ items: [{ municipalityCode: '101', budgetYear: 2020, claimId: 'R-2020-F', approvedRefundOre: 900000, paidOre: 960000, owedOre: 0, repaymentOre: 60000, settledAt: '2021-03-01T09:00:00.000Z', demand: { state: 'demanded', demandedAt: '2021-03-01T09:00:00.000Z', receivedOre: 0, receivedAt: null } }] }],
});

export const AuditQuerySchema = PagedQuery.extend({
  poolId: z.string().min(1).max(100).optional(),
  municipalityCode: MunicipalityCodeSchema.optional(),
  person: Person.optional().describe('The staff user who made the decision.'),
  kind: z.string().regex(/^[A-Za-z]{1,64}$/).optional().describe('The decision, e.g. ClaimApproved.'),
}).strict();

export const AuditEntrySchema = z.object({
  seq: z.string(),
  poolId: z.string(),
  municipalityCode: MunicipalityCodeSchema.nullable(),
  person: Person,
  kind: z.string(),
  decidedAt: InstantSchema,
  recordedAt: InstantSchema,
  ruleSet: z.object({ version: z.number().int(), amendments: Count }).describe("The pool definition's version and the deadline amendments in force when it was decided."),
  what: z.record(z.string(), z.unknown()).describe('The decision as recorded.'),
});

export const AuditPageSchema = page(AuditEntrySchema).meta({
  examples: [{ items: [{ seq: '1043', poolId: 'mangelpulje-2019', municipalityCode: '101', person: 'jens', kind: 'ClaimApproved', decidedAt: '2020-06-04T11:00:00.000Z', recordedAt: '2020-06-04T11:00:00.120Z', ruleSet: { version: 1, amendments: 0 }, what: { claimId: 'R-2020-1', approvedRefundOre: 960000 } }], next: null }],
});

export const StaffCoursePathSchema = z.object({ poolId: z.string().min(1).max(100), municipalityCode: MunicipalityCodeSchema, courseId: z.string().min(1).max(200) });

export type CourseReportsQuery = z.infer<typeof CourseReportsQuerySchema>;
export type ClaimsQueueQuery = z.infer<typeof ClaimsQueueQuerySchema>;
export type AuditQuery = z.infer<typeof AuditQuerySchema>;
export type SettlementsQuery = z.infer<typeof SettlementsQuerySchema>;
export type ClaimItem = z.infer<typeof ClaimItemSchema>;
