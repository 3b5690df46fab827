// core/ is the isomorphic leaf shared by the server, the viewer and the test client (design.md):
// it must not import node:* or anything outside core/, nor use Buffer, process, document or
// window. Checked on the syntax tree (TypeScript's parser), so comments and strings do not count.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const coreDir = fileURLToPath(new URL('../core/', import.meta.url));
const FORBIDDEN_GLOBALS = new Set(['Buffer', 'process', 'document', 'window', 'require', '__dirname', '__filename', 'global']);
/** Test files beside core code may import the test runner, and nothing else from outside. */
const TEST_ONLY_PACKAGES = new Set(['vitest']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(d.name) ? [path] : [];
  });
}

/** Identifiers in positions that name a property rather than refer to a binding. */
function isPropertyName(node: ts.Identifier): boolean {
  const p = node.parent;
  return (ts.isPropertyAccessExpression(p) && p.name === node)
    || ((ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isPropertyDeclaration(p)
      || ts.isMethodDeclaration(p) || ts.isMethodSignature(p) || ts.isGetAccessor(p)) && p.name === node)
    || (ts.isQualifiedName(p) && p.right === node);
}

function specifierProblem(spec: string, file: string, isTest: boolean): string | null {
  if (isTest && TEST_ONLY_PACKAGES.has(spec)) return null;
  if (!spec.startsWith('.')) return `imports package ${spec}`;
  const target = resolve(dirname(file), spec);
  return relative(coreDir, target).startsWith('..') ? `imports ${spec} from outside core/` : null;
}

/** Every boundary violation in one source text, as readable strings. */
function boundaryProblems(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const isTest = /\.test\.tsx?$/.test(file);
  const problems: string[] = [];
  const check = (spec: string) => {
    const p = specifierProblem(spec, file, isTest);
    if (p) problems.push(p);
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      check(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const e = node.moduleReference.expression;
      if (ts.isStringLiteral(e)) check(e.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteral(arg)) check(arg.text);
      else problems.push('dynamic import() of a computed specifier');
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      check(node.argument.literal.text);
    } else if (ts.isIdentifier(node) && FORBIDDEN_GLOBALS.has(node.text) && !isPropertyName(node)) {
      problems.push(`uses ${node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return problems;
}

describe('core/ boundary', () => {
  const files = sourceFiles(coreDir);

  it('finds the core sources', () => {
    expect(files.map((f) => relative(coreDir, f))).toEqual(expect.arrayContaining(['wire.ts', 'index.ts', join('decode', 'index.ts')]));
  });

  it.each(files.map((f) => [relative(coreDir, f), f] as const))('%s imports nothing outside core/ and no host globals', (_name, file) => {
    expect(boundaryProblems(file, readFileSync(file, 'utf8'))).toEqual([]);
  });

  it('the checker catches each kind of violation', () => {
    const file = join(coreDir, 'decode', 'bad.ts');
    const bad = [
      "import { readFileSync } from 'node:fs';",
      "import type { Hono } from 'hono';",
      "export { x } from '../../server/app.js';",
      "const z = await import('node:zlib');",
      "type T = import('../../server/context.js').Context;",
      'const b = Buffer.from("x"); const e = process.env; const d = document.body; const w = window;',
    ].join('\n');
    expect(boundaryProblems(file, bad)).toEqual([
      'imports package node:fs',
      'imports package hono',
      'imports ../../server/app.js from outside core/',
      'imports package node:zlib',
      'imports ../../server/context.js from outside core/',
      'uses Buffer',
      'uses process',
      'uses document',
      'uses window',
    ]);
  });

  it('does not flag names that only look like globals', () => {
    const file = join(coreDir, 'decode', 'ok.ts');
    const ok = "// Buffer process window\nconst s = 'document'; const o = { process: 1 }; o.process; import { a } from './a.js';";
    expect(boundaryProblems(file, ok)).toEqual([]);
  });
});
