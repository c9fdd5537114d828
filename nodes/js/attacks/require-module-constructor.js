// Attack: `module.constructor._load('child_process')`, `require.main` and `require.cache`: the handles
// CommonJS code normally has to its loader.
// Cites: vm2 NodeVM escapes through module.constructor._load (published PoCs against require.root).
// expect: RUNTIME_ERROR
// message: ^RUNTIME_ERROR: ReferenceError: module is not defined$
const handles = [require.main, require.cache, require.resolve];
if (handles.some((h) => h !== undefined)) return 'loader handles exposed';
return module.constructor._load('child_process');
