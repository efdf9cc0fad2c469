// The Helm chart (infra/helm/puljeflow): its checks (scripts/lib/chart.mjs: helm lint, helm template and
// kubectl-validate against the Kubernetes schemas, for each value set in its ci/ folder) pass, and fail on a chart that
// renders an invalid manifest; what it renders is a working system for each value set. The tools are built once from
// the Go module proxy into tools/go-bin (beforeAll), so the first run on a machine takes minutes longer.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const root = path.resolve(__dirname, '..');
const chart = path.join(root, 'infra/helm/puljeflow');
const helm = path.join(root, 'tools/go-bin/helm');
const node = (...args: string[]) => spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });

interface Manifest {
  kind: string;
  metadata: { name: string };
  spec?: any;
}

function render(valueSet: string, ...extra: string[]): { status: number | null; manifests: Manifest[]; output: string } {
  const r = spawnSync(helm, ['template', 'puljeflow', chart, '--namespace', 'puljeflow', '-f', path.join(chart, 'ci', `${valueSet}-values.yaml`), ...extra], { encoding: 'utf8' });
  const manifests = r.status === 0 ? parseAllDocuments(r.stdout).map((d) => d.toJSON() as Manifest).filter(Boolean) : [];
  return { status: r.status, manifests, output: r.stdout + r.stderr };
}
const find = (ms: Manifest[], kind: string, name: string) => ms.find((m) => m.kind === kind && m.metadata.name === name);
const container = (ms: Manifest[], part: string) => find(ms, 'Deployment', `puljeflow-${part}`)?.spec.template.spec.containers[0];
const envNames = (c: any): string[] => c.env.map((e: { name: string }) => e.name);

