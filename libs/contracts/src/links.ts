/**
 * OpenAPI links: where a response leads next (a submission to its recorded outcome, a prepared decision to its
 * approval). Clients can follow them; a stateful fuzzer (docs/fuzzing.md) walks them as sequences of calls.
 */
export interface OperationLink {
  operationId: string;
  /** Runtime expressions (`$request.path.poolId`, `$response.body#/importId`) by parameter name. */
  parameters: Record<string, string>;
  description?: string;
}

const same = (...names: string[]) => Object.fromEntries(names.map((name) => [name, `$request.path.${name}`]));
const link = (operationId: string, parameters: Record<string, string>, description?: string): OperationLink => ({ operationId, parameters, ...(description ? { description } : {}) });

const ledger = same('poolId', 'municipalityCode');
const newPool = { poolId: '$response.body#/poolId' };

/** By operationId, then status: the links of that response. */
export const operationLinks: Readonly<Record<string, Readonly<Record<number, Readonly<Record<string, OperationLink>>>>>> = {
  submitEvents: {
    200: {
      GetSubmission: link('getSubmission', { municipalityCode: '$request.path.municipalityCode', eventId: '$response.body#/results/0/eventId' }, 'The recorded outcome of the first event.'),
      GetFeed: link('getFeed', same('municipalityCode'), 'What was decided, in the feed.'),
    },
  },
  submitImport: { 202: { GetImport: link('getImport', { municipalityCode: '$request.path.municipalityCode', importId: '$response.body#/importId' }, 'Its progress.') } },
  openPool: {
    201: {
      GetPool: link('getPool', newPool),
      GetPoolOverview: link('getPoolOverview', newPool),
      PrepareAmendment: link('prepareAmendment', newPool),
      ListPayoutRuns: link('listPayoutRuns', newPool),
    },
  },
  prepareCommitment: { 200: { ApproveCommitment: link('approveCommitment', ledger, 'A second person approves (four-eyes).'), GetLedgerTrace: link('getLedgerTrace', ledger) } },
  approveCommitment: { 200: { GetLedgerTrace: link('getLedgerTrace', ledger), GetPoolOverview: link('getPoolOverview', same('poolId')) } },
  prepareAmendment: { 200: { ApproveAmendment: link('approveAmendment', same('poolId'), 'A second person approves (four-eyes).') } },
  prepareReduction: { 200: { ApproveReduction: link('approveReduction', ledger, 'A second person approves (four-eyes).') } },
  reviewClaim: { 200: { ApproveClaim: link('approveClaim', same('poolId', 'municipalityCode', 'claimId'), 'An approver approves the review.') } },
  prepareRepaymentReceipt: { 200: { ConfirmRepaymentReceipt: link('confirmRepaymentReceipt', same('poolId', 'municipalityCode', 'budgetYear'), 'A second finance officer confirms.') } },
  preparePayoutRun: { 200: { ReleasePayoutRun: link('releasePayoutRun', same('poolId', 'runDate'), 'A second finance officer releases it.'), GetPayoutRun: link('getPayoutRun', same('poolId', 'runDate')) } },
  releasePayoutRun: { 200: { GetPayoutRun: link('getPayoutRun', same('poolId', 'runDate')) } },
  issueApiKey: { 201: { RevokeApiKey: link('revokeApiKey', { id: '$response.body#/id' }) } },
  createStaffUser: { 201: { UpdateStaffUser: link('updateStaffUser', { username: '$response.body#/username' }) } },
};
