import { z } from 'zod';

/**
 * The published municipal API v1 (docs/municipal-api.md): the envelope and the `data` of each event type.
 * One source for request validation and for the OpenAPI description.
 */

export const MunicipalityCodeSchema = z.string().regex(/^\d{3}$/, 'a municipality code is three digits, e.g. "101"');
export const PoolIdSchema = z.string().max(63).regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a pool id is lower-case letters, digits and dashes');
export const OreSchema = z.number().int('øre are whole numbers').nonnegative().max(Number.MAX_SAFE_INTEGER);
export const PositiveOreSchema = z.number().int('øre are whole numbers').positive().max(Number.MAX_SAFE_INTEGER);
export const IsoDateSchema = z.iso.date();
export const InstantSchema = z.iso.datetime({ offset: true });

export const MUNICIPAL_EVENT_TYPES = [
  'InterestExpressed',
  'InterestWithdrawn',
  'CourseStarted',
  'CourseCancelled',
  'CourseCompleted',
  'ExpenseIncurred',
  'RefundClaimed',
] as const;
export type MunicipalEventType = (typeof MUNICIPAL_EVENT_TYPES)[number];

/** The envelope of one submitted event; its `data` is checked per type by `municipalEventDataSchemas`. */
export const MunicipalEventEnvelopeSchema = z
  .object({
    eventId: z.uuid(),
    type: z.enum(MUNICIPAL_EVENT_TYPES),
    occurredAt: InstantSchema,
    data: z.record(z.string(), z.unknown()),
  })
  .strict();
export type MunicipalEventEnvelope = z.infer<typeof MunicipalEventEnvelopeSchema>;

export const MAX_EVENTS_PER_REQUEST = 500;

export const SubmitEventsRequestSchema = z
  .object({ events: z.array(MunicipalEventEnvelopeSchema).min(1) })
  .strict();

export const InterestExpressedDataSchema = z
  .object({
    poolId: PoolIdSchema,
    requestedAmountOre: PositiveOreSchema,
    expectedParticipants: z.number().int().positive().max(1_000_000),
    contactEmail: z.email(),
  })
  .strict();
export type InterestExpressedData = z.infer<typeof InterestExpressedDataSchema>;

export const InterestWithdrawnDataSchema = z.object({ poolId: PoolIdSchema }).strict();
export type InterestWithdrawnData = z.infer<typeof InterestWithdrawnDataSchema>;

export const CourseIdSchema = z.string().min(1).max(100).regex(/^[\w.:/-]+$/, 'a course id is letters, digits and . _ : / -');

/**
 * `CourseStarted` (docs/municipal-api.md). Only the shape is checked here; whether the rules of docs/domain.md §5 hold is the
 * domain's decision, with its own reason codes (a missing declaration is EMPLOYER_DECLARATION_MISSING, not a schema error).
 */
export const CourseStartedDataSchema = z
  .object({
    poolId: PoolIdSchema,
    courseId: CourseIdSchema,
    citizen: z.object({ cpr: z.string().max(20) }).strict(),
    targetGroup: z.string().min(1).max(60),
    unemployedSince: IsoDateSchema.optional(),
    employerDeclaration: z
      .object({
        cvr: z.string().max(20),
        employerName: z.string().max(200),
        jobTitle: z.string().max(200),
        rarArea: z.string().max(60),
        signedOn: IsoDateSchema,
        expectedEmploymentStart: IsoDateSchema,
        withoutWageSubsidy: z.boolean(),
      })
      .partial({ cvr: true, employerName: true, jobTitle: true, rarArea: true })
      .strict()
      .optional(),
    course: z
      .object({
        title: z.string().min(1).max(200),
        provider: z.string().min(1).max(200),
        category: z.string().min(1).max(40),
        startDate: IsoDateSchema,
        endDate: IsoDateSchema,
        estimatedCostOre: OreSchema,
      })
      .strict(),
  })
  .strict();
export type CourseStartedData = z.infer<typeof CourseStartedDataSchema>;

export const CourseCancelledDataSchema = z.object({ courseId: CourseIdSchema, cancelledOn: IsoDateSchema, reason: z.string().min(1).max(500) }).strict();
export type CourseCancelledData = z.infer<typeof CourseCancelledDataSchema>;

export const CourseCompletedDataSchema = z.object({ courseId: CourseIdSchema, completedOn: IsoDateSchema, employed: z.boolean() }).strict();
export type CourseCompletedData = z.infer<typeof CourseCompletedDataSchema>;

/** The municipality's own reference of an expense (an invoice line). */
export const ExpenseIdSchema = z.string().min(1).max(100).regex(/^[\w.:/-]+$/, 'an expense id is letters, digits and . _ : / -');

/** `ExpenseIncurred` (docs/municipal-api.md; docs/domain.md §7: category, amount, date, invoice reference per course). */
export const ExpenseIncurredDataSchema = z
  .object({
    courseId: CourseIdSchema,
    expenseId: ExpenseIdSchema,
    category: z.string().min(1).max(60),
    amountOre: PositiveOreSchema,
    incurredOn: IsoDateSchema,
    invoiceRef: z.string().min(1).max(200),
  })
  .strict();
