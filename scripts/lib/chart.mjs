// The Helm chart's checks (infra/helm/puljeflow): `helm lint` and `helm template` for each set of values in its ci/
// folder, and every rendered manifest validated offline against the Kubernetes schemas with kubectl-validate (which
// carries them). Both tools are Go programs, built from the Go module proxy at the pinned versions below into the
// git-ignored tools/go-bin, once: a second run finds them there.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const chartDir = path.join(root, 'infra', 'helm', 'puljeflow');
const goBin = path.join(root, 'tools', 'go-bin');

/** Pinned versions of the chart tools (Go module proxy). Change here, and nowhere else. */
export const GO_TOOL_PINS = {
  helm: 'helm.sh/helm/v4/cmd/helm@v4.3.2',
  'kubectl-validate': 'sigs.k8s.io/kubectl-validate@v0.0.4',
};
/** The Kubernetes version the manifests are validated for (kubectl-validate's built-in schemas). */
export const KUBERNETES_VERSION = '1.30';

export const toolPath = (name) => path.join(goBin, name);

/** Builds the tools that are missing or built from another pin. Returns an error message, or null. */
export function ensureChartTools(log = console.log) {
  const stamp = path.join(goBin, '.pins.json');
  const want = JSON.stringify(GO_TOOL_PINS);
  const have = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8') : '';
  if (have === want && Object.keys(GO_TOOL_PINS).every((t) => fs.existsSync(toolPath(t)))) return null;
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0) return 'Go is needed to build helm and kubectl-validate for the chart checks (install Go ≥ 1.26).';
  fs.mkdirSync(goBin, { recursive: true });
  for (const [name, module] of Object.entries(GO_TOOL_PINS)) {
    log(`Building ${name} (${module}) from the Go module proxy into tools/go-bin — once, a few minutes …`);
    const r = spawnSync('go', ['install', module], { cwd: os.tmpdir(), stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, GOBIN: goBin, GOFLAGS: '-mod=mod' } });
    if (r.status !== 0) return `go install ${module} failed (exit ${r.status}).`;
  }
  fs.writeFileSync(stamp, want);
  return null;
}

/** The value sets the chart is checked with: ci/<name>-values.yaml. */
export function valueSets() {
  return fs
    .readdirSync(path.join(chartDir, 'ci'))
    .filter((f) => f.endsWith('-values.yaml'))
    .map((f) => ({ name: f.replace(/-values\.yaml$/, ''), file: path.join(chartDir, 'ci', f) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function capture(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err) => resolve({ ok: false, stdout, output: `${cmd} could not start: ${err.message}` }));
    child.on('close', (status) => resolve({ ok: status === 0, stdout, output: stdout + stderr }));
  });
}

/** `helm template` of the chart with one value set: the manifests as one YAML stream. */
export function render(valuesFile, chart = chartDir) {
  return capture(toolPath('helm'), ['template', 'puljeflow', chart, '--namespace', 'puljeflow', '-f', valuesFile]);
}

/** Lint, render and validate with every value set; one result per value set. */
export async function chartChecks({ chart = chartDir, log = console.log } = {}) {
  const missing = ensureChartTools(log);
  if (missing) return [{ name: 'chart tools', ok: false, output: missing }];
  const results = [];
  for (const set of valueSets()) {
    const name = `chart ${path.relative(root, chart)} with ${set.name} values: lint, template, validate`;
    const lint = await capture(toolPath('helm'), ['lint', chart, '--strict', '-f', set.file]);
    if (!lint.ok) {
      results.push({ name, ok: false, output: lint.output });
      continue;
    }
    const rendered = await render(set.file, chart);
    if (!rendered.ok) {
      results.push({ name, ok: false, output: rendered.output });
      continue;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `puljeflow-chart-${set.name}-`));
    fs.writeFileSync(path.join(dir, 'manifests.yaml'), rendered.stdout);
    const valid = await capture(toolPath('kubectl-validate'), [dir, '--version', KUBERNETES_VERSION]);
    fs.rmSync(dir, { recursive: true, force: true });
    results.push({ name, ok: valid.ok, output: valid.output });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const chart = process.argv[2] ? path.resolve(process.argv[2]) : chartDir;
  const results = await chartChecks({ chart });
  for (const r of results) {
    console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}`);
    if (!r.ok) console.log(r.output.trimEnd());
  }
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}
