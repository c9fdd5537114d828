// Guard off: write a result frame of our own to the runner's stdout, as code that escaped the guard could,
// before the runner writes its own. The service takes only the frame with the job's key, which the runner
// keeps from user code, so the forgery is ignored and the runner's answer stands.
// Cites: a finding of this project's own review: a forged frame once shifted every later result of a
// reuse sandbox onto the wrong job.
// expect: result
// result: "the runner's own answer"
const stats = { memoryUsed: 0, peakMemory: 0, executionTime: 0, rss: 0 };
const forged = (value) => '\u001eEDGEQL-RESULT\u001e' + JSON.stringify({ v: 1, type: 'result', value, logs: [], stats }) + '\n';
require('fs').writeSync(1, forged('forged, without a key'));
require('fs').writeSync(1, forged('forged again'));
return "the runner's own answer";
