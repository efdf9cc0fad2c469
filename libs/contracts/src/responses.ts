import { z } from 'zod';
import { PoolCalendarSchema, PoolDefinitionSchema } from '@puljeflow/domain';
import {
  CourseIdSchema,
  InstantSchema,
  IsoDateSchema,
  MUNICIPAL_EVENT_TYPES,
  MunicipalityCodeSchema,
  OreSchema,
  PoolIdSchema,
  SubmissionResultSchema,
} from './municipal-events';
import { ReasonSchema } from './problem';

/**
 * What the municipal API v1 answers (docs/municipal-api.md "Sending events", "Bulk files", "Reading back"), and the path and
 * query parameters of its routes. One source for the OpenAPI description (openapi.ts) and for checking live responses.
 */

const Count = z.number().int().nonnegative();

// ---- parameters ------------------------------------------------------------------------------------------------

/** `?asOf=`: any GET may read the state as it was at an instant (docs/municipal-api.md "Reading back"). */
export const AsOfQuerySchema = z.object({
  asOf: InstantSchema.optional().describe('Read the state as it was at this instant (RFC 3339 with an offset). Default: now.'),
});

export const EventIdSchema = z.uuid().describe('The eventId of a submitted event (the idempotency key).');
export const ImportIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an import id is letters, digits, _ and -').describe('The id an import was given when it was accepted.');
/** A feed cursor is opaque to callers; it sorts as a string in the order of the feed. */
export const FeedCursorSchema = z.string().min(1).max(100).describe('An opaque cursor of the feed; store the last one you processed.');

export const MunicipalityPathSchema = z.object({ municipalityCode: MunicipalityCodeSchema.describe('The three-digit municipality code, e.g. "101".') });
export const PoolPathSchema = z.object({ poolId: PoolIdSchema.describe('The pool id, e.g. "mangelpulje-2019".') });
export const MunicipalPoolPathSchema = MunicipalityPathSchema.extend(PoolPathSchema.shape);
export const MunicipalCoursePathSchema = MunicipalityPathSchema.extend({
  courseId: CourseIdSchema.describe("The municipality's own course reference (percent-encode a '/')."),
});
export const MunicipalEventPathSchema = MunicipalityPathSchema.extend({ eventId: EventIdSchema });
export const MunicipalImportPathSchema = MunicipalityPathSchema.extend({ importId: ImportIdSchema });

export const DEFAULT_FEED_LIMIT = 100;
export const MAX_FEED_LIMIT = 1000;
export const FeedQuerySchema = AsOfQuerySchema.extend({
  after: FeedCursorSchema.optional().describe('Items after this cursor; leave out to read from the beginning.'),
  limit: z.coerce.number().int().min(1).max(MAX_FEED_LIMIT).default(DEFAULT_FEED_LIMIT).describe('At most this many items.'),
});

export const MAX_IMPORT_LINES = 100_000;
/** `POST …/imports`: a CSV file holds one event type, named here. */
export const ImportQuerySchema = z.object({
  type: z
    .enum(MUNICIPAL_EVENT_TYPES)
    .optional()
    .describe('Required with `text/csv`: the event type of every row. Not used with NDJSON, where each line names its type.'),
});

// ---- sending events ---------------------------------------------------------------------------------------------

/** `200` of `POST …/events`: one result per event, in the order sent. */
export const SubmitEventsResponseSchema = z
  .object({ results: z.array(SubmissionResultSchema).describe('One result per event, in the order they were sent.') })
  .describe('The decision about each event: accepted (with its position), rejected (with reasons) or duplicate (the original outcome).');
export type SubmitEventsResponse = z.infer<typeof SubmitEventsResponseSchema>;

/** `GET …/events/{eventId}`: the recorded outcome of one submission, for reconciliation. */
const outcomeFields = {
  eventId: z.string(),
  type: z.enum(MUNICIPAL_EVENT_TYPES).optional().describe('The type of the submitted event.'),
  position: z.string().describe('Where the outcome was recorded in the global order.'),
  recordedAt: InstantSchema.describe('When the outcome was recorded.'),
};
export const SubmissionOutcomeSchema = z
  .discriminatedUnion('status', [
    z.object({ ...outcomeFields, status: z.literal('accepted') }),
    z.object({ ...outcomeFields, status: z.literal('rejected'), reasons: z.array(ReasonSchema).min(1) }),
  ])
  .describe('The recorded outcome of one submission. A rejected submission is recorded with its reasons and changes no balance.');
