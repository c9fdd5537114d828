import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXECUTOR_ERRORS, VIOLATION_CODES } from './codes.js';

const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');

describe('the README documents every code', () => {
  it.each([...VIOLATION_CODES])('violation %s has its row', (code) => {
    expect(readme).toContain(`| \`${code}\` |`);
  });
  it.each(Object.entries(EXECUTOR_ERRORS).map(([code, e]) => [code, e.status] as const))('error %s has its row with status %i', (code, status) => {
    expect(readme).toContain(`| \`${code}\` | ${status} |`);
  });
  it('and documents nothing that does not exist', () => {
    const codeTables = readme.slice(readme.indexOf('**Violations**'), readme.indexOf('### `GET /health`'));
    const documented = [...codeTables.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...VIOLATION_CODES, ...Object.keys(EXECUTOR_ERRORS)].sort());
  });
});
