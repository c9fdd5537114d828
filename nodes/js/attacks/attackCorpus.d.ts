// Hand-written types for attackCorpus.js, so the service's security tests can load the corpus.
export interface Attack {
  name: string;
  file: string;
  code: string;
  expect: string[];
  details?: Record<string, unknown>;
  message?: RegExp;
  result?: unknown;
  hasResult: boolean;
  limits: Record<string, unknown>;
  next?: string;
  nextResult?: unknown;
}
export declare const ATTACKS_DIR: string;
export declare function loadAttacks(dir?: string): Attack[];
export declare function parseAttack(file: string, code: string): Attack;
