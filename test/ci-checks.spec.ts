// The test line's static checks (scripts/lib/checks.mjs) fail on a type error and on a lint error, shown on fixtures
// that are broken on purpose, and cover every TypeScript project of the repository.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const checks = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['scripts/lib/checks.mjs', ...args], { cwd: root, encoding: 'utf8' });
  return { status: r.status, output: r.stdout + r.stderr };
};

describe('the static checks of the test line', () => {
  it('fail on a type error, naming the file and the error', () => {
    const r = checks('typecheck', 'test/fixtures/ci/type-error/tsconfig.json');
    expect(r.status).toBe(1);
    expect(r.output).toMatch(/wrong\.ts.*TS2322/);
  });

  it('pass on the same project without the error', () => {
    const r = checks('typecheck', 'test/fixtures/ci/clean/tsconfig.json');
    expect(r.output).toContain('ok   type-check test/fixtures/ci/clean/tsconfig.json');
    expect(r.status).toBe(0);
  });

  it('fail on a lint error, naming the rule', () => {
    const r = checks('lint', 'test/fixtures/ci/lint-error/unused.ts');
    expect(r.status).toBe(1);
    expect(r.output).toContain('no-unused-vars');
  });

  it('type-check every project, the web app and the tests included, and no fixture', () => {
    const configs: string[] = JSON.parse(checks('projects').output);
    expect(configs).toEqual(expect.arrayContaining(['apps/api/tsconfig.json', 'apps/web/tsconfig.json', 'apps/worker/tsconfig.json', 'libs/domain/tsconfig.json', 'test/tsconfig.json', 'workflows/tsconfig.json']));
    expect(configs.filter((c) => c.includes('fixtures'))).toEqual([]);
  });
});
