'use strict';
// Turns the node's return value into the JSON the runner sends. It runs in the worker, so a toJSON or
// getter that never returns is still under the runner's watchdog. Values JSON would silently drop or
// mangle (BigInt, functions, symbols) and cycles are refused, saying where they were found.

const { violations } = require('../protocol');
const { clip } = require('./clip');
const { ArrayIsArray, BufferByteLength, JSONStringify } = require('./hostIntrinsics');

const REFUSED_KINDS = Object.freeze({ __proto__: null, bigint: 'a BigInt', function: 'a function', symbol: 'a symbol' });
const CIRCULAR = 'Converting circular structure to JSON';
const STACK_OVERFLOW = 'Maximum call stack size exceeded';
const MAX_KEY_CHARS = 100;

/**
 * @returns {{ json: string } | { violation: object }} the JSON text (`null` for undefined), or why not;
 *   throws whatever user code run by the serialization (toJSON, a getter) throws
 */
function serializeResult(value, maxResultBytes) {
  let refused = null;
  let atRoot = true;
  function replacer(key, item) {
    const kind = REFUSED_KINDS[typeof item];
    if (kind !== undefined) {
      refused = `${kind} ${atRoot ? 'as the result' : placeIn(this, key)}`;
      throw new Error(refused);
    }
    atRoot = false;
    return item;
  }

  let json;
  try {
    json = JSONStringify(value, replacer) ?? 'null';
  } catch (err) {
    if (refused !== null) return { violation: violations.invalidResult(refused) };
    // JSON.stringify's own stack overflow (a host RangeError): data nested deeper than it can walk.
    if (err instanceof RangeError && err.message === STACK_OVERFLOW) {
      return { violation: violations.invalidResult('nested too deeply to serialize') };
    }
    const cycle = circularDetail(err);
    if (cycle === null) throw err;
    return { violation: violations.invalidResult(`a circular structure${cycle}`) };
  }
  const size = BufferByteLength(json);
  if (size > maxResultBytes) return { violation: violations.outputLimit('result', size, maxResultBytes) };
  return { json };
}

function placeIn(holder, key) {
  return ArrayIsArray(holder) ? `at index ${key}` : `at key "${clip(key, MAX_KEY_CHARS)}"`;
}

// JSON.stringify's own TypeError ends with a line such as `--- property 'self' closes the circle`.
// Anything else thrown here came from user code and is not ours to read.
function circularDetail(err) {
  try {
    if (!(err instanceof TypeError) || !err.message.startsWith(CIRCULAR)) return null;
    const closing = err.message.split('\n').find((line) => line.includes('closes the circle'));
    return closing ? ` (${clip(closing.replace(/^\s*--- /, ''), MAX_KEY_CHARS)})` : '';
  } catch {
    return null;
  }
}

module.exports = { serializeResult };
