import { z } from 'zod';
import { MunicipalityCodeSchema, OreSchema, PositiveOreSchema } from './municipal-events';
import { PoolPathSchema } from './responses';
import { STAFF_ROLES } from './staff';

/** The staff money routes: bodies and answers, the same schemas the controllers validate with. */

const DateSchema = z.iso.date();
const InstantSchema = z.iso.datetime({ offset: true });

// ---- paths ---------------------------------------------------------------------------------------------------------

export const LedgerPathSchema = PoolPathSchema.extend({ municipalityCode: MunicipalityCodeSchema });
export const ClaimPathSchema = LedgerPathSchema.extend({ claimId: z.string().min(1).describe("The municipality's claim id.") });
export const PayoutRunPathSchema = PoolPathSchema.extend({ runDate: DateSchema.describe('One of the pool\'s payout run dates, YYYY-MM-DD.') });
export const RepaymentPathSchema = LedgerPathSchema.extend({ budgetYear: z.string().regex(/^\d{4}$/, 'a year, YYYY').describe('The budget year whose repayment demand the money pays back.') });
export const ApiKeyPathSchema = z.object({ id: z.uuid().describe('The key id (not the key).') });

// ---- requests ------------------------------------------------------------------------------------------------------

export const ReviewClaimRequestSchema = z
  .object({
    cuts: z
      .array(
        z
          .object({
            courseId: z.string(),
            expenseId: z.string(),
            approvedOre: OreSchema.describe('What of the expense is approved; below its amount is a cut.'),
            reason: z.string().max(1000).optional(),
          })
          .strict(),
      )
      .default([])
      .describe('Empty approves the claim in full.'),
  })
  .strict()
  .meta({ examples: [{ cuts: [{ courseId: 'KBH-2020-0042', expenseId: 'E-1', approvedOre: 200_000, reason: 'Only the course fee is eligible.' }] }] });

export const MarketingSpendingRequestSchema = z
  .object({ spendingId: z.string().min(1).max(100), amountOre: PositiveOreSchema, spentOn: DateSchema, description: z.string().min(1).max(1000) })
  .strict()
  .meta({ examples: [{ spendingId: 'M-2020-01', amountOre: 1_500_000, spentOn: '2020-02-01', description: 'Annoncer i fagblade' }] });

export const IssueApiKeyRequestSchema = z
  .object({ municipalityCode: MunicipalityCodeSchema, name: z.string().min(1).max(200) })
  .strict()
  .meta({ examples: [{ municipalityCode: '101', name: 'Jobcenter København, fagsystem' }] });

/** A reduction of an issued commitment: never raised, never below the refunds already approved. */
export const PrepareReductionRequestSchema = z
  .object({ newAmountOre: OreSchema.describe('The commitment after the reduction; 0 gives it all back.'), reason: z.string().min(1).max(1000) })
  .strict()
  .meta({ examples: [{ newAmountOre: 600_000, reason: 'Færre forløb end ventet' }] });

/** Money received against a budget year's repayment demand: part of what it still asks for, never more. */
export const PrepareRepaymentRequestSchema = z
  .object({
    amountOre: PositiveOreSchema.describe('What was received; at most what the demand still asks for.'),
    receivedOn: DateSchema.describe('The day the money reached the agency, on or before today.'),
    reference: z.string().min(1).max(200).describe("The transfer's reference."),
  })
  .strict()
  .meta({ examples: [{ amountOre: 40_003, receivedOn: '2021-06-15', reference: 'Indbetaling 2021-06-15 Kbh' }] });

// ---- answers -------------------------------------------------------------------------------------------------------

const recorded = <S extends string>(statuses: readonly [S, ...S[]], description: string, example: { status: S; position: string }) =>
  z.object({ status: z.enum(statuses), position: z.string() }).describe(description).meta({ examples: [example] });

