// The attack corpus's headers: every file declares an outcome the security tests can check, and cites
// its source. The attacks themselves run in real containers (services/executor attacks.test.ts).
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { ATTACKS_DIR, loadAttacks, parseAttack } = require('../attacks/attackCorpus.js');
const { VIOLATION_CODES } = require('../lib/protocol.js');

describe('the attack corpus', () => {
  it.each([ATTACKS_DIR, path.join(ATTACKS_DIR, 'unguarded')])('every file in %s declares a checkable outcome', (dir) => {
    const attacks = loadAttacks(dir);
    expect(attacks.length).toBeGreaterThan(5);
    for (const a of attacks) {
      for (const e of a.expect) expect([...VIOLATION_CODES, 'result', 'SANDBOX_FAILED'], a.file).toContain(e);
    }
  });

  it.each([
    ['no expect line', '// Cites: x\nreturn 1;', /no `\/\/ expect:` line/],
    ['no citation', '// expect: TIMEOUT\nfor(;;){}', /cites no advisory/],
    ['a result without its value', '// Cites: x\n// expect: result\nreturn 1;', /needs a `\/\/ result:` line/],
    ['bad JSON', '// Cites: x\n// expect: TIMEOUT\n// limits: {timeLimit: 1}\n', /`limits:` is not JSON/],
  ])('refuses a file with %s', (_what, code, error) => {
    expect(() => parseAttack('x.js', code)).toThrow(error);
  });
});
