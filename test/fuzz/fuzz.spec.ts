import { runFuzz, type FuzzResult } from './fuzz-run';

/**
 * Schemathesis over the served OpenAPI document against the real system (docs/fuzzing.md). The test line runs the
 * CI profile: a fixed seed and a small budget. `npm run fuzz` runs the full profile: at least 5,000 requests.
 * FUZZ_SEED, FUZZ_MAX_EXAMPLES and FUZZ_PHASES (comma-separated) override either.
 */
type Phase = 'examples' | 'coverage' | 'fuzzing' | 'stateful';
const PROFILES: Record<'ci' | 'full', { maxExamples: number; statefulExamples: number; phases: Phase[]; seed: number; minRequests: number; timeoutMs: number }> = {
  // Without the coverage phase (its boundary values alone are some 2,600 requests): the full run has it.
  ci: { maxExamples: 8, statefulExamples: 20, phases: ['examples', 'fuzzing', 'stateful'], seed: 20_260_101, minRequests: 500, timeoutMs: 480_000 },
  full: { maxExamples: 50, statefulExamples: 100, phases: ['examples', 'coverage', 'fuzzing', 'stateful'], seed: Date.now() % 1_000_000, minRequests: 5_000, timeoutMs: 3_600_000 },
};
const profile = PROFILES[process.env['FUZZ_PROFILE'] === 'full' ? 'full' : 'ci'];
const maxExamples = Number(process.env['FUZZ_MAX_EXAMPLES'] ?? profile.maxExamples);
const seed = Number(process.env['FUZZ_SEED'] ?? profile.seed);
const phases = (process.env['FUZZ_PHASES']?.split(',') as Phase[] | undefined) ?? profile.phases;

jest.setTimeout(profile.timeoutMs + 120_000);

describe(`fuzzing the API with Schemathesis (seed ${seed}, ${maxExamples} examples per operation and phase)`, () => {
  let result: FuzzResult;

  beforeAll(async () => {
    result = await runFuzz({ maxExamples, statefulExamples: profile.statefulExamples, phases, seed, log: (line) => process.stdout.write(`${line}\n`) });
    process.stdout.write(`${JSON.stringify({ seed, maxExamples, requests: result.counts.requests, byStatus: result.counts.byStatus, refused: result.counts.refused, refusedBesideWorker: result.counts.refusedBesideWorker, output: result.outDir })}\n`);
  });

  it(`sends at least ${profile.minRequests} generated requests`, () => {
    expect(result.counts.requests).toBeGreaterThanOrEqual(profile.minRequests);
  });

  it('finds no 5xx, no response outside the document and no refused request that changed something', () => {
    expect({ exitCode: result.exitCode, violations: result.counts.violations, summary: result.exitCode === 0 ? '' : result.summary }).toEqual({ exitCode: 0, violations: [], summary: '' });
  });

  it('refuses a good share of what it sends, and checks each refusal against the state before it', () => {
    expect(result.counts.refused).toBeGreaterThan(result.counts.requests / 4);
  });
});
