// The design's safe example: a node body, not a module. The sandbox runs it as the body of
// `async function node(inputs, params, require, console)`, so it may `return` and `await` at top level.
// It summarises `inputs.data`, a list whose items are `{ name, value }` records or plain numbers
// (a number's name is its position), with lodash; items without a finite value are skipped and logged.
//
// POST /execute
// {
//   "code": "<this file>",
//   "inputs": { "data": [{ "name": "a", "value": 10 }, { "name": "b", "value": 20 }, { "name": "c", "value": 60 }] },
//   "allowedModules": ["lodash"],
//   "memoryLimit": 128,
//   "timeLimit": 5
// }
// result: { "count": 3, "sum": 90, "average": 30, "min": 10, "max": 60, "highest": "c" }
const _ = require('lodash');

const items = _.map(inputs.data, (item, index) => (_.isNumber(item) ? { name: String(index), value: item } : item));
const usable = _.filter(items, (item) => _.isFinite(item?.value));
if (usable.length < items.length) console.warn(`skipped ${items.length - usable.length} item(s) without a numeric value`);

const values = _.map(usable, 'value');
const sum = _.sum(values);
return {
  count: values.length,
  sum,
  average: values.length > 0 ? _.round(sum / values.length, 2) : null,
  min: _.min(values) ?? null,
  max: _.max(values) ?? null,
  highest: _.maxBy(usable, 'value')?.name ?? null,
};
