// Every string a person sees comes from the catalogues: this test reads each screen's source and fails on JSX text or
// a user-facing attribute (aria-label, title, placeholder, alt) written as a literal, and on a catalogue pair whose keys differ.
import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { da } from './da';
import { en } from './en';

const SRC = path.resolve(__dirname, '..');
const USER_FACING_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label']);
/** Text with a letter in it; symbols alone (×, ▲, —) are not language. */
const WORDS = /\p{L}/u;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.tsx$/.test(entry.name) && !/\.spec\.tsx$/.test(entry.name) ? [file] : [];
  });
}

export function literalStrings(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && WORDS.test(node.text)) found.push(node.text.trim());
    if (ts.isJsxAttribute(node) && USER_FACING_ATTRIBUTES.has(node.name.getText(source)) && node.initializer) {
      const init = node.initializer;
      const literal = ts.isStringLiteral(init) ? init : ts.isJsxExpression(init) && init.expression && ts.isStringLiteralLike(init.expression) ? init.expression : null;
      if (literal && WORDS.test(literal.text)) found.push(`${node.name.getText(source)}="${literal.text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function keys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)));
}

describe('message catalogues', () => {
  it('no screen shows a string that is not in the catalogues', () => {
    const offenders = sourceFiles(SRC).flatMap((file) => literalStrings(file, fs.readFileSync(file, 'utf8')).map((s) => `${path.relative(SRC, file)}: ${s}`));
    expect(offenders).toEqual([]);
  });

  it('finds a literal in JSX text and in a user-facing attribute (the check itself can fail)', () => {
    expect(literalStrings('x.tsx', 'const a = <p aria-label="Luk">Hej <b>{t("x")}</b> ×</p>;')).toEqual(['aria-label="Luk"', 'Hej']);
  });

  it('Danish and English have the same keys, none empty', () => {
    expect(keys(en).sort()).toEqual(keys(da).sort());
    for (const key of keys(da)) {
      const [dv, ev] = [da, en].map((c) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], c));
      expect([key, typeof dv === 'string' && dv.length > 0, typeof ev === 'string' && ev.length > 0]).toEqual([key, true, true]);
    }
  });
});