beforeAll(() => {
  const r = node('-e', "import('./scripts/lib/chart.mjs').then((m) => { const e = m.ensureChartTools(); if (e) console.error(e); process.exit(e ? 1 : 0); })");
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 30 * 60_000);

describe('the Helm chart', () => {
  it('passes helm lint, helm template and the Kubernetes schemas with each of its value sets', () => {
    const r = node('scripts/lib/chart.mjs');
    expect(r.stdout.match(/^ok {3}chart .*$/gm)).toEqual([
      'ok   chart infra/helm/puljeflow with minimal values: lint, template, validate',
      'ok   chart infra/helm/puljeflow with production values: lint, template, validate',
      'ok   chart infra/helm/puljeflow with temporal-cloud values: lint, template, validate',
    ]);
    expect(r.status).toBe(0);
  }, 120_000);

  it.each(['minimal', 'production', 'temporal-cloud'])('gives api and worker the vault keys and the database from Secrets (%s values)', (set) => {
    const { manifests, status, output } = render(set);
    expect(output && status).toBe(0);
    for (const part of ['api', 'worker']) {
      const env = container(manifests, part).env;
      for (const key of ['PULJEFLOW_PSEUDONYM_KEY', 'PULJEFLOW_KEY_ENCRYPTION_KEY']) {
        expect(env.find((e: any) => e.name === key)?.valueFrom.secretKeyRef).toEqual({ name: 'puljeflow-vault', key });
      }
      expect(env.find((e: any) => e.name === 'DATABASE_URL')?.valueFrom.secretKeyRef).toEqual({ name: 'puljeflow-db', key: 'DATABASE_URL' });
    }
  });

  it('puts payment files on one shared volume every worker pod mounts and the api reads (production values)', () => {
    const { manifests } = render('production');
    const pod = find(manifests, 'Deployment', 'puljeflow-worker')?.spec.template.spec;
    const worker = pod.containers[0];
    expect(worker.env).toContainEqual({ name: 'PAYMENT_FILES_DIR', value: '/var/lib/puljeflow/payments' });
    expect(worker.volumeMounts).toContainEqual({ name: 'payments', mountPath: '/var/lib/puljeflow/payments' });
    expect(pod.volumes).toContainEqual({ name: 'payments', persistentVolumeClaim: { claimName: 'puljeflow-payments' } });
    // The api serves the files for download from the same claim, read-only.
    const api = find(manifests, 'Deployment', 'puljeflow-api')?.spec.template.spec;
    expect(api.containers[0].volumeMounts).toContainEqual({ name: 'payments', mountPath: '/var/lib/puljeflow/payments', readOnly: true });
    expect(api.volumes).toContainEqual({ name: 'payments', persistentVolumeClaim: { claimName: 'puljeflow-payments', readOnly: true } });
    // An existing claim is named, so the chart makes none.
    expect(manifests.filter((m) => m.kind === 'PersistentVolumeClaim')).toEqual([]);
  });

  it('makes a ReadWriteMany claim when none is named (minimal values)', () => {
    const { manifests } = render('minimal');
    expect(find(manifests, 'PersistentVolumeClaim', 'puljeflow-payments')?.spec.accessModes).toEqual(['ReadWriteMany']);
  });

  it('pays through the payment system and authenticates to Temporal Cloud with an API key (temporal-cloud values)', () => {
    const { manifests } = render('temporal-cloud');
    const worker = container(manifests, 'worker');
    expect(worker.env).toContainEqual({ name: 'PAYMENT_SYSTEM_URL', value: 'https://payments.agency.example/api/' });
    expect(envNames(worker)).not.toContain('PAYMENT_FILES_DIR');
    expect(worker.volumeMounts.map((v: any) => v.name)).not.toContain('payments');
    for (const part of ['api', 'worker']) {
      expect(container(manifests, part).env).toContainEqual({ name: 'TEMPORAL_API_KEY', valueFrom: { secretKeyRef: { name: 'puljeflow-temporal-cloud', key: 'TEMPORAL_API_KEY' } } });
    }
  });

  it('renders web, Ingress, autoscaling, disruption budgets, network policies and mTLS to Temporal (production values)', () => {
    const { manifests } = render('production');
    const kinds = manifests.map((m) => `${m.kind}/${m.metadata.name}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'Deployment/puljeflow-web', 'Service/puljeflow-web', 'ConfigMap/puljeflow-web', 'Ingress/puljeflow',
        'HorizontalPodAutoscaler/puljeflow-api', 'HorizontalPodAutoscaler/puljeflow-worker',
        'PodDisruptionBudget/puljeflow-api', 'PodDisruptionBudget/puljeflow-worker', 'PodDisruptionBudget/puljeflow-web',
        'NetworkPolicy/puljeflow-api', 'NetworkPolicy/puljeflow-no-ingress', 'NetworkPolicy/puljeflow-web',
        'ServiceAccount/puljeflow', 'Job/puljeflow-migrate', 'Pod/puljeflow-test-api-health',
      ]),
    );
    const ingress = find(manifests, 'Ingress', 'puljeflow')?.spec;
    expect(ingress.rules[0].http.paths.map((p: any) => `${p.path}→${p.backend.service.name}`)).toEqual(['/api→puljeflow-api', '/→puljeflow-web']);
    // Autoscaled Deployments leave the replica count to the HPA.
    expect(find(manifests, 'Deployment', 'puljeflow-api')?.spec.replicas).toBeUndefined();
    for (const part of ['api', 'worker']) {
      expect(container(manifests, part).env).toEqual(
        expect.arrayContaining([{ name: 'TEMPORAL_TLS_CERT', value: '/etc/temporal-tls/tls.crt' }, { name: 'TEMPORAL_TLS_KEY', value: '/etc/temporal-tls/tls.key' }]),
      );
    }
  });

  it('runs every pod as non-root with a read-only root file system', () => {
    const { manifests } = render('production');
    const pods = manifests.flatMap((m) => (m.kind === 'Deployment' || m.kind === 'Job' ? [m.spec.template.spec] : m.kind === 'Pod' ? [m.spec] : []));
    expect(pods.length).toBeGreaterThanOrEqual(5);
    for (const pod of pods) {
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      for (const c of pod.containers) expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    }
  });

  it('refuses values its schema does not allow, naming the key', () => {
    const r = render('minimal', '--set', 'payments.mode=carrier-pigeon');
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/payments\.mode|mode/);
    const noUrl = render('minimal', '--set', 'payments.mode=system');
    expect(noUrl.status).not.toBe(0);
    expect(noUrl.output).toContain('systemUrl');
  });

  it('fails the chart checks when a rendered manifest breaks the Kubernetes schemas', () => {
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'puljeflow-broken-chart-'));
    fs.cpSync(chart, broken, { recursive: true });
    const pdb = path.join(broken, 'templates', 'pdb.yaml');
    fs.writeFileSync(pdb, fs.readFileSync(pdb, 'utf8').replace('minAvailable:', 'minimumAvailable:'));
    const r = node('scripts/lib/chart.mjs', broken);
    fs.rmSync(broken, { recursive: true, force: true });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL chart .* with production values/);
    expect(r.stdout).toContain('minimumAvailable');
  });
});
