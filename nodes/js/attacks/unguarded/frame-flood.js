// Guard off: flood the runner's stdout with well-formed frames that lack the job's key. The service looks
// past every line that is not the runner's, but their bytes stay under the output cap (looking past them
// gives none of it back), so the flood ends as the user's OUTPUT_LIMIT: it can neither run the service's
// frame reading without bound nor cut the run short.
// Cites: hardening review, class 2 (what reaches stdout decides the outcome): the service once stopped
// looking after eight forged frames and answered 502.
// expect: OUTPUT_LIMIT
const stats = { memoryUsed: 0, peakMemory: 0, executionTime: 0, rss: 0 };
const line = `\u001eEDGEQL-RESULT\u001e${JSON.stringify({ v: 1, type: 'result', value: 'x'.repeat(200), logs: [], stats })}\n`;
const fs = require('fs');
for (let i = 0; i < 50_000; i++) fs.writeSync(1, line);
return 'not reached: the sandbox is killed at its output cap first';
