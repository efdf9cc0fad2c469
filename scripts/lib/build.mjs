// `npm run build`: what production runs, in the git-ignored dist/ (infra/README.md):
//   dist/apps, dist/libs, dist/workflows  JavaScript (CommonJS) compiled file by file with swc, the source tree's
//                                         layout kept; `@puljeflow/*` imports rewritten to relative paths (the
//                                         tsconfig paths), so plain `node` resolves them without any register hook
//   dist/apps/worker/workflow-bundle.js   the Temporal workflow bundle (bundleWorkflowCode), loaded by the worker
//   dist/web                              the web UI's static files (vite build)
//   dist/build.json                       the manifest: each part's entry point, for the start line and the tests
// Run with production dependencies only (`npm ci --omit=dev`), e.g. `node dist/apps/api/src/main.js`.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './setup.mjs';

export const DIST = path.join(root, 'dist');
export const MANIFEST = path.join(DIST, 'build.json');

/** Source folders of the Node processes (api, worker, CLI and what they import); tests and test support stay out. */
const SOURCES = ['apps/api/src', 'apps/worker/src', 'workflows/src', ...fs.readdirSync(path.join(root, 'libs')).map((lib) => `libs/${lib}/src`)];
const NOT_SHIPPED = [/\.spec\.ts$/, /\.d\.ts$/, /(^|\/)(test|testing)\//];
/** Data files a library reads beside its code at run time (the path kept, relative to the compiled code). */
const DATA_FOLDERS = ['libs/reference-data/data'];

/** Entry points in dist/, relative to it. */
export const ENTRIES = {
  api: 'apps/api/src/main.js',
  worker: 'apps/worker/src/main.js',
  cli: 'apps/api/src/cli.js',
  workflowBundle: 'apps/worker/workflow-bundle.js',
  web: 'web',
};

/** The manifest of the build in dist/, or undefined when there is none. */
export function readManifest() {
  try {
    return JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
  } catch {
    return undefined;
  }
}

function sourceFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (!NOT_SHIPPED.some((re) => re.test(rel))) files.push(rel);
    }
  };
  for (const dir of SOURCES) if (fs.existsSync(path.join(root, dir))) walk(dir);
  return files;
}

/** The same transform @swc-node/register applies on a developer's start (legacy decorators with metadata for Nest). */
function swcOptions(rel) {
  const { paths } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;
  return {
    swcrc: false,
    configFile: false,
    filename: path.join(root, rel),
    outputPath: path.join(DIST, rel.replace(/\.ts$/, '.js')),
    sourceMaps: true,
    jsc: {
      baseUrl: root,
      paths,
      target: 'es2022',
      keepClassNames: true,
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    },
    module: { type: 'commonjs', resolveFully: true },
  };
}

async function compile(files, log) {
  const swc = await import('@swc/core');
  const started = Date.now();
  let count = 0;
  await Promise.all(
    files.map(async (rel) => {
      const out = path.join(DIST, rel.replace(/\.ts$/, '.js'));
      fs.mkdirSync(path.dirname(out), { recursive: true });
      if (!rel.endsWith('.ts')) return fs.copyFileSync(path.join(root, rel), path.join(DIST, rel));
      const { code, map } = await swc.transformFile(path.join(root, rel), swcOptions(rel));
      fs.writeFileSync(out, `${code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
      if (map) fs.writeFileSync(`${out}.map`, map);
      count += 1;
    }),
  );
  for (const dir of DATA_FOLDERS) fs.cpSync(path.join(root, dir), path.join(DIST, dir), { recursive: true });
  log(`build: ${count} TypeScript files compiled with swc into dist/ (${Date.now() - started} ms)`);
}

function run(what, args, log) {
  const started = Date.now();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
  if (r.error) throw new Error(`${what} could not start: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${what} failed (exit code ${r.status}); its output is above`);
  log(`build: ${what} done (${Date.now() - started} ms)`);
}

export async function build(log = console.log) {
  fs.rmSync(DIST, { recursive: true, force: true });
  await compile(sourceFiles(), log);
  run('the workflow bundle', ['-r', '@swc-node/register', 'apps/worker/src/bundle-workflows.ts', path.join(DIST, ENTRIES.workflowBundle)], log);
  run('the web UI (vite build)', ['node_modules/vite/bin/vite.js', 'build', '--config', 'apps/web/vite.config.mts', '--outDir', path.join(DIST, ENTRIES.web), '--emptyOutDir', '--logLevel', 'warn'], log);
  const lockHash = crypto.createHash('sha256').update(fs.readFileSync(path.join(root, 'package-lock.json'))).digest('hex');
  fs.writeFileSync(MANIFEST, `${JSON.stringify({ builtAt: new Date().toISOString(), lockHash, entries: ENTRIES }, null, 2)}\n`);
  log(`build: done; run from it with production dependencies only (npm ci --omit=dev), e.g. node dist/${ENTRIES.api}`);
}

/**
 * The node arguments of each part the start line runs: from the build in dist/ (plain node, nothing compiled), or
 * the developer's way (TypeScript through @swc-node/register, the web UI on Vite's dev server).
 */
export function partCommands(fromBuild) {
  if (fromBuild) {
    const manifest = readManifest();
    if (!manifest) throw new Error(`--from-build: there is no build in ${DIST} (hint: npm run build)`);
    const at = (entry) => path.join(DIST, manifest.entries[entry]);
    return {
      describe: `starting from the build in dist/ (built ${manifest.builtAt}; plain node, the prebuilt workflow bundle)`,
      cli: [at('cli')],
      api: [at('api')],
      worker: [at('worker')],
      web: ['node_modules/vite/bin/vite.js', 'preview', '--config', 'apps/web/vite.config.mts', '--outDir', at('web')],
    };
  }
  const ts = (entry) => ['-r', '@swc-node/register', entry];
  return {
    describe: 'developer mode: TypeScript through swc, workflows bundled on the worker\'s start, the web UI on Vite\'s dev server (npm run build, then npm start -- --from-build, starts from dist/)',
    cli: ts('apps/api/src/cli.ts'),
    api: ts('apps/api/src/main.ts'),
    worker: ts('apps/worker/src/main.ts'),
    web: ['node_modules/vite/bin/vite.js', '--config', 'apps/web/vite.config.mts'],
  };
}