export type ExpenseIncurredData = z.infer<typeof ExpenseIncurredDataSchema>;

const refundClaimFields = {
  poolId: PoolIdSchema,
  claimId: z.string().min(1).max(100).regex(/^[\w.:/-]+$/, 'a claim id is letters, digits and . _ : / -'),
  budgetYear: z.number().int().min(2000).max(2100),
  /** Claims every reported, unclaimed expense of the budget year incurred up to this date. */
  upTo: IsoDateSchema,
};

/** An interim (a conto) claim during the year (docs/domain.md §8). */
export const RefundClaimedInterimDataSchema = z.object({ ...refundClaimFields, kind: z.literal('interim') }).strict();
/**
 * The one final claim of a budget year, with the statement signed by management and certified by the auditor
 * (docs/domain.md §8). As with CourseStarted, only the shape is checked here: a missing or incomplete statement is the
 * decision's rejection with its own reason code (STATEMENT_MISSING), not a schema error.
 */
export const RefundClaimedFinalDataSchema = z
  .object({
    ...refundClaimFields,
    kind: z.literal('final'),
    statement: z
      .object({ signedBy: z.string().max(200), auditorCertified: z.boolean(), documentRef: z.string().max(200) })
      .strict()
      .optional()
      .describe('Required on a final claim: one without a complete statement (signed, certified, with its document) is rejected with STATEMENT_MISSING.'),
  })
  .strict();
/** `RefundClaimed` (docs/municipal-api.md): `kind: "interim" | "final"`; a final claim adds `statement`. */
export const RefundClaimedDataSchema = z.discriminatedUnion('kind', [RefundClaimedInterimDataSchema, RefundClaimedFinalDataSchema]);
export type RefundClaimedData = z.infer<typeof RefundClaimedDataSchema>;

/** The `data` schema of each type of MUNICIPAL_EVENT_TYPES (every one: the compiler checks). */
export const municipalEventDataSchemas: Record<MunicipalEventType, z.ZodType> = {
  InterestExpressed: InterestExpressedDataSchema,
  InterestWithdrawn: InterestWithdrawnDataSchema,
  CourseStarted: CourseStartedDataSchema,
  CourseCancelled: CourseCancelledDataSchema,
  CourseCompleted: CourseCompletedDataSchema,
  ExpenseIncurred: ExpenseIncurredDataSchema,
  RefundClaimed: RefundClaimedDataSchema,
};

const typedEvent = <T extends MunicipalEventType, D extends z.ZodType>(type: T, data: D) =>
  MunicipalEventEnvelopeSchema.extend({ type: z.literal(type), data });

/**
 * One event with the `data` of its type: the envelope and the data schemas above, joined for the OpenAPI description
 * (a discriminated union on `type`). The api checks the envelope first (a body that is not the envelope gets 400) and
 * then each event's data on its own (data that does not match is that event's rejection with SCHEMA_INVALID).
 */
export const municipalEventSchemas = {
  InterestExpressed: typedEvent('InterestExpressed', InterestExpressedDataSchema),
  InterestWithdrawn: typedEvent('InterestWithdrawn', InterestWithdrawnDataSchema),
  CourseStarted: typedEvent('CourseStarted', CourseStartedDataSchema),
  CourseCancelled: typedEvent('CourseCancelled', CourseCancelledDataSchema),
  CourseCompleted: typedEvent('CourseCompleted', CourseCompletedDataSchema),
  ExpenseIncurred: typedEvent('ExpenseIncurred', ExpenseIncurredDataSchema),
  RefundClaimed: typedEvent('RefundClaimed', RefundClaimedDataSchema),
} satisfies Record<MunicipalEventType, z.ZodType>;

export const MunicipalEventSchema = z.discriminatedUnion('type', [
  municipalEventSchemas.InterestExpressed,
  municipalEventSchemas.InterestWithdrawn,
  municipalEventSchemas.CourseStarted,
  municipalEventSchemas.CourseCancelled,
  municipalEventSchemas.CourseCompleted,
  municipalEventSchemas.ExpenseIncurred,
  municipalEventSchemas.RefundClaimed,
]);
export type MunicipalEvent = z.infer<typeof MunicipalEventSchema>;

/** `POST …/events` as documented: 1 to 500 events, each with the data of its type. */
export const SubmitTypedEventsRequestSchema = z
  .object({ events: z.array(MunicipalEventSchema).min(1).max(MAX_EVENTS_PER_REQUEST) })
  .strict();

export const SubmissionResultSchema = z.discriminatedUnion('status', [
  z.object({ eventId: z.string(), status: z.literal('accepted'), position: z.string() }),
  z.object({ eventId: z.string(), status: z.literal('duplicate'), position: z.string(), original: z.enum(['accepted', 'rejected']).optional(), reasons: z.array(z.object({ code: z.string(), message: z.string() })).optional() }),
  z.object({ eventId: z.string(), status: z.literal('rejected'), position: z.string().optional(), reasons: z.array(z.object({ code: z.string(), message: z.string() })).min(1) }),
]);
export type SubmissionResult = z.infer<typeof SubmissionResultSchema>;
