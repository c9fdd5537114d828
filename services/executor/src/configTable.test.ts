// The README's configuration table against config.ts, in both directions: every variable the service
// reads is documented, nothing documented is missing from the code, and each documented default is the
// one in force.
//
// How strict, and why: a default written as one value (`8080`, `true`, `builtin`) is proved by behaviour:
// setting the variable to it must give the same configuration as leaving it unset. That catches a wrong
// number, a wrong word and a value the schema refuses, without restating config.ts's mapping from
// variables to Config fields here (a copy that would drift in its own right). A default described in
// words ("none", "the host name") is allowed only for the variables named below, which have no single
// value to compare; so a new variable with a real default cannot be documented vaguely.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, defaultInstanceId, loadConfig } from './config.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** Variables the table documents that config.ts does not read. */
const READ_ELSEWHERE: Record<string, string> = {
  DOCKER_HOST: 'read by dockerode itself when docker/dockerodeClient.ts makes its client',
};

/**
 * Defaults the table describes in words. `sameAs`, where there is one, is the value that, set
 * explicitly, must give the configuration the unset variable gives.
 */
const DEFAULTS_IN_WORDS: Record<string, { why: string; sameAs?: () => string }> = {
  DOCKER_HOST: { why: "dockerode's own default, the local socket" },
  EXECUTOR_BASE_IMAGE: { why: 'chosen when the image is built: the official Node image if present, else the local base' },
  EXECUTOR_DATASETS_DIR: { why: 'nothing is mounted without it' },
  EXECUTOR_EGRESS_ALLOW: { why: 'an empty allowlist', sameAs: () => '' },
  EXECUTOR_INSTANCE_ID: { why: 'the host name, cleaned to a label value', sameAs: () => defaultInstanceId() },
};

function configTable(): Array<{ variable: string; default: string }> {
  const section = readme.slice(readme.indexOf('\n## Configuration\n'));
  const lines = section.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| variable |'));
  if (start < 0) throw new Error('README.md has no configuration table under "## Configuration"');
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
  return lines.slice(start + 2, end === -1 ? undefined : end).map((l) => {
    const [variable = '', dflt = ''] = l
      .slice(1)
      .split(' | ')
      .map((c) => c.trim());
    return { variable: /^`([A-Z_]+)`$/.exec(variable)?.[1] ?? variable, default: dflt };
  });
}

const table = configTable();
const literal = (cell: string) => /^`([^`]*)`$/.exec(cell)?.[1];

describe("the README's configuration table", () => {
  it('documents every variable config.ts reads', () => {
    const documented = new Set(table.map((r) => r.variable));
    expect(CONFIG_VARIABLES.filter((v) => !documented.has(v))).toEqual([]);
  });

  it('documents no variable that does not exist, and none twice', () => {
    const known = new Set<string>([...CONFIG_VARIABLES, ...Object.keys(READ_ELSEWHERE)]);
    expect(table.map((r) => r.variable).filter((v) => !known.has(v))).toEqual([]);
    expect(new Set(table.map((r) => r.variable)).size).toBe(table.length);
    // and this file names no variable that has left the table
    const named = [...Object.keys(READ_ELSEWHERE), ...Object.keys(DEFAULTS_IN_WORDS)];
    expect(named.filter((v) => !table.some((r) => r.variable === v))).toEqual([]);
  });

  it.each(table)('names a default for $variable', ({ variable, default: cell }) => {
    expect(cell, `${variable} has an empty default cell`).not.toBe('');
    if (literal(cell) === undefined) {
      expect(DEFAULTS_IN_WORDS, `${variable}'s default "${cell}" is not one value in backticks`).toHaveProperty(variable);
    }
  });

  // each documented default that is one value: the literal, or the value a default in words stands for
  const checkable = table.flatMap(({ variable, default: cell }) => {
    const value = variable in READ_ELSEWHERE ? undefined : (literal(cell) ?? DEFAULTS_IN_WORDS[variable]?.sameAs?.());
    return value === undefined ? [] : [{ variable, value }];
  });
  it.each(checkable)('gives $variable the default config.ts applies', ({ variable, value }) => {
    expect(loadConfig({ [variable]: value })).toEqual(loadConfig({}));
  });
});
