'use strict';
// Turns the node's return value into the JSON the runner sends. It runs in the worker, so a toJSON or
// getter that never returns is still under the runner's watchdog. Values JSON would silently drop or
// mangle (BigInt, functions, symbols), cycles and nesting deeper than MAX_DEPTH are refused, saying where
// they were found. Each refusal is what the replacer itself saw, never read off an error: user code runs
// during serialization (toJSON, getters) and can throw anything, a host RangeError or TypeError worded as
// V8's own among them, which must stay the RUNTIME_ERROR it is.

const { violations } = require('../protocol');
const { clip } = require('./clip');
const { ArrayIsArray, BufferByteLength, JSONStringify } = require('./hostIntrinsics');

const REFUSED_KINDS = Object.freeze({ __proto__: null, bigint: 'a BigInt', function: 'a function', symbol: 'a symbol' });
const MAX_KEY_CHARS = 100;
// Below where JSON.stringify, with a replacer, runs out of stack on the smallest stack this runs on
// (about 2,300 levels on a main thread's default stack, 9,000 in the sandbox worker's 4 MB).
const MAX_DEPTH = 1000;

/**
 * @returns {{ json: string } | { violation: object }} the JSON text (`null` for undefined), or why not;
 *   throws whatever user code run by the serialization (toJSON, a getter) throws
 */
function serializeResult(value, maxResultBytes) {
  let refused = null;
  // The objects being serialized, outermost first (each the holder of the next), and the same as a set.
  const path = [];
  const onPath = new Set();
  function replacer(key, item) {
    // JSON.stringify gives the holder of `item` as `this`: every object deeper than it is done with.
    while (path.length > 0 && path[path.length - 1] !== this) onPath.delete(path.pop());
    const refuse = (reason) => {
      refused = reason;
      throw new Error(reason);
    };
    const kind = REFUSED_KINDS[typeof item];
    if (kind !== undefined) refuse(`${kind} ${path.length === 0 ? 'as the result' : placeIn(this, key)}`);
    if (typeof item === 'object' && item !== null) {
      if (onPath.has(item)) refuse(`a circular structure (${closing(this, key)} closes the circle)`);
      if (path.length >= MAX_DEPTH) refuse('nested too deeply to serialize');
      path.push(item);
      onPath.add(item);
    }
    return item;
  }

  let json;
  try {
    json = JSONStringify(value, replacer) ?? 'null';
  } catch (err) {
    if (refused !== null) return { violation: violations.invalidResult(refused) };
    throw err;
  }
  const size = BufferByteLength(json);
  if (size > maxResultBytes) return { violation: violations.outputLimit('result', size, maxResultBytes) };
  return { json };
}

function placeIn(holder, key) {
  return ArrayIsArray(holder) ? `at index ${key}` : `at key "${clip(key, MAX_KEY_CHARS)}"`;
}

// In V8's own words for the property that closes a cycle.
function closing(holder, key) {
  return ArrayIsArray(holder) ? `index ${key}` : `property '${clip(key, MAX_KEY_CHARS)}'`;
}

module.exports = { serializeResult };
