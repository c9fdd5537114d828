'use strict';
// The runner's own wrapper of the user's node body: one async function expression, so `return` and
// `await` work at its top level and the line numbers in its stack traces are the user's own. The service's
// pre-flight check parses the same source (package export "@edgeql/node-js/wrapUserCode").

/** The file name user code runs under; stack frames in it are the only ones a user ever sees. */
const USER_FILENAME = 'node.js';

/** What the body can use by name besides the sandbox globals, in the order the function takes them. */
const NODE_PARAMETERS = Object.freeze(['inputs', 'params', 'require', 'console']);

/**
 * The body starts on the source's second line, so a lineOffset of -1 makes it line 1.
 * Code that closes the wrapper early only changes where its statements sit: they still run in the
 * same hardened context, after the runner has started the clock.
 */
function wrapUserCode(code) {
  return {
    source: `(async function node(${NODE_PARAMETERS.join(', ')}) {\n${code}\n})`,
    lineOffset: -1,
  };
}

module.exports = { USER_FILENAME, NODE_PARAMETERS, wrapUserCode };
