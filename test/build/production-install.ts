// The build's output installed alone, as the image holds it: `npm run build`'s dist/ with package.json and
// package-lock.json in an empty folder, and production dependencies only (`npm ci --omit=dev --ignore-scripts`).
// The install is kept by the lockfile's hash in the system's temporary folder, outside the repository: inside it,
// Node's lookup would climb from the installed packages to the repository's node_modules and find dev dependencies.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@puljeflow/test-support';

const run = promisify(execFile);
const PACKAGE_FILES = ['package.json', 'package-lock.json'];

export interface InstalledBuild {
  /** Holds dist/, package.json, package-lock.json and node_modules (production dependencies only). */
  folder: string;
  buildMs: number;
  /** How long `npm ci --omit=dev` took, or 0 when the install of this lockfile was kept from an earlier run. */
  installMs: number;
  remove(): void;
}

/** Runs the build as `npm run build` does (without the start line's setup), returning how long it took. */
async function build(): Promise<number> {
  const started = Date.now();
  await run(process.execPath, ['--input-type=module', '-e', "import('./scripts/lib/build.mjs').then((m) => m.build(() => undefined))"], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
  return Date.now() - started;
}

/** node_modules of `npm ci --omit=dev --ignore-scripts` for this lockfile, made once (in a folder of only the two package files). */
async function productionModules(): Promise<{ modules: string; installMs: number }> {
  const hash = createHash('sha256').update(fs.readFileSync(path.join(repoRoot, 'package-lock.json'))).digest('hex');
  const cache = path.join(process.env.PULJEFLOW_PRODUCTION_DEPS_CACHE ?? path.join(os.tmpdir(), 'puljeflow-production-deps'), hash.slice(0, 16));
  const modules = path.join(cache, 'node_modules');
  if (fs.existsSync(path.join(cache, '.complete'))) return { modules, installMs: 0 };
  fs.mkdirSync(path.dirname(cache), { recursive: true });
  const staging = fs.mkdtempSync(`${cache}.installing-`);
  try {
    for (const file of PACKAGE_FILES) fs.copyFileSync(path.join(repoRoot, file), path.join(staging, file));
    const started = Date.now();
    // Native parts (@node-rs/argon2, @temporalio/core-bridge) come prebuilt, so no install script needs to run.
    await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: staging, maxBuffer: 16 * 1024 * 1024 });
    const installMs = Date.now() - started;
    fs.writeFileSync(path.join(staging, '.complete'), `${new Date().toISOString()}\n`);
    fs.rmSync(cache, { recursive: true, force: true });
    fs.renameSync(staging, cache);
    return { modules, installMs };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

export async function installBuild(): Promise<InstalledBuild> {
  const buildMs = await build();
  const { modules, installMs } = await productionModules();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'puljeflow-production-'));
  fs.cpSync(path.join(repoRoot, 'dist'), path.join(folder, 'dist'), { recursive: true });
  for (const file of PACKAGE_FILES) fs.copyFileSync(path.join(repoRoot, file), path.join(folder, file));
  fs.symlinkSync(modules, path.join(folder, 'node_modules'), 'dir');
  return { folder, buildMs, installMs, remove: () => fs.rmSync(folder, { recursive: true, force: true }) };
}
