import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@puljeflow/test-support';

jest.setTimeout(120_000);

/**
 * docs/style.md "The shape of the house", read from Nx's own project graph (the same one `npx nx graph` draws): arrows go
 * from apps to libs and from workflows to libs/domain, never back. test-support (fresh databases, tool paths) is
 * the one leaf every spec may use.
 */
describe('architecture: the Nx project graph', () => {
  let edges: [string, string][];
  let types: Record<string, string>;

  beforeAll(() => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-graph-')), 'graph.json');
    execFileSync(process.execPath, [require.resolve('nx/bin/nx'), 'graph', `--file=${file}`], { cwd: repoRoot, env: { ...process.env, NX_DAEMON: 'false' }, stdio: 'pipe' });
    const graph = JSON.parse(fs.readFileSync(file, 'utf8')).graph;
    types = Object.fromEntries(Object.entries(graph.nodes).map(([name, node]: [string, any]) => [name, node.data.projectType]));
    edges = Object.entries(graph.dependencies as Record<string, { target: string }[]>).flatMap(([source, deps]) =>
      deps.filter((d) => !d.target.startsWith('npm:') && d.target !== 'test-support').map((d) => [source, d.target] as [string, string]),
    );
  });

  it('knows every project of the house', () => {
    expect(Object.keys(types)).toEqual(expect.arrayContaining(['api', 'worker', 'web', 'domain', 'event-store', 'read-models', 'contracts', 'workflows']));
    expect(edges.length).toBeGreaterThan(10);
  });

  it('has no arrow into an app', () => {
    expect(edges.filter(([, target]) => ['api', 'worker', 'web'].includes(target))).toEqual([]);
  });

  it('lets workflows depend on libs/domain only, and only apps depend on workflows', () => {
    expect(edges.filter(([source, target]) => source === 'workflows' && target !== 'domain')).toEqual([]);
    expect(edges.filter(([source, target]) => target === 'workflows' && !['api', 'worker', 'test-e2e'].includes(source))).toEqual([]);
  });

  it('keeps the domain free of dependencies on our other projects', () => {
    expect(edges.filter(([source]) => source === 'domain')).toEqual([]);
  });
});