export type SubmissionOutcome = z.infer<typeof SubmissionOutcomeSchema>;

// ---- bulk files -------------------------------------------------------------------------------------------------

export const IMPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ImportStatusValue = (typeof IMPORT_STATUSES)[number];

/** The body of `POST …/imports` with `application/x-ndjson`. */
export const NdjsonImportBodySchema = z
  .string()
  .min(1)
  .describe(`One event envelope (a MunicipalEvent) as JSON on each line, up to ${MAX_IMPORT_LINES.toLocaleString('en')} lines.`);
/** The body of `POST …/imports` with `text/csv`. */
export const CsvImportBodySchema = z
  .string()
  .min(1)
  .describe(
    'A CSV file of one event type (`?type=`): a header row `eventId,occurredAt,` and the fields of `data` as dotted paths ' +
      `(e.g. \`citizen.cpr\`, \`course.title\`), then one event a row, up to ${MAX_IMPORT_LINES.toLocaleString('en')} rows.`,
  );

/** `202` of `POST …/imports`: accepted at once; read progress at `GET …/imports/{importId}`. */
export const ImportAcceptedSchema = z
  .object({ importId: ImportIdSchema, status: z.enum(IMPORT_STATUSES) })
  .describe('The file was received; its lines are decided in the background.');
export type ImportAccepted = z.infer<typeof ImportAcceptedSchema>;

/** The result of one line of an import: like a submission result, with its line number. */
export const ImportLineResultSchema = z
  .object({
    line: z.number().int().positive().describe('The line number in the file (1 is the first line; a CSV header is line 1).'),
    eventId: z.string().optional().describe('Absent when the line could not be read as an event.'),
    status: z.enum(['accepted', 'rejected', 'duplicate']),
    position: z.string().optional(),
    reasons: z.array(ReasonSchema).optional(),
  })
  .describe('What was decided about one line of the file.');

/** `GET …/imports/{importId}`: progress, and when done the result of every line. */
export const ImportStatusSchema = z
  .object({
    importId: ImportIdSchema,
    status: z.enum(IMPORT_STATUSES),
    format: z.enum(['ndjson', 'csv']).optional(),
    receivedAt: InstantSchema.optional(),
    finishedAt: InstantSchema.nullable().optional(),
    linesRead: Count,
    accepted: Count,
    duplicate: Count,
    rejected: Count,
    results: z.array(ImportLineResultSchema).optional().describe('When the import is done: the result of every line, by line number.'),
  })
  .describe('The progress of an import. A bad line never stops the others; sending the same file again changes nothing.');
export type ImportStatus = z.infer<typeof ImportStatusSchema>;

// ---- public pools -----------------------------------------------------------------------------------------------

/** `GET /api/v1/pools/{poolId}`: a pool's public definition summary and its calendar. */
export const PoolSummarySchema = z
  .object({
    poolId: PoolIdSchema,
    name: z.string(),
    status: z.string().describe('Where the pool is in its life: open, allocated, … (more states follow as the pool runs).'),
    definitionVersion: z.number().int().positive(),
    commitmentsOre: OreSchema.describe('The money of the pool for commitments, in øre.'),
    allocatedAt: InstantSchema.nullable(),
    lapsedOre: OreSchema.nullable(),
    amendments: z.number().int().nonnegative().describe('How many deadline amendments were approved.'),
    startsClosedAt: InstantSchema.nullable().describe('When the pool closed for course starts.'),
    graceEndedAt: InstantSchema.nullable().describe('When the reporting grace period ended.'),
    calendar: PoolCalendarSchema.describe('The instants of the pool (Europe/Copenhagen, RFC 3339 with offset).'),
  })
  .describe('A pool: its public definition and calendar.');
export type PoolSummary = z.infer<typeof PoolSummarySchema>;

/** `GET /api/v1/pools/{poolId}`: the pool and its whole public definition, as amended. */
export const PoolDetailSchema = PoolSummarySchema.extend({
  definition: PoolDefinitionSchema.describe(
    'The definition the pool runs on: target groups with their rules, the refund rate, the budget years, what the commitment caps, the money and the calendar (as amended).',
  ),
}).describe('A pool with its whole public definition.');

/** `GET /api/v1/pools`. */
export const PoolListSchema = z.object({ pools: z.array(PoolSummarySchema) }).describe('Every pool, by interest deadline.');

// ---- reading back -----------------------------------------------------------------------------------------------

export const COMMITMENT_STATUSES = ['none', 'prepared', 'issued'] as const;

