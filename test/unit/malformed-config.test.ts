import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.ts';
import { loadConfig } from '../../src/config/load-config.ts';

const shipped = readFileSync('config/default.yaml', 'utf8').split('\n');
const dir = mkdtempSync(join(tmpdir(), 'complaint-radar-config-'));

/** Edits ops make by mistake: a line dropped, a value replaced, indentation broken, junk pasted. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), line: fc.nat(shipped.length - 1) }),
  fc.record({
    kind: fc.constant('value' as const),
    line: fc.nat(shipped.length - 1),
    value: fc.constantFrom(
      '',
      '-1',
      'yes',
      '[',
      '{a: 1',
      '"unterminated',
      '0x10',
      '~',
      '1e999',
      '&anchor *alias',
      '!!binary AAAA',
      '\u0000',
      'ﾠ',
    ),
  }),
  fc.record({
    kind: fc.constant('indent' as const),
    line: fc.nat(shipped.length - 1),
    by: fc.integer({ min: -4, max: 5 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    line: fc.nat(shipped.length - 1),
    text: fc.string({ unit: 'binary', maxLength: 30 }),
  }),
);

function applyShape(change: {
  kind: string;
  line: number;
  value?: string;
  by?: number;
  text?: string;
}) {
  return (lines: string[]) => {
    const copy = [...lines];
    const current = copy[change.line] ?? '';
    if (change.kind === 'drop') copy.splice(change.line, 1);
    if (change.kind === 'value') copy[change.line] = current.replace(/:\s.*$/, `: ${change.value}`);
    if (change.kind === 'indent')
      copy[change.line] =
        (change.by ?? 0) >= 0
          ? ' '.repeat(change.by ?? 0) + current
          : current.slice(-(change.by ?? 0));
    if (change.kind === 'insert') copy.splice(change.line, 0, change.text ?? '');
    return copy;
  };
}

describe('a config broken by hand', () => {
  it('either loads or is refused with every problem located by file, line and key, never a crash', () => {
    let refused = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (changes) => {
        const lines = changes.reduce((acc, change) => applyShape(change)(acc), shipped);
        const file = join(dir, 'mutated.yaml');
        writeFileSync(file, lines.join('\n'));
        try {
          loadConfig([file]);
        } catch (error) {
          refused += 1;
          expect(error).toBeInstanceOf(ConfigError);
          const problems = (error as ConfigError).problems;
          expect(problems.length).toBeGreaterThan(0);
          for (const p of problems) {
            expect(resolve(p.file)).toBe(file);
            expect(p.message.length).toBeGreaterThan(0);
            expect(p.line).toBeGreaterThan(0);
          }
          expect((error as Error).message).toContain('mutated.yaml');
        }
      }),
      { numRuns: 200, seed: 11 },
    );
    // The mutations are real: a good share of them must break the config.
    expect(refused).toBeGreaterThan(20);
  });
});