export const ClaimDecisionSchema = recorded(['reviewed', 'approved'], 'The claim decision was recorded.', { status: 'reviewed', position: '1234' });
export const RunReleasedSchema = recorded(['released'], 'The run was released; its workflow pays it on its date.', { status: 'released', position: '1240' });
export const SpendingRecordedSchema = recorded(['recorded'], 'The spending was recorded on the marketing line.', { status: 'recorded', position: '1250' });
export const ReductionRecordedSchema = recorded(['prepared', 'reduced'], 'The reduction was recorded.', { status: 'reduced', position: '1260' });

export const RepaymentRecordedSchema = recorded(['prepared', 'received'], 'The repayment received was recorded.', { status: 'received', position: '1270' });

/** `GET …/marketing`: the marketing line as it was at `asOf`. */
export const MarketingLineSchema = z
  .object({
    poolId: z.string(),
    asOf: InstantSchema,
    limitOre: OreSchema.describe('The marketing line of the pool.'),
    spentOre: OreSchema,
    remainingOre: OreSchema,
    spendings: z.array(
      z.object({ spendingId: z.string(), amountOre: OreSchema, spentOn: DateSchema, description: z.string(), recordedBy: z.string(), recordedAt: InstantSchema }),
    ),
  })
  .describe('The marketing line: its limit, what was spent and what remains, each spending with by whom and when.')
  .meta({
    examples: [
      {
        poolId: 'mangelpulje-2019',
        asOf: '2020-03-01T12:00:00.000Z',
        limitOre: 50_000_000,
        spentOre: 1_500_000,
        remainingOre: 48_500_000,
        spendings: [{ spendingId: 'M-2020-01', amountOre: 1_500_000, spentOn: '2020-02-01', description: 'Annoncer i fagblade', recordedBy: 'frida', recordedAt: '2020-02-03T09:00:00.000Z' }],
      },
    ],
  });

const PayoutLineSchema = z.object({
  municipalityCode: MunicipalityCodeSchema,
  amountOre: OreSchema,
  reference: z.string().describe('The payment reference, unique per pool, municipality and run.'),
  claimIds: z.array(z.string()),
  paidAt: InstantSchema.nullable(),
  state: z.enum(['unpaid', 'paid', 'failed']).describe('unpaid: not paid yet; paid; failed: the run completed without paying it (a later run pays what is still owed).'),
  lastError: z.string().nullable().describe('Why a failed line was not paid; null otherwise.'),
});

const payoutRunExample = {
  status: 'prepared',
  preparedBy: 'frida',
  releasedBy: null,
  totalOre: 200_000,
  lines: [{ municipalityCode: '101', amountOre: 200_000, reference: 'PF-mangelpulje-2019-101-20200131', claimIds: ['C-1'], paidAt: null, state: 'unpaid', lastError: null }],
};

const LineCountsSchema = z.object({ paid: z.number().int().nonnegative(), unpaid: z.number().int().nonnegative(), failed: z.number().int().nonnegative() });

/** `GET …/payout-runs`: every run date of the pool's calendar with its state, as it was at `asOf`. */
export const PayoutRunListSchema = z
  .object({
    poolId: z.string(),
    asOf: InstantSchema,
    runs: z.array(
      z.object({
        runDate: DateSchema,
        state: z.enum(['scheduled', 'prepared', 'released', 'paid']).describe('scheduled: not prepared yet; paid: every line paid or given up.'),
        preparedBy: z.string().nullable(),
        releasedBy: z.string().nullable(),
        totalOre: OreSchema,
        paidOre: OreSchema,
        lines: LineCountsSchema,
        failures: z.array(z.object({ municipalityCode: MunicipalityCodeSchema, reference: z.string(), amountOre: OreSchema, lastError: z.string() })),
      }),
    ),
    totals: z.object({ totalOre: OreSchema, paidOre: OreSchema, lines: LineCountsSchema }),
  })
  .describe("A pool's payout runs, each with its state and its lines paid, unpaid and failed.")
  .meta({
    examples: [
      {
        poolId: 'mangelpulje-2019',
        asOf: '2020-02-03T12:00:00.000Z',
        runs: [
          { runDate: '2020-01-31', state: 'paid', preparedBy: 'frida', releasedBy: 'fiona', totalOre: 200_000, paidOre: 200_000, lines: { paid: 1, unpaid: 0, failed: 0 }, failures: [] },
          { runDate: '2020-02-28', state: 'scheduled', preparedBy: null, releasedBy: null, totalOre: 0, paidOre: 0, lines: { paid: 0, unpaid: 0, failed: 0 }, failures: [] },
        ],
        totals: { totalOre: 200_000, paidOre: 200_000, lines: { paid: 1, unpaid: 0, failed: 0 } },
      },
    ],
  });

