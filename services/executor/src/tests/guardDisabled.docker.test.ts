// Assume the JavaScript guard is broken: with the test-only switch, user code runs with no vm context, no
// guard, no watchdog and none of Node's hardening flags, and the container alone must still hold
// (nodes/js/attacks/unguarded: host files, network, privilege, other containers, kernel limits).
import path from 'node:path';
import corpus from '@edgeql/node-js/attacks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAttack } from './attackRun.js';
import { expectedUnder } from './gvisorDifferences.js';
import { testApp } from './testConfig.js';

const attacks = corpus.loadAttacks(path.join(corpus.ATTACKS_DIR, 'unguarded'));

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp({ env: { EXECUTOR_UNSAFE_DISABLE_GUARD: 'true' } });
});
afterAll(async () => {
  await t.app.close();
  expect(await t.leftBehind(), 'every sandbox is removed').toEqual([]);
});

it('the switch really turns the guard off: eval, child_process and the real process work', async () => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/execute',
    payload: {
      code: "return [eval('1 + 1'), require('child_process').execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.getuid()))']).toString(), typeof process.binding];",
    },
  });
  expect(res.json()).toMatchObject({ success: true, result: [2, '1001', 'function'] });
});

describe.concurrent('the container alone holds', () => {
  it.each(attacks.map((a) => [a.name, a] as const))('%s', async (_name, attack) => {
    await runAttack(
      (payload) => t.app.inject({ method: 'POST', url: '/execute', payload }),
      expectedUnder(t.config.sandbox.runtime, attack),
    );
  });
});
