import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, schemathesisPath } from '@puljeflow/test-support';
import { TestSystem, type StaffAccount } from '../system/system';
import { API_APP_NAME, StateOracle, WORKER_APP_NAME, type OracleCounts } from './state-oracle';

/**
 * One fuzz run (docs/fuzzing.md): the real system (PostgreSQL, the Temporal test server, an api and a worker process)
 * with three municipalities and their keys, a staff account per role, a pool whose interest window is open and one
 * with commitments issued; then Schemathesis over the OpenAPI document the api serves, every request with the
 * credentials its operation needs (test/fuzz/puljeflow_fuzz.py), one at a time so the state oracle can tell what each
 * refused request changed.
 */

export interface FuzzOptions {
  /** Test cases per operation and phase (Schemathesis' --max-examples). */
  maxExamples: number;
  seed: number;
  /** Stateful sequences (scenarios) to walk along the document's links; maxExamples when not given. */
  statefulExamples?: number;
  phases?: readonly ('examples' | 'coverage' | 'fuzzing' | 'stateful')[];
  /** Where the output and reports go (under test-results/). */
  outDir?: string;
  log?: (line: string) => void;
}

export interface FuzzResult {
  exitCode: number | null;
  /** Schemathesis' own summary (the end of its output). */
  summary: string;
  counts: OracleCounts;
  outDir: string;
}

export const FUZZ_CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'refused_request_changed_nothing',
] as const;

const MUNICIPALITIES = ['101', '147', '151'];
const ROLES = ['caseworker', 'approver', 'finance', 'auditor', 'admin'] as const;
const PASSWORD = 'fuzz-password';
const staff: StaffAccount[] = [
  ...ROLES.map((role) => ({ username: `fuzz-${role}`, password: PASSWORD, roles: [role] })),
  // Signs out again and again (each DELETE /staff/session gets a fresh session of its own).
  { username: 'fuzz-signout', password: PASSWORD, roles: ['auditor'] },
  // The account a generated PATCH /staff/users/{username} changes instead of the fuzzer's own.
  { username: 'fuzz-target', password: PASSWORD, roles: ['caseworker'] },
];

/** Thousands of requests from one address, many of them refused: the fuzz is about inputs, not the rate limits. */
const UNLIMITED: Record<string, string> = Object.fromEntries(
  [
    'RATE_LIMIT_BURST',
    'RATE_LIMIT_PER_SECOND',
    'UNAUTHENTICATED_BURST',
    'UNAUTHENTICATED_PER_SECOND',
    'SIGN_IN_FREE_FAILURES',
    'SIGN_IN_PER_ADDRESS_BURST',
    'SIGN_IN_PER_ADDRESS_PER_MINUTE',
    'SIGN_IN_ACCOUNT_FAILURES_BURST',
    'SIGN_IN_ACCOUNT_FAILURES_PER_MINUTE',
    'ARGON2_VERIFY_BURST',
    'ARGON2_VERIFY_PER_SECOND',
  ].map((name) => [name, '1000000']),
);

export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const log = options.log ?? (() => undefined);
  const outDir = options.outDir ?? path.join(repoRoot, 'test-results', 'fuzz');
  fs.mkdirSync(outDir, { recursive: true });
  const sys = await TestSystem.start({
    municipalities: MUNICIPALITIES,
    staff,
    apiEnv: { PGAPPNAME: API_APP_NAME, ...UNLIMITED },
    workerEnv: { PGAPPNAME: WORKER_APP_NAME },
  });
  const oracle = new StateOracle(sys.pool, () => sys.signIn('fuzz-signout', PASSWORD));
  try {
    await oracle.install();
    const tokens: Record<string, string> = {};
    for (const role of ROLES) tokens[role] = await sys.signIn(`fuzz-${role}`, PASSWORD);
    log('system up; seeding pools');
    await sys.committedPool('fuzz-committed', { '101': 40_000_00, '147': 30_000_00 }, { admin: tokens['admin']!, caseworker: tokens['caseworker']!, approver: tokens['approver']! });
    const open = await sys.presentDayPool('fuzz-open', 5_000_000_00);
    const opened = await sys.http('POST', '/api/v1/staff/pools', { bearer: tokens['admin'], body: open });
    if (opened.status !== 201) throw new Error(`open fuzz-open: ${opened.status} ${JSON.stringify(opened.body)}`);

    const oracleUrl = await oracle.listen();
    const config = path.join(outDir, 'config.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        oracle: oracleUrl,
        keys: Object.fromEntries(MUNICIPALITIES.map((code) => [code, sys.keyOf(code)])),
        tokens,
        pools: ['fuzz-committed', 'fuzz-open'],
        protectedUsers: staff.filter((s) => s.username !== 'fuzz-target').map((s) => s.username),
      }),
    );
    // No sign-up of its own (the accounts are ours, the credentials set per request by the hooks); stateful
    // sequences as many as the budget.
    const toml = path.join(outDir, 'schemathesis.toml');
    fs.writeFileSync(toml, `[auth]\nauto-signup = false\n\n[phases.stateful]\nmax-steps = 20\n\n[phases.stateful.generation]\nmax-examples = ${options.statefulExamples ?? options.maxExamples}\n`);
    const args = [
      `--config-file=${toml}`,
      'run',
      `${sys.baseUrl()}/api/v1/openapi.json`,
      `--checks=${FUZZ_CHECKS.join(',')}`,
      `--max-examples=${options.maxExamples}`,
      `--seed=${options.seed}`,
      `--phases=${(options.phases ?? ['examples', 'coverage', 'fuzzing', 'stateful']).join(',')}`,
      '--workers=1',
      '--mode=all',
      '--continue-on-failure',
      '--suppress-health-check=all',
      '--request-timeout=60',
      '--report=junit',
      `--report-dir=${outDir}`,
    ];
    log(`st ${args.join(' ')}`);
    const run = await runSchemathesis(args, { PULJEFLOW_FUZZ_CONFIG: config, SCHEMATHESIS_HOOKS: 'puljeflow_fuzz', PYTHONPATH: __dirname }, path.join(outDir, 'schemathesis.txt'));
    const statuses = sys.loggedStatuses();
    const serverErrors = statuses.filter((s) => s >= 500).length;
    if (serverErrors > 0) oracle.counts.violations.push(`${serverErrors} response(s) of 5xx in the api's log`);
    return { exitCode: run.exitCode, summary: run.output.split('\n').slice(-60).join('\n'), counts: oracle.counts, outDir };
  } finally {
    await oracle.close();
    await sys.stop();
  }
}

function runSchemathesis(args: string[], env: Record<string, string>, outputFile: string): Promise<{ exitCode: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(schemathesisPath(), args, { cwd: repoRoot, env: { ...process.env, ...env, NO_COLOR: '1', COLUMNS: '160' }, stdio: ['ignore', 'pipe', 'pipe'] });
    // Written as it comes, so a long run can be followed (`tail -f test-results/fuzz/schemathesis.txt`).
    fs.writeFileSync(outputFile, '');
    let output = '';
    const take = (d: Buffer) => {
      output += d.toString();
      fs.appendFileSync(outputFile, d);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, output }));
  });
}
