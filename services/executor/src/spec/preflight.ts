// Refuses, before any container starts, a node certain to fail: code that does not parse, a literal
// require of a module the request may not load, a direct eval or Function call. Parsed exactly as the
// runner compiles it; the in-container guard stays the authority for everything dynamic.
import { parse, type Node } from 'acorn';
import { simple } from 'acorn-walk';
import { wrapUserCode } from '@edgeql/node-js/wrapUserCode';
import { decideModule } from '@edgeql/node-js/moduleRules';
import protocol, { type Violation } from '@edgeql/node-js/protocol';
import type { NodeSpec } from './nodeSpec.js';

type Spec = Pick<NodeSpec, 'code' | 'enableNetworking' | 'enableFileSystem' | 'allowedModules'>;
type Located = Node & { loc?: { start: { line: number; column: number } } | null };
type Call = Node & { callee: Node & { name?: string }; arguments: Array<Node & { value?: unknown }> };

/** A violation with where it is in the user's code, or undefined when the code may run. */
export function preflight(spec: Spec): Violation | undefined {
  const { source, lineOffset } = wrapUserCode(spec.code);
  let ast: Node;
  try {
    ast = parse(source, { ecmaVersion: 'latest', sourceType: 'script', locations: true });
  } catch (err) {
    const e = err as SyntaxError & { loc?: { line: number; column: number } };
    const line = (e.loc?.line ?? 1) + lineOffset;
    const column = (e.loc?.column ?? 0) + 1;
    const message = e.message.replace(/ \(\d+:\d+\)$/, '');
    return at(
      protocol.violations.runtimeError('SyntaxError', message, `SyntaxError: ${message}\n    at node.js:${line}:${column}`),
      line,
      column,
    );
  }

  // A name the code declares anywhere is not trusted to be the sandbox's (`var require = ...` makes
  // require('fs') harmless): such calls are left to the in-container guard. Not scope-aware, on purpose:
  // it can only let more through to the guard, never refuse valid code.
  // The wrapper's own parameters (inputs, params, require, console) are the sandbox's, so they do not count.
  const wrapper = (ast as unknown as { body: Array<{ expression?: Node }> }).body[0]?.expression;
  const declared = new Set<string>();
  simple(ast, {
    VariableDeclarator: (n) => collectNames((n as unknown as { id: Node }).id, declared),
    ClassDeclaration: (n) => collectNames((n as unknown as { id: Node }).id, declared),
    CatchClause: (n) => collectNames((n as unknown as { param: Node | null }).param, declared),
    Function: (n) => {
      if (n === wrapper) return;
      const f = n as unknown as { id: Node | null; params: Node[] };
      collectNames(f.id, declared);
      for (const p of f.params) collectNames(p, declared);
    },
  });

  let found: Violation | undefined;
  const where = (n: Located) => ({ line: (n.loc?.start.line ?? 1) + lineOffset, column: (n.loc?.start.column ?? 0) + 1 });
  const policy = {
    enableNetworking: spec.enableNetworking,
    enableFileSystem: spec.enableFileSystem,
    allowedModules: spec.allowedModules ?? null,
  };
  const check = (node: Node) => {
    if (found) return;
    const call = node as Call;
    const name = call.callee.type === 'Identifier' ? call.callee.name : undefined;
    if (!name || declared.has(name)) return;
    const { line, column } = where(call);
    if (name === 'eval') found = at(protocol.violations.dynamicCode('eval()'), line, column);
    else if (name === 'Function') found = at(protocol.violations.dynamicCode('Function constructor'), line, column);
    else if (name === 'require' && call.arguments[0]?.type === 'Literal' && typeof call.arguments[0].value === 'string') {
      const request = call.arguments[0].value;
      const { verdict, name: module } = decideModule(request, policy);
      if (verdict === 'restricted') found = at(protocol.violations.restrictedModule(module), line, column);
      if (verdict === 'unauthorized') found = at(protocol.violations.unauthorizedModule(module, policy.allowedModules ?? []), line, column);
    }
  };
  simple(ast, { CallExpression: check, NewExpression: check });
  return found;
}

function at(v: Violation, line: number, column: number): Violation {
  return { ...v, details: { ...v.details, line, column, preflight: true } };
}

function collectNames(pattern: Node | null, into: Set<string>) {
  if (!pattern) return;
  const p = pattern as Node & { name?: string; properties?: Node[]; elements?: Node[]; left?: Node; argument?: Node; value?: Node };
  if (p.type === 'Identifier' && p.name) into.add(p.name);
  for (const child of [...(p.properties ?? []), ...(p.elements ?? []), p.left, p.argument, p.value]) collectNames(child ?? null, into);
}
