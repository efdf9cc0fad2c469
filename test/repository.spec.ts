// The repository stands on its own: its documentation lives in docs/, nothing refers to a file outside it or to a
// ticket, every `docs/domain.md §n` a comment cites exists, and the README's configuration table is one table.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
// Tracked and new files, as a fresh clone will have them (git-ignored folders excluded).
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && !/\.tmp$/.test(f) && !/\.(png|jpe?g|gif|ico|woff2?|gz|zip)$/.test(f) && f !== 'package-lock.json');
// A file can vanish between listing and reading (an editor's temporary file): it then has no content.
const read = (f: string) => {
  try {
    return fs.readFileSync(path.join(root, f), 'utf8');
  } catch {
    return '';
  }
};

// Built from parts, so this file does not match itself.
const outside = new RegExp(['\\.\\.', 'shared'].join('/'));
const ticket = new RegExp(['\\bissues?', '#?\\d+\\b'].join(' '), 'i');

describe('the repository', () => {
  it('holds the rules, the municipal contract and the staff guide in docs/', () => {
    for (const doc of ['docs/domain.md', 'docs/municipal-api.md', 'docs/staff-api.md', 'docs/style.md']) {
      expect(fs.existsSync(path.join(root, doc)) && read(doc).length > 1000).toBe(true);
    }
  });

  it('refers to nothing outside itself and to no ticket', () => {
    const offenders = files.flatMap((f) =>
      read(f)
        .split('\n')
        .map((line, i) => ({ f, i: i + 1, line }))
        .filter(({ line }) => outside.test(line) || ticket.test(line))
        .map(({ f, i, line }) => `${f}:${i}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });

  it('cites only sections of docs/domain.md that exist', () => {
    const sections = new Set([...read('docs/domain.md').matchAll(/^§(\d+)\./gm)].map((m) => m[1]));
    expect(sections.size).toBeGreaterThanOrEqual(10);
    const cited = files.flatMap((f) => [...read(f).matchAll(/docs\/domain\.md,? ?§ ?(\d+)/g)].map((m) => ({ f, n: m[1] as string })));
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.filter(({ n }) => !sections.has(n))).toEqual([]);
  });

  it('links from its markdown only to files that exist', () => {
    const broken = files
      .filter((f) => f.endsWith('.md'))
      .flatMap((f) =>
        [...read(f).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
          .map((m) => m[1] as string)
          .filter((target) => !/^[a-z]+:/.test(target))
          .filter((target) => !fs.existsSync(path.resolve(root, path.dirname(f), target)))
          .map((target) => `${f} → ${target}`),
      );
    expect(broken).toEqual([]);
  });

  it("renders the README's configuration table as one table", () => {
    const readme = read('README.md').split('\n');
    const start = readme.findIndex((l) => l.startsWith('| variable'));
    expect(start).toBeGreaterThan(0);
    const end = readme.findIndex((l, i) => i > start && !l.startsWith('|'));
    const after = readme.slice(end).findIndex((l) => l.startsWith('| `'));
    expect(after).toBe(-1);
    expect(readme.slice(start, end).every((l) => l.split('|').length === 5)).toBe(true);
  });
});
