import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type { OpenApiDocument } from '../openapi';

/** Validates a value against one of the document's components.schemas, with ajv (JSON Schema 2020-12). */
export function componentValidator(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'urn:test:openapi', components: doc.components });
  return (component: string, value: unknown): { valid: boolean; errors: string[] } => {
    const validate = ajv.getSchema(`urn:test:openapi#/components/schemas/${component}`);
    if (!validate) throw new Error(`no component ${component}`);
    const valid = validate(value) as boolean;
    return { valid, errors: (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`) };
  };
}

/**
 * `new Validator(); await validator.validate(doc)` of @seriousme/openapi-schema-validator. The library is an ES module,
 * which jest's CommonJS runtime cannot load, so it runs in a plain node process of its own.
 */
export function validateOpenApi(doc: unknown): { valid: boolean; errors?: unknown } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'puljeflow-openapi-'));
  const file = path.join(dir, 'openapi.json');
  fs.writeFileSync(file, JSON.stringify(doc));
  const script = [
    "import { Validator } from '@seriousme/openapi-schema-validator';",
    "import { readFileSync } from 'node:fs';",
    'const validator = new Validator();',
    "const result = await validator.validate(JSON.parse(readFileSync(process.argv[1], 'utf8')));",
    'process.stdout.write(JSON.stringify({ valid: result.valid, errors: result.errors, version: validator.version }));',
  ].join('\n');
  try {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, file], { cwd: path.resolve(__dirname, '../../../..'), encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`the validator failed: ${run.stderr}`);
    return JSON.parse(run.stdout) as { valid: boolean; errors?: unknown };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
