// The caps on console output: the number of entries and their bytes.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { createLogCollector } = require('../lib/runner/logCollector.js');

const entry = (message) => ({ level: 'log', message, time: 0 });

describe('createLogCollector', () => {
  it('keeps entries up to the count cap, then reports the next one', () => {
    const logs = createLogCollector({ maxLogEntries: 2, maxLogBytes: 1000 });
    expect(logs.add(entry('a'))).toBeNull();
    expect(logs.add(entry('b'))).toBeNull();
    expect(logs.add(entry('c'))).toEqual({
      type: 'OUTPUT_LIMIT',
      message: 'OUTPUT_LIMIT: Log output (3 entries) exceeded limit of 2 entries',
      details: { output: 'logs', entries: 3, limit: 2 },
    });
    expect(logs.entries.map((e) => e.message)).toEqual(['a', 'b']);
  });

  it('counts UTF-8 bytes against the byte cap and drops the entry that goes over', () => {
    const logs = createLogCollector({ maxLogEntries: 100, maxLogBytes: 10 });
    expect(logs.add(entry('12345678'))).toBeNull();
    expect(logs.add(entry('é€'))).toEqual({
      type: 'OUTPUT_LIMIT',
      message: 'OUTPUT_LIMIT: Log output size (13 bytes) exceeded limit of 10 bytes',
      details: { output: 'logs', size: 13, limit: 10 },
    });
    expect(logs.add(entry('é'))).toBeNull();
    expect(logs.entries.map((e) => e.message)).toEqual(['12345678', 'é']);
  });
});
