'use strict';
// Reads the attack corpus (the other .js files of this folder, and those of unguarded/): each file's header
// says what running it must produce, so the security tests can run every attack and check its declared
// outcome without a list of their own. None of it goes into the sandbox image.
//
// Header lines, in the leading comment block:
//   // expect: DYNAMIC_CODE            a violation type; several with `|` when any of them contains it;
//                                      or `result` for a run that must succeed with `result:`; or
//                                      SANDBOX_FAILED for a sandbox that must be reported as failed (502)
//   // details: {"construct": "..."}  JSON the violation's details must contain
//   // message: <regex>               a pattern the violation's message must match
//   // result: <JSON>                 the exact result of a run expected to succeed
//   // limits: {"timeLimit": 1}       fields merged into the request
//   // next: <code>                   a second run, in a fresh sandbox, right after this one
//   // next-result: <JSON>            the exact result of that second run
//   // cites: / attack:               prose for readers (every file must cite its source)

const fs = require('node:fs');
const path = require('node:path');

const ATTACKS_DIR = __dirname;
// The loader sits beside the attacks it reads, and is not one of them.
const LOADER = path.basename(__filename);
const HEADER = /^\/\/ ([a-z][a-z-]*): (.*)$/;
const JSON_KEYS = new Set(['details', 'result', 'limits', 'next-result']);

/** @returns one entry per attack file in `dir`, sorted by name; throws on a malformed header */
function loadAttacks(dir = ATTACKS_DIR) {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.js') && !(f === LOADER && path.resolve(dir) === __dirname))
    .sort()
    .map((file) => parseAttack(file, fs.readFileSync(path.join(dir, file), 'utf8')));
}

function parseAttack(file, code) {
  const header = {};
  let prose = '';
  for (const line of code.split('\n')) {
    if (!line.startsWith('//')) break;
    const m = HEADER.exec(line);
    if (m) {
      const [, key, value] = m;
      header[key] = JSON_KEYS.has(key) ? parseJson(file, key, value) : value.trim();
    }
    prose += `${line}\n`;
  }
  const fail = (reason) => {
    throw new Error(`attack ${file}: ${reason}`);
  };
  if (!header.expect) fail('has no `// expect:` line');
  if (!/^Cites: \S/m.test(prose.replace(/^\/\/ /gm, ''))) fail('cites no advisory or source (`// Cites: ...`)');
  const expect = header.expect.split('|').map((s) => s.trim());
  if (expect.includes('result') && (expect.length > 1 || !('result' in header)))
    fail('`expect: result` needs a `// result:` line and nothing else');
  if ('next' in header !== 'next-result' in header) fail('`next:` and `next-result:` go together');
  return {
    name: file.replace(/\.js$/, ''),
    file,
    code,
    expect,
    details: header.details,
    message: header.message === undefined ? undefined : new RegExp(header.message),
    result: header.result,
    hasResult: 'result' in header,
    limits: header.limits ?? {},
    next: header.next,
    nextResult: header['next-result'],
  };
}

function parseJson(file, key, value) {
  try {
    return JSON.parse(value);
  } catch (err) {
    throw new Error(`attack ${file}: \`${key}:\` is not JSON: ${err.message}`);
  }
}

module.exports = { ATTACKS_DIR, loadAttacks, parseAttack };
