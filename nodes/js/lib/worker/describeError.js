'use strict';
// Turns whatever user code threw into the violation the user sees: RUNTIME_ERROR with a name, a message
// and a stack of the frames in the user's own file only, and never anything else. A thrown value is
// whatever user code made it, so its shape decides nothing: every other violation is reported by the
// guard that refused, at the moment it refused (an error shaped like V8's refusal to compile a string is
// a RUNTIME_ERROR like any other; the routes to a Function constructor all end at a stand-in that reports).

const { inspect } = require('node:util');
const { violations } = require('../protocol');
const { clip } = require('./clip');
const { USER_FILENAME } = require('./wrapUserCode');

const MAX_NAME_CHARS = 200;
const MAX_MESSAGE_CHARS = 8000;
const MAX_STACK_CHARS = 16000;

const escaped = USER_FILENAME.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// `    at node (node.js:3:7)`, `    at async fn (node.js:3:7)`, `    at node.js:3:7`: the location must
// end the line, so a frame elsewhere whose function name mentions node.js does not pass.
const USER_FRAME = new RegExp(`^\\s+at (?:.+ \\()?${escaped}:\\d+:\\d+\\)?$`);
// A SyntaxError from compiling the user's code starts its stack with `node.js:LINE` and the code line.
const SYNTAX_LOCATION = new RegExp(`^${escaped}:(\\d+)\\n`);

function describeThrown(thrown) {
  const name = errorName(thrown);
  const message = errorMessage(thrown);
  const shownName = clip(name, MAX_NAME_CHARS);
  const shownMessage = clip(message, MAX_MESSAGE_CHARS);
  return violations.runtimeError(shownName, shownMessage, userStack(`${shownName}: ${shownMessage}`, read(thrown, 'stack')));
}

// Any property read can run a getter or a Proxy trap that throws; describing an error must not.
function read(value, key) {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return undefined;
  try {
    return value[key];
  } catch {
    return undefined;
  }
}

function errorName(thrown) {
  const name = read(thrown, 'name');
  return typeof name === 'string' && name !== '' ? name : 'Error';
}

function errorMessage(thrown) {
  const message = read(thrown, 'message');
  if (typeof message === 'string') return message;
  if (typeof thrown === 'string') return thrown;
  try {
    return inspect(thrown, { depth: 2, breakLength: Infinity });
  } catch {
    return 'a thrown value that cannot be displayed';
  }
}

function userStack(header, stack) {
  const lines = [header];
  if (typeof stack === 'string') {
    const syntax = SYNTAX_LOCATION.exec(stack);
    if (syntax) lines.push(`    at ${USER_FILENAME}:${syntax[1]}`);
    for (const line of stack.split('\n')) if (USER_FRAME.test(line)) lines.push(line);
  }
  return clip(lines.join('\n'), MAX_STACK_CHARS);
}

module.exports = { describeThrown };
