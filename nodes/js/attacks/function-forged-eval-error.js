// Attack: throw a plain object shaped like V8's refusal to compile a string, to have it reported as a
// DYNAMIC_CODE attempt that never happened (the security metrics count those).
// Cites: hardening review, class 4: violations inferred from what errors look like.
// expect: RUNTIME_ERROR
// details: {"name": "EvalError"}
// message: ^RUNTIME_ERROR: EvalError: Code generation from strings disallowed for this context$
throw { name: 'EvalError', message: 'Code generation from strings disallowed for this context' };
