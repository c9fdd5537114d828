// Attack: the textbook escape, this.constructor.constructor('return process')(): the function's
// constructor is the Function constructor of whatever realm `this` comes from.
// Cites: Node.js vm documentation example of escaping a context; vm2 README "known escapes".
// expect: DYNAMIC_CODE
// details: {"construct": "Function constructor"}
return (function () { return this; }).constructor.constructor('return process')().mainModule;