/** `GET …/payout-runs/{runDate}/pain001`: the run's payment file as the bank receives it. */
export const Pain001FileSchema = z.string().describe('A pain.001.001.09 customer credit transfer initiation: one payment per municipality of the run.');

const PayoutRunFields = {
  status: z.enum(['none', 'prepared', 'released', 'completed']),
  preparedBy: z.string().optional(),
  releasedBy: z.string().nullable().optional(),
  totalOre: OreSchema,
  lines: z.array(PayoutLineSchema),
};

/** `GET …/payout-runs/{runDate}`: the run, who prepared and released it, and its lines. */
export const PayoutRunSchema = z
  .object({ poolId: z.string(), runDate: DateSchema, ...PayoutRunFields })
  .describe('A payout run.')
  .meta({ examples: [{ poolId: 'mangelpulje-2019', runDate: '2020-01-31', ...payoutRunExample }] });

/** `POST …/payout-runs/{runDate}/prepare`: the prepared run and the position of its decision. */
export const PayoutRunPreparedSchema = z
  .object({ poolId: z.string(), runDate: DateSchema, ...PayoutRunFields, position: z.string() })
  .describe('The run was prepared; a second finance officer releases it.')
  .meta({ examples: [{ poolId: 'mangelpulje-2019', runDate: '2020-01-31', ...payoutRunExample, position: '1238' }] });

const EmployerDeclarationSchema = z.looseObject({
  cvr: z.string(),
  employerName: z.string(),
  jobTitle: z.string(),
  rarArea: z.string(),
  signedOn: DateSchema,
  expectedEmploymentStart: DateSchema,
  withoutWageSubsidy: z.boolean(),
});

const ReceiptFields = { amountOre: OreSchema, receivedOn: DateSchema, reference: z.string(), preparedBy: z.string() };

/** A budget year's repayment demand (tilbagebetaling): what was received against it and a receipt awaiting confirmation. */
const RepaymentDemandSchema = z.object({
  budgetYear: z.number().int(),
  claimId: z.string().describe('The final claim whose settlement raised the demand.'),
  amountOre: OreSchema,
  demandedAt: InstantSchema,
  status: z.enum(['outstanding', 'settled']),
  receivedOre: OreSchema,
  outstandingOre: OreSchema,
  receipts: z.array(z.object({ ...ReceiptFields, confirmedBy: z.string(), confirmedAt: InstantSchema })),
  pendingReceipt: z.object({ ...ReceiptFields, preparedAt: InstantSchema }).nullable().describe('Prepared by one finance officer, waiting for a second one to confirm it.'),
});

