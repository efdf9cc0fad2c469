// Runs jest once over every project and ends the output with one line of our own: 'N passed, N failed'
// (counted from jest's --json results), after jest's own summary. Extra arguments go to jest.
import { spawn } from 'node:child_process';

/** Runs jest with its output passed through, less jest's note of where it wrote --outputFile: the run ends with
 * jest's summary and then our own line. */
function run(cmd, args, options) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { ...options, stdio: ['inherit', 'inherit', 'pipe'] });
    let pending = '';
    child.stderr.on('data', (chunk) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) if (!line.startsWith('Test results written to:')) process.stderr.write(line + '\n');
    });
    child.on('close', (status) => {
      if (pending && !pending.startsWith('Test results written to:')) process.stderr.write(pending);
      resolve({ status });
    });
  });
}
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'puljeflow-jest-')), 'results.json');
const jestBin = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const args = [jestBin, '--json', `--outputFile=${out}`, ...process.argv.slice(2)];
const r = await run(process.execPath, args, { cwd: root, env: { ...process.env, TZ: 'UTC' } });

// Checks run before jest by the test line (lint, type-checks) are counted in the same line.
let passed = Number(process.env.PULJEFLOW_PRIOR_PASSED ?? 0);
let failed = Number(process.env.PULJEFLOW_PRIOR_FAILED ?? 0);
if (fs.existsSync(out)) {
  const results = JSON.parse(fs.readFileSync(out, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests + results.numRuntimeErrorTestSuites;
}
console.log(`${passed} passed, ${failed} failed`);
// A check or browser test that failed before jest fails the run too.
process.exit(failed > 0 ? 1 : (r.status ?? 1));
