// The only place a RunOutcome becomes a response body: 200 whether the code succeeded or broke a rule.
import { assertNever, type RunOutcome } from './outcome.js';

export function toHttp(executionId: string, o: RunOutcome) {
  switch (o.kind) {
    case 'result':
      return { status: 200, body: { executionId, success: true, result: o.value, logs: o.logs, stats: o.stats } };
    case 'violation':
      return { status: 200, body: { executionId, success: false, error: o.violation, logs: o.logs, stats: o.stats } };
    default:
      return assertNever(o);
  }
}
