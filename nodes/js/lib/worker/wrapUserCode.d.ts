// Types for wrapUserCode.js, so the service's pre-flight check parses exactly what the runner compiles.
export declare const USER_FILENAME: string;
export declare const NODE_PARAMETERS: readonly string[];
export declare function wrapUserCode(code: string): { source: string; lineOffset: number };
