// Attack: the Function constructor's siblings: the constructors of async, generator and async generator
// functions compile strings too.
// Cites: vm2 README "known escapes"; CVE-2022-36067 write-ups use AsyncFunction as the fallback route.
// expect: DYNAMIC_CODE
// details: {"construct": "AsyncGeneratorFunction constructor"}
const AsyncGeneratorFunction = (async function* () {}).constructor;
return AsyncGeneratorFunction('yield process')().next();
