// The contract shared with the service: the hand-written types match the runtime values, and every
// violation message has the exact wording users and the service rely on.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const protocol = require('../lib/protocol.js');
const { violations } = protocol;
const declarations = readFileSync(new URL('../lib/protocol.d.ts', import.meta.url), 'utf8');

describe('protocol.d.ts', () => {
  it('lists the violation codes of protocol.js, in order', () => {
    const tuple = /VIOLATION_CODES: readonly \[([^\]]*)\]/.exec(declarations)[1];
    expect([...tuple.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1])).toEqual([...protocol.VIOLATION_CODES]);
  });

  it('lists the log levels of protocol.js, in order', () => {
    const tuple = /LOG_LEVELS: readonly \[([^\]]*)\]/.exec(declarations)[1];
    expect([...tuple.matchAll(/'([a-z]+)'/g)].map((m) => m[1])).toEqual([...protocol.LOG_LEVELS]);
  });

  it('declares every violation builder of protocol.js', () => {
    const block = /export declare const violations: \{([^}]*)\}/.exec(declarations)[1];
    const declared = [...block.matchAll(/^\s+(\w+)\(/gm)].map((m) => m[1]);
    expect(declared.sort()).toEqual(Object.keys(violations).sort());
  });

  it('declares every export of protocol.js', () => {
    for (const name of Object.keys(protocol)) expect(declarations).toMatch(new RegExp(`export declare (const|function) ${name}\\b`));
  });
});

describe('violation wording', () => {
  it.each([
    [
      violations.memoryLimit(130.456, 128, 129),
      'MEMORY_LIMIT: Memory usage (130.46MB) exceeded limit of 128MB',
      { currentMemory: 130.46, limit: 128, peakMemory: 130.46 },
    ],
    [violations.timeout(1.0049, 1), 'TIMEOUT: Execution time (1.00s) exceeded limit of 1s', { currentTime: 1, limit: 1 }],
    [violations.restrictedModule('fs'), "RESTRICTED_MODULE: Access to module 'fs' is not allowed in sandbox", { module: 'fs' }],
    [
      violations.unauthorizedModule('crypto', ['lodash']),
      "UNAUTHORIZED_MODULE: Module 'crypto' not in allowed modules list",
      { module: 'crypto', allowedModules: ['lodash'] },
    ],
    [violations.dynamicCode('eval()'), 'DYNAMIC_CODE: Dynamic code execution via eval() is not allowed', { construct: 'eval()' }],
    [violations.processControl('process.exit()'), 'PROCESS_CONTROL: process.exit() is not allowed in sandbox', { call: 'process.exit()' }],
    [
      violations.outputLimit('result', 2048, 1024),
      'OUTPUT_LIMIT: Result size (2048 bytes) exceeded limit of 1024 bytes',
      { output: 'result', size: 2048, limit: 1024 },
    ],
    [
      violations.outputLimit('logs', 2048, 1024),
      'OUTPUT_LIMIT: Log output size (2048 bytes) exceeded limit of 1024 bytes',
      { output: 'logs', size: 2048, limit: 1024 },
    ],
    [
      violations.logEntryLimit(11, 10),
      'OUTPUT_LIMIT: Log output (11 entries) exceeded limit of 10 entries',
      { output: 'logs', entries: 11, limit: 10 },
    ],
    [
      violations.invalidResult('a BigInt as the result'),
      'INVALID_RESULT: Result is not JSON-serializable: a BigInt as the result',
      { reason: 'a BigInt as the result' },
    ],
    [
      violations.runtimeError('TypeError', 'nope', 'TypeError: nope'),
      'RUNTIME_ERROR: TypeError: nope',
      { name: 'TypeError', stack: 'TypeError: nope' },
    ],
  ])('%#: %s', (violation, message, details) => {
    expect(violation.message).toBe(message);
    expect(violation.message.startsWith(`${violation.type}: `)).toBe(true);
    expect(protocol.VIOLATION_CODES).toContain(violation.type);
    expect(violation.details).toEqual(details);
  });
});

describe('encodeFrame', () => {
  it('is the frame marker, one line of versioned JSON, and a newline', () => {
    const frame = protocol.encodeFrame({ type: 'failure', message: 'line\nbreak' });
    expect(frame.startsWith(protocol.FRAME)).toBe(true);
    expect(frame.endsWith('\n')).toBe(true);
    const json = frame.slice(protocol.FRAME.length, -1);
    expect(json).not.toContain('\n');
    expect(JSON.parse(json)).toEqual({ v: 1, type: 'failure', message: 'line\nbreak' });
  });
});
