// Attack: take the Function constructor of the host realm through objects the sandbox is given: a
// required module, Buffer, the console, URL.
// Cites: Node.js vm documentation ("objects passed into the context carry their realm's constructors").
// expect: DYNAMIC_CODE
// details: {"construct": "Function constructor"}
for (const host of [URL, console.log, Buffer, require('moment')]) {
  try { host.constructor.constructor('return process')(); } catch {}
}
return require('lodash').constructor('return process')();
