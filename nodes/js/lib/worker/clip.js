'use strict';
// Shortens user-controlled text before it goes into a violation: the service refuses a frame whose
// violation message is longer than 10,000 characters, and a user can throw or require any string.

const { StringPrototypeSlice } = require('./hostIntrinsics');

function clip(text, maxChars) {
  return text.length <= maxChars ? text : `${StringPrototypeSlice(text, 0, maxChars)}…`;
}

module.exports = { clip };
