// The static checks the test line runs before the tests: lint (ESLint with the repository's flat config, the Nx
// module-boundary rule included) and a type-check of every TypeScript project (swc strips types when the tests run,
// so without this a type error would pass). Each check is counted in the run's final `N passed, N failed` line.
//
//   node scripts/lib/checks.mjs                       every check of the repository
//   node scripts/lib/checks.mjs lint <path…>          ESLint on the given paths (ignores switched off)
//   node scripts/lib/checks.mjs typecheck <tsconfig…> tsc --noEmit on the given projects
//   node scripts/lib/checks.mjs projects              the projects type-checked, as JSON
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

/** Folders whose TypeScript projects are type-checked; fixtures are broken on purpose and are not projects. */
const PROJECT_DIRS = ['apps', 'libs', 'workflows', 'test', 'bench', 'infra'];
const NOT_PROJECTS = [/node_modules/, /(^|\/)fixtures(\/|$)/, /(^|\/)dist(\/|$)/];

/** Every tsconfig.json of a project below the project folders (the root one covers the node side at once). */
export function projectTsconfigs() {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full);
      if (NOT_PROJECTS.some((re) => re.test(rel))) continue;
      if (entry.isDirectory()) walk(full);
      else if (/^tsconfig(\.[\w-]+)?\.json$/.test(entry.name)) found.push(rel);
    }
  };
  for (const dir of PROJECT_DIRS) if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
  return found.sort();
}

function capture(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NX_DAEMON: 'false' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (err) => resolve({ ok: false, output: `${cmd} could not start: ${err.message}` }));
    child.on('close', (status) => resolve({ ok: status === 0, output }));
  });
}

/** ESLint over the given paths. `--no-ignore` only for explicit paths (fixtures are ignored by the config). */
export async function lint(paths = ['.'], { explicit = false } = {}) {
  // The module-boundary rule reads Nx's cached project graph: compute it first, or the rule is silently skipped.
  spawnSync(bin('nx'), ['show', 'projects'], { cwd: root, stdio: 'ignore', env: { ...process.env, NX_DAEMON: 'false' } });
  const args = ['--max-warnings=0', ...(explicit ? ['--no-ignore'] : []), ...paths];
  return { name: `lint ${paths.join(' ')}`, ...(await capture(bin('eslint'), args)) };
}

export async function typecheck(tsconfig) {
  return { name: `type-check ${tsconfig}`, ...(await capture(bin('tsc'), ['-p', tsconfig, '--noEmit'])) };
}

/** Runs tasks at most `width` at a time (the machine has few cores; tsc is memory- and CPU-hungry). */
async function pooled(tasks, width) {
  const results = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]();
      }
    }),
  );
  return results;
}

/** Every check of the repository; prints one line per check and the output of those that failed. */
export async function runChecks({ log = console.log, width = 2 } = {}) {
  const started = Date.now();
  log('Static checks: lint and a type-check of every project …');
  const results = await pooled([() => lint(), ...projectTsconfigs().map((t) => () => typecheck(t))], width);
  for (const r of results) {
    log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name}`);
    if (!r.ok) log(r.output.trimEnd().replace(/^/gm, '       '));
  }
  const failed = results.filter((r) => !r.ok).length;
  log(`Static checks: ${results.length - failed} passed, ${failed} failed (${Math.round((Date.now() - started) / 1000)} s)`);
  return { passed: results.length - failed, failed };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [what, ...args] = process.argv.slice(2);
  let results;
  if (what === 'lint') results = [await lint(args, { explicit: true })];
  else if (what === 'typecheck') results = await Promise.all(args.map((t) => typecheck(t)));
  else if (what === 'projects') {
    console.log(JSON.stringify(projectTsconfigs()));
    process.exit(0);
  } else {
    const { failed } = await runChecks();
    process.exit(failed === 0 ? 0 : 1);
  }
  for (const r of results) {
    console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}`);
    if (!r.ok) console.log(r.output.trimEnd());
  }
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}
