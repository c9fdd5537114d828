// The adversarial corpus (nodes/js/attacks) through the real service and real containers:
// every attack must end in the outcome its file declares, and leave no container behind.
import corpus from '@edgeql/node-js/attacks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAttack } from './attackRun.js';
import { expectedUnder } from './gvisorDifferences.js';
import { testApp } from './testConfig.js';

const attacks = corpus.loadAttacks();

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.app.close();
  expect(await t.leftBehind(), 'every sandbox is removed').toEqual([]);
});

it('the corpus covers every category of the threat model', () => {
  const categories = new Set(attacks.map((a) => a.name.split('-')[0]));
  expect([...categories].sort()).toEqual(
    [
      'advisory',
      'escape',
      'flood',
      'fs',
      'function',
      'isolation',
      'memory',
      'network',
      'pollution',
      'require',
      'seccomp',
      'timeout',
      'vm2',
    ].sort(),
  );
  expect(attacks.length).toBeGreaterThanOrEqual(50);
});

describe.concurrent('every attack ends as its file declares', () => {
  it.each(attacks.map((a) => [a.name, a] as const))('%s', async (_name, attack) => {
    await runAttack(
      (payload) => t.app.inject({ method: 'POST', url: '/execute', payload }),
      expectedUnder(t.config.sandbox.runtime, attack),
    );
  });
});
