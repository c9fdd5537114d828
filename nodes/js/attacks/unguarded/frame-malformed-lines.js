// Guard off: before the runner's answer, write to the runner's stdout a frame line that is not JSON and
// more keyless frames than the service once looked past, then keep running for longer than the service's
// post-frame wait. Lines that are not the runner's must never shorten a run or turn it into our failure:
// the run goes on to its own end, and the runner's keyed frame answers.
// Cites: hardening review, class 2 (what reaches stdout and stderr decides the outcome): one malformed
// frame line made the service stop waiting for frames, so a 14 s run under timeLimit 20 was cut at about
// 12.7 s and answered 502.
// expect: result
// result: "the runner's own answer, after 13 s"
// limits: {"timeLimit": 20}
const stats = { memoryUsed: 0, peakMemory: 0, executionTime: 0, rss: 0 };
const fs = require('fs');
fs.writeSync(1, '\u001eEDGEQL-RESULT\u001e{not json\n');
for (let i = 0; i < 12; i++) {
  fs.writeSync(1, `\u001eEDGEQL-RESULT\u001e${JSON.stringify({ v: 1, type: 'result', value: i, logs: [], stats })}\n`);
}
await new Promise((resolve) => setTimeout(resolve, 13_000));
return "the runner's own answer, after 13 s";
