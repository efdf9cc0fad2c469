import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
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

/** Every .ts and .tsx file under `dirs` (relative to the repository), by absolute path. */
function sourceFiles(dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (['node_modules', 'dist', 'tmp'].includes(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
    }
  };
  for (const dir of dirs) walk(path.join(repoRoot, dir));
  return out.sort();
}

/**
 * The file-level import graph of `files`: relative imports and the @puljeflow/* aliases of tsconfig.base.json resolved
 * as the compiler resolves them; packages from node_modules are left out.
 */
function importGraph(files: string[]): Map<string, string[]> {
  const config = ts.readConfigFile(path.join(repoRoot, 'tsconfig.base.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, repoRoot);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((i) => ts.resolveModuleName(i.fileName, file, options, ts.sys).resolvedModule)
      .filter((m): m is ts.ResolvedModuleFull => m !== undefined && !m.isExternalLibraryImport && !m.resolvedFileName.endsWith('.d.ts'))
      .map((m) => path.resolve(m.resolvedFileName));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The import circles among `dirs`' files (Tarjan's strongly connected components of two or more files, or a file importing itself). */
function importCircles(dirs: string[]): string[][] {
  const graph = importGraph(sourceFiles(dirs));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const connect = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        connect(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(path.relative(repoRoot, member));
    } while (member !== file);
    if (component.length > 1 || graph.get(file)!.includes(file)) circles.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) connect(file);
  return circles;
}

describe('architecture: no import circles between files', () => {
  it('finds the circle of a fixture made to have one', () => {
    expect(importCircles(['test/fixtures/circle'])).toEqual([['test/fixtures/circle/a.ts', 'test/fixtures/circle/b.ts']]);
  });

  it('follows the @puljeflow/* aliases and relative imports of the real code', () => {
    const graph = importGraph(sourceFiles(['apps/api/src']));
    const targets = [...graph.values()].flat().map((f) => path.relative(repoRoot, f));
    expect(targets).toContain('libs/application/src/index.ts');
    expect(targets.some((t) => t.startsWith('apps/api/src/'))).toBe(true);
  });

  it('has none among the files of libs/ and apps/', () => {
    expect(importCircles(['libs', 'apps'])).toEqual([]);
  });
});

/** Whether `file` reads `process.env` (the expression in code, not a mention in a comment). */
function readsProcessEnv(file: string): boolean {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): boolean =>
    (ts.isPropertyAccessExpression(node) && node.name.text === 'env' && ts.isIdentifier(node.expression) && node.expression.text === 'process') || ts.forEachChild(node, visit) === true;
  return visit(source);
}

describe('architecture: configuration comes in from the apps', () => {
  const isTest = (file: string) => /\.spec\.tsx?$/.test(file) || file.split(path.sep).includes('test');

  it('sees process.env where it is read', () => {
    expect(readsProcessEnv(path.join(repoRoot, 'apps/api/src/config.ts'))).toBe(true);
  });

  it('has no library file (beside tests and their support) reading process.env', () => {
    const readers = sourceFiles(['libs']).filter((f) => !isTest(path.relative(repoRoot, f)) && readsProcessEnv(f));
    expect(readers.map((f) => path.relative(repoRoot, f))).toEqual([]);
  });
});
