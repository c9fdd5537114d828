// The README's two code tables against the catalogue, in both directions: every code has its row, with
// its status and its Retry-After, and no row names a code that does not exist.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXECUTOR_ERRORS, VIOLATION_CODES } from './codes.js';

const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');

/** The first Markdown table after `marker`: its header cells and its rows, each a record by header. */
function tableAfter(marker: string): { header: string[]; rows: Array<Record<string, string>> } {
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no "${marker}"`);
  const lines = readme.slice(at).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
  const cells = (l: string) =>
    l
      .slice(1, l.lastIndexOf('|'))
      .split(' | ')
      .map((c) => c.trim());
  const [head, , ...body] = lines.slice(start, end === -1 ? undefined : end);
  const header = cells(head ?? '');
  return { header, rows: body.map((l) => Object.fromEntries(cells(l).map((c, i) => [header[i], c]))) };
}

const codeOf = (cell: string | undefined) => /^`([A-Z_]+)`$/.exec(cell ?? '')?.[1];

// Entries are `{ status, retryAfterSec?, infrastructure? }`; they were plain statuses before the catalogue
// carried each code's properties, and this test reads both shapes.
type Entry = number | { status: number; retryAfterSec?: number };
const catalogue = Object.entries(EXECUTOR_ERRORS as Record<string, Entry>);
const statusOf = (entry: Entry) => (typeof entry === 'object' ? entry.status : entry);
/** The Retry-After values the throw sites used while entries were plain statuses. */
const RETRY_AFTER_OF_PLAIN_ENTRIES: Record<string, number> = { BUSY: 1, DOCKER_UNAVAILABLE: 5, IMAGE_NOT_READY: 30, SHUTTING_DOWN: 1 };
const retryAfterOf = (code: string, entry: Entry) => (typeof entry === 'object' ? entry.retryAfterSec : RETRY_AFTER_OF_PLAIN_ENTRIES[code]);

describe("the README's violation table", () => {
  const { rows } = tableAfter('**Violations**');
  const documented = rows.map((r) => codeOf(r.code));

  it.each([...VIOLATION_CODES])('has the row of %s', (code) => {
    expect(documented).toContain(code);
  });
  it('documents no violation that does not exist, and none twice', () => {
    expect([...documented].sort()).toEqual([...VIOLATION_CODES].sort());
  });
});

describe("the README's error table", () => {
  const { header, rows } = tableAfter('**Refusals and failures**');
  const rowOf = (code: string) => rows.find((r) => codeOf(r.code) === code);

  it('has the columns code, status, Retry-After', () => {
    expect(header.slice(0, 3)).toEqual(['code', 'status', 'Retry-After']);
  });
  it.each(catalogue)('gives %s its status and its Retry-After', (code, entry) => {
    const row = rowOf(code);
    expect(row, `no row for ${code}`).toBeDefined();
    expect(row?.status).toBe(String(statusOf(entry)));
    // seconds, or an empty cell where the code sends none
    expect(row?.['Retry-After']).toBe(String(retryAfterOf(code, entry) ?? ''));
  });
  it('documents no error that does not exist, and none twice', () => {
    expect(rows.map((r) => codeOf(r.code)).sort()).toEqual(catalogue.map(([code]) => code).sort());
  });
});
