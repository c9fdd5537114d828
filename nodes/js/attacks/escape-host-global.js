// Attack: rewrite the worker's host global, which lodash hands out as `_root`: code of the runner's, of
// Node's and of the packages looks up Object, Math or JSON on it at call time, so a replaced Object
// would have host code call user functions (with every stream instance, for one), and a replaced Math
// would falsify the runner's figures.
// Cites: a finding of this project's own review; the "host global via a sloppy function" class of vm2
// escapes.
// expect: result
// result: {"Object": "unchanged", "Math": "unchanged", "defineJSON": "TypeError"}
const host = require('lodash/_root');
const RealObject = host.Object;
host.Object = { defineProperty() { throw new Error('called'); } };
host.Math = { round: () => 424242 };
let defineJSON = 'redefined';
try { Object.defineProperty(host, 'JSON', { value: {} }); } catch (e) { defineJSON = e.constructor.name; }
require('stream').Readable.from(['x']);
return {
  Object: host.Object === RealObject ? 'unchanged' : 'replaced',
  Math: typeof host.Math.round === 'function' && host.Math.round(1.4) === 1 ? 'unchanged' : 'replaced',
  defineJSON,
};