/** `GET …/ledgers/{municipalityCode}`: one municipality's money in a pool, traced end to end. */
export const LedgerTraceSchema = z
  .object({
    poolId: z.string(),
    municipalityCode: MunicipalityCodeSchema,
    status: z.string(),
    committedOre: OreSchema,
    figures: z.record(z.string(), z.number().int()).describe('expensesOre, claimedRefundOre, approvedRefundOre, paidOre, repaymentDemandedOre, repaidOre, lapsedOre, …'),
    payments: z.array(
      z.object({ reference: z.string(), runDate: DateSchema, amountOre: OreSchema, paidAt: InstantSchema, claims: z.array(z.object({ claimId: z.string(), amountOre: OreSchema })) }),
    ),
    claims: z.array(
      z.object({
        claimId: z.string(),
        budgetYear: z.number().int(),
        kind: z.enum(['interim', 'final']),
        status: z.string(),
        upTo: DateSchema,
        claimedRefundOre: OreSchema,
        approvedRefundOre: OreSchema.nullable(),
        paidOre: OreSchema,
        expenses: z.array(
          z.object({
            courseId: z.string(),
            expenseId: z.string(),
            amountOre: OreSchema,
            approvedOre: OreSchema.nullable(),
            cutReason: z.string().nullable(),
            category: z.string().nullable(),
            incurredOn: DateSchema.nullable(),
            invoiceRef: z.string().nullable(),
            course: z
              .object({ courseId: z.string(), status: z.string(), title: z.string(), startDate: DateSchema, employerDeclaration: EmployerDeclarationSchema })
              .nullable(),
          }),
        ),
      }),
    ),
    settlements: z.array(z.looseObject({ budgetYear: z.number().int(), settledAt: InstantSchema })),
    repaymentDemands: z.array(RepaymentDemandSchema),
    lapse: z.looseObject({}).nullable(),
  })
  .describe('Payments → claims → expenses → courses → employer declarations.')
  .meta({
    examples: [
      {
        poolId: 'mangelpulje-2019',
        municipalityCode: '101',
        status: 'open',
        committedOre: 1_000_000,
        figures: { expensesOre: 250_001, claimedRefundOre: 200_000, approvedRefundOre: 200_000, paidOre: 0, repaymentDemandedOre: 0, repaidOre: 0 },
        payments: [],
        claims: [],
        settlements: [],
        repaymentDemands: [],
        lapse: null,
      },
    ],
  });

const ApiKeyFields = { id: z.uuid(), municipalityCode: MunicipalityCodeSchema, name: z.string(), keyPrefix: z.string(), createdAt: InstantSchema };

/** `POST /api/v1/staff/api-keys`: the key, shown only now. */
export const ApiKeyIssuedSchema = z
  .object({ ...ApiKeyFields, key: z.string().describe('The key; only its hash is stored.'), notice: z.string() })
  .describe('The key was issued.');

/** `GET /api/v1/staff/api-keys`. */
export const ApiKeyListSchema = z.object({ keys: z.array(z.object({ ...ApiKeyFields, revokedAt: InstantSchema.nullable() })) }).describe('Every key, revoked ones too.');

/** `DELETE /api/v1/staff/api-keys/{id}`. */
export const ApiKeyRevokedSchema = z.object({ id: z.uuid(), municipalityCode: MunicipalityCodeSchema, revokedAt: InstantSchema }).describe('The key is revoked; it fails at once everywhere.');

// ---- staff accounts ------------------------------------------------------------------------------------------------

const UsernameSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'lower-case letters, digits, ".", "_" or "-", 2–63 long');
const RolesSchema = z.array(z.enum(STAFF_ROLES)).min(1).refine((roles) => new Set(roles).size === roles.length, 'each role once');

export const StaffUserPathSchema = z.object({ username: UsernameSchema });

export const CreateStaffUserRequestSchema = z
  .object({ username: UsernameSchema, displayName: z.string().min(1).max(200), password: z.string().min(12).max(1000), roles: RolesSchema })
  .strict()
  .meta({ examples: [{ username: 'karen', displayName: 'Karen Sagsbehandler', password: 'a long passphrase', roles: ['caseworker'] }] });

export const UpdateStaffUserRequestSchema = z
  .object({ displayName: z.string().min(1).max(200).optional(), roles: RolesSchema.optional(), active: z.boolean().optional().describe('false disables the account and ends its sessions.') })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'change at least one of displayName, roles, active')
  .meta({ examples: [{ roles: ['caseworker', 'approver'] }, { active: false }] });

export const StaffAccountSchema = z
  .object({ username: z.string(), displayName: z.string(), roles: z.array(z.enum(STAFF_ROLES)), active: z.boolean() })
  .describe('A staff account (never its password).')
  .meta({ examples: [{ username: 'karen', displayName: 'Karen Sagsbehandler', roles: ['caseworker'], active: true }] });

export const StaffAccountListSchema = z.object({ users: z.array(StaffAccountSchema) }).describe('Every staff account, by username.');
