import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { apiRoutes } from '@puljeflow/contracts';

// Nest (ESM) does not load under jest here, so the routes are read off the controllers' decorators in their source.
const SOURCE = path.resolve(__dirname, '..');
const VERBS = ['Get', 'Post', 'Put', 'Patch', 'Delete'];

const controllerFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return controllerFiles(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [file] : [];
  });

/** A decorator's name and first string argument: `@Post('approve')` → ['Post', 'approve']. */
function decorator(node: ts.Node): [string, string] | undefined {
  if (!ts.isDecorator(node) || !ts.isCallExpression(node.expression) || !ts.isIdentifier(node.expression.expression)) return undefined;
  const [first] = node.expression.arguments;
  return [node.expression.expression.text, first && ts.isStringLiteral(first) ? first.text : ''];
}

/** Every route the app's controllers declare, as `METHOD /path/{param}`. */
function declaredRoutes(): string[] {
  return controllerFiles(SOURCE).flatMap((file) => {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    return source.statements.filter(ts.isClassDeclaration).flatMap((cls) => {
      const base = (ts.getDecorators(cls) ?? []).map(decorator).find((d) => d?.[0] === 'Controller');
      if (!base) return [];
      return cls.members.flatMap((member) =>
        (ts.canHaveDecorators(member) ? (ts.getDecorators(member) ?? []) : [])
          .map(decorator)
          .filter((d): d is [string, string] => d !== undefined && VERBS.includes(d[0]))
          .map(([verb, sub]) => `${verb.toUpperCase()} ${`/${base[1]}/${sub}`.replace(/\/+/g, '/').replace(/\/$/, '').replace(/:([A-Za-z]+)/g, '{$1}')}`),
      );
    });
  });
}

describe('the OpenAPI route list', () => {
  const documented = new Set(apiRoutes.map((r) => `${r.method.toUpperCase()} ${r.path}`));
  const declared = declaredRoutes();

  it('reads the routes off the controllers', () => {
    expect(declared).toEqual(expect.arrayContaining(['POST /api/v1/staff/session', 'GET /api/v1/staff/pools/{poolId}/overview', 'POST /api/v1/staff/pools/{poolId}/commitments/{municipalityCode}/reduction/approve']));
  });

  it('lists every staff route the app serves', () => {
    expect(declared.filter((r) => r.includes(' /api/v1/staff') && !documented.has(r))).toEqual([]);
  });
});
