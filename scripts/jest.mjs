// Runs jest once over every project and ends the output with one line of our own: 'N passed, N failed'
// (counted from jest's --json results), after jest's own summary. Extra arguments go to jest.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'puljeflow-jest-')), 'results.json');
const jestBin = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const args = [jestBin, '--json', `--outputFile=${out}`, ...process.argv.slice(2)];
const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root, env: { ...process.env, TZ: 'UTC' } });

let passed = 0;
let failed = 0;
if (fs.existsSync(out)) {
  const results = JSON.parse(fs.readFileSync(out, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(r.status ?? 1);