export const DeadlineSchema = z.object({
  name: z.string().describe('The calendar field, e.g. `startDeadline` or `finalClaimDeadlines.2020`.'),
  at: InstantSchema,
});

/** `GET …/municipalities/{code}/pools/{poolId}`: this municipality's standing in the pool. */
export const StandingSchema = z
  .object({
    poolId: PoolIdSchema,
    municipalityCode: MunicipalityCodeSchema,
    asOf: InstantSchema.optional().describe('The instant the standing was read as of.'),
    requestedOre: OreSchema,
    allocatedOre: OreSchema.nullable().describe('Null until the pool is allocated.'),
    committedOre: OreSchema,
    commitmentStatus: z.enum(COMMITMENT_STATUSES),
    expensesOre: OreSchema,
    claimedRefundOre: OreSchema,
    approvedRefundOre: OreSchema,
    paidOre: OreSchema,
    repaidOre: OreSchema.optional().describe('Paid back after a final settlement (tilbagebetaling).'),
    lapsedOre: OreSchema.optional().describe('Commitment that lapsed (bortfald) when the pool closed.'),
    remainingCommitmentOre: OreSchema,
    coursesStarted: Count,
    coursesRejected: Count,
    nextDeadlines: z.array(DeadlineSchema).describe('The next instants of the pool calendar, soonest first.'),
  })
  .describe("The municipality's standing in one pool, in øre.");
export type Standing = z.infer<typeof StandingSchema>;

export const COURSE_STATUSES = ['started', 'cancelled', 'completed', 'rejected'] as const;

/** One decision about a course, with its reasons. */
export const CourseDecisionSchema = z.object({
  type: z.string().describe('What was decided, e.g. `CourseStarted`.'),
  outcome: z.enum(['accepted', 'rejected']),
  decidedAt: InstantSchema,
  reasons: z.array(ReasonSchema),
  basis: z.record(z.string(), z.unknown()).optional().describe('What the decision was based on (e.g. the balance version used).'),
});

/** `GET …/municipalities/{code}/courses/{courseId}`: the course, its status and its decisions. No CPR number. */
export const CourseSchema = z
  .object({
    municipalityCode: MunicipalityCodeSchema,
    courseId: CourseIdSchema,
    poolId: PoolIdSchema.nullable(),
    status: z.enum(COURSE_STATUSES),
    citizen: z.object({ pseudonym: z.string() }).nullable().describe('The citizen by pseudonym; never the CPR number.'),
    targetGroup: z.string().nullable(),
    course: z
      .object({
        title: z.string(),
        provider: z.string(),
        category: z.string(),
        startDate: IsoDateSchema,
        endDate: IsoDateSchema,
        estimatedCostOre: OreSchema,
      })
      .nullable(),
    employerDeclaration: z.record(z.string(), z.unknown()).nullable(),
    cancelledOn: IsoDateSchema.nullable(),
    completedOn: IsoDateSchema.nullable(),
    employed: z.boolean().nullable(),
    decisions: z.array(CourseDecisionSchema).describe('Every decision about the course, oldest first.'),
  })
  .describe('A course (påbegyndt forløb) as the municipality reported it, its status and every decision with its reasons.');
export type Course = z.infer<typeof CourseSchema>;

/** The kinds of item the feed carries (docs/municipal-api.md "Reading back", feed). */
export const FEED_ITEM_TYPES = [
  'SubmissionAccepted',
  'SubmissionRejected',
  'CommitmentIssued',
  'CommitmentReduced',
  'RefundApproved',
  'PayoutMade',
  'PoolDeadlineReached',
  'RepaymentReceived',
] as const;

export const FeedItemSchema = z.object({
  cursor: FeedCursorSchema,
  type: z.string().describe(`What was decided: ${FEED_ITEM_TYPES.join(', ')}; more types may be added.`),
  recordedAt: InstantSchema,
  eventId: z.string().optional().describe('The eventId of the submission this item decided, when it decided one.'),
  data: z.record(z.string(), z.unknown()),
});

/** `GET …/municipalities/{code}/feed`: everything decided about this municipality, oldest first. */
export const FeedPageSchema = z
  .object({
    items: z.array(FeedItemSchema),
    nextCursor: FeedCursorSchema.nullable().describe('Pass as `after` to read on; null when there is nothing after this page yet.'),
  })
  .describe('A page of the feed. A caller that stores the last cursor misses nothing and sees nothing twice.');
export type FeedPage = z.infer<typeof FeedPageSchema>;
