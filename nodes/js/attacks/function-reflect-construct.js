// Attack: reach the Function constructor without naming it: Reflect.construct on a function's
// constructor, and a bound copy of it.
// Cites: vm2 README "known escapes" (every route to the Function constructor).
// expect: DYNAMIC_CODE
// details: {"construct": "Function constructor"}
const F = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(() => {}), 'constructor').value;
try { Reflect.construct(F.bind(null), ['return 1']); } catch {}
return Reflect.apply(F, null, ['return process'])();
