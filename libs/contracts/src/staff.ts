import { z } from 'zod';
import { AMENDABLE_INSTANTS } from '@puljeflow/domain';
import { MunicipalityCodeSchema, OreSchema, PositiveOreSchema } from './municipal-events';
import { COMMITMENT_STATUSES, PoolSummarySchema } from './responses';

export const STAFF_ROLES = ['caseworker', 'approver', 'finance', 'auditor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const LoginRequestSchema = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000) }).strict();
export const PrepareCommitmentRequestSchema = z.object({ amountOre: PositiveOreSchema.optional() }).strict();
export const ApproveCommitmentRequestSchema = z.object({}).strict();
export const CommitmentPathSchema = z.object({ poolId: z.string(), municipalityCode: MunicipalityCodeSchema });

// ---- the staff API as apps/api serves it: bodies and answers -----------------------------------------------------

/** A staff user as the session shows them. */
export const StaffUserSchema = z.object({ username: z.string(), displayName: z.string(), roles: z.array(z.enum(STAFF_ROLES)) });

/** `POST /api/v1/staff/session`: a session token to send as `Authorization: Bearer <token>`. */
export const LoginResponseSchema = z.object({ token: z.string().min(1), user: StaffUserSchema }).describe('A new session.');
/** `GET /api/v1/staff/session`. */
export const StaffSessionSchema = z.object({ user: StaffUserSchema }).describe('Who the session belongs to.');

/** A staff decision that was recorded, with its position in the global order. */
export const DecisionRecordedSchema = z
  .object({ status: z.enum(['prepared', 'issued', 'amended']), position: z.string() })
  .describe('The decision was recorded.');

/** Moving a deadline of a running pool: prepared with a reason by one person, approved by another. */
export const PrepareAmendmentRequestSchema = z
  .object({ instant: z.enum(AMENDABLE_INSTANTS), newValue: z.iso.datetime({ offset: true }), reason: z.string().min(3).max(1000) })
  .strict();

/** `POST /api/v1/staff/pools`: the pool was opened (udmeldt) from its definition and its workflow started. */
export const PoolOpenedSchema = z.object({ poolId: z.string(), status: z.literal('open') });

/** `GET /api/v1/staff/pools/{poolId}/overview`. */
export const PoolOverviewSchema = z
  .object({
    pool: PoolSummarySchema.extend({ interestDeadline: z.iso.datetime({ offset: true }) }),
    municipalities: z.array(
      z.object({
        municipalityCode: MunicipalityCodeSchema,
        name: z.string(),
        requestedOre: OreSchema,
        allocatedOre: OreSchema.nullable(),
        committedOre: OreSchema,
        commitmentStatus: z.enum(COMMITMENT_STATUSES),
        preparedAmountOre: OreSchema.nullable(),
        preparedBy: z.string().nullable(),
        issuedBy: z.string().nullable(),
      }),
    ),
  })
  .describe('A pool and every municipality that expressed interest, with its allocation and commitment.');

/** Erasure of a citizen (crypto-shredding): their key is deleted. */
export const CitizenErasureRequestSchema = z.object({ cpr: z.string().max(20), reason: z.string().min(3).max(1000) }).strict();
export const CitizenErasureSchema = z.object({ pseudonym: z.string(), erasedAt: z.iso.datetime({ offset: true }), erasedBy: z.string() });

/** A labour-market balance file (text/csv). */
export const BalanceCsvBodySchema = z.string().min(1).describe('The labour-market balance as CSV (columns half_year, rar_area, job_title, disco_08, status).');

/** `?dryRun=true` previews an import: the same answer, nothing written. */
export const BalanceImportQuerySchema = z
  .object({ dryRun: z.enum(['true', 'false']).optional().describe('true: say what the import would change (the versions it would create) and write nothing.') })
  .strict();

const BalanceEntrySchema = z.object({
  halfYear: z.string(),
  rarArea: z.string(),
  jobTitle: z.string(),
  disco08: z.string().nullable(),
  status: z.string(),
});

/** `200` of a balance import: what changed, per half-year. */
export const BalanceImportResultSchema = z
  .object({
    ok: z.literal(true),
    unchanged: z.boolean(),
    source: z.string(),
    sample: z.boolean(),
    versions: z.array(
      z.object({
        halfYear: z.string(),
        version: z.string(),
        created: z.boolean(),
        comparedWith: z.string().nullable(),
        entryCount: z.number().int().nonnegative(),
        diff: z.object({
          added: z.array(BalanceEntrySchema),
          removed: z.array(BalanceEntrySchema),
          changed: z.array(z.object({ key: z.string(), from: BalanceEntrySchema, to: BalanceEntrySchema })),
          unchanged: z.number().int().nonnegative(),
        }),
      }),
    ),
  })
  .describe('The balance was imported; per half-year the version in force and what changed.');

/** `GET /api/v1/staff/reference-data/labour-market-balance`. */
export const BalanceVersionsSchema = z.object({
  versions: z.array(
    z.object({
      version: z.string(),
      halfYear: z.string(),
      source: z.string(),
      sample: z.boolean(),
      entryCount: z.number().int().nonnegative(),
      importedAt: z.iso.datetime({ offset: true }),
      importedBy: z.string(),
    }),
  ),
});
