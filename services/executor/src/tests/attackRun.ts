// Runs one corpus attack through the service and checks the outcome its file declares; shared by the
// guarded corpus (attacks.test.ts) and the guard-disabled one (guardDisabled.test.ts).
import type { Attack } from '@edgeql/node-js/attacks';
import { expect } from 'vitest';

type Body = {
  success: boolean;
  result?: unknown;
  error?: { type: string; message: string; details: Record<string, unknown> };
};
type Inject = (spec: Record<string, unknown>) => Promise<{ statusCode: number; body: string }>;

export async function runAttack(
  inject: Inject,
  attack: Attack & { sandboxFailed?: boolean; networkingUnavailable?: boolean },
): Promise<void> {
  if (attack.networkingUnavailable) {
    // A stated runtime difference (gvisorDifferences.ts): no sandbox with networking is made at all.
    const res = await inject({ code: attack.code, ...attack.limits });
    expect(res.statusCode, res.body).toBe(503);
    expect(JSON.parse(res.body), res.body).toMatchObject({ success: false, error: { type: 'NETWORKING_UNAVAILABLE' } });
    return;
  }
  if (attack.sandboxFailed || attack.expect.includes('SANDBOX_FAILED')) {
    // A stated runtime difference (gvisorDifferences.ts): the sandbox itself dies, and says so.
    const res = await inject({ code: attack.code, ...attack.limits });
    expect(res.statusCode, res.body).toBe(502);
    expect(JSON.parse(res.body), res.body).toMatchObject({ success: false, error: { type: 'SANDBOX_FAILED' } });
    return;
  }
  const execute = async (code: string) => {
    const res = await inject({ code, ...attack.limits });
    expect(res.statusCode, res.body).toBe(200);
    return JSON.parse(res.body) as Body;
  };
  const body = await execute(attack.code);
  const shown = JSON.stringify(body);
  if (attack.hasResult) {
    expect(body.success, shown).toBe(true);
    expect(body.result, shown).toEqual(attack.result);
  } else {
    expect(body.success, shown).toBe(false);
    expect(attack.expect, shown).toContain(body.error?.type);
    if (attack.details) expect(body.error?.details, shown).toMatchObject(attack.details);
    if (attack.message) expect(body.error?.message, shown).toMatch(attack.message);
  }
  if (attack.next !== undefined) {
    const next = await execute(attack.next);
    expect(next.success, JSON.stringify(next)).toBe(true);
    expect(next.result, JSON.stringify(next)).toEqual(attack.nextResult);
  }
}
