import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.ts';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../../src/config/load-config.ts';
import { configJsonSchema, JSON_SCHEMA_FILE } from '../../src/config/write-json-schema.ts';

function problemsOf(files: string[]) {
  try {
    loadConfig(files);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

describe('loading the configuration', () => {
  it('accepts the shipped default config', () => {
    const config = loadConfig([DEFAULT_CONFIG_FILE]);

    expect(config.brand.name).toBe('Acme');
    expect(config.triage.categories.length).toBeGreaterThan(3);
  });

  it('accepts every shipped example config on top of the defaults', () => {
    const examples = readdirSync('config').filter(
      (f) => f.endsWith('.yaml') && f !== 'default.yaml' && !f.startsWith('slack'),
    );

    for (const example of examples)
      expect(() => loadConfig([DEFAULT_CONFIG_FILE, `config/${example}`])).not.toThrow();
  });

  it('reports a wrong type, an unknown key and a YAML syntax error together, each with file, line and key', () => {
    const problems = problemsOf([DEFAULT_CONFIG_FILE, 'test/fixtures/config/malformed.yaml']);

    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'test/fixtures/config/malformed.yaml',
          line: 3,
          key: 'worker.batch_size',
        }),
        expect.objectContaining({
          file: 'test/fixtures/config/malformed.yaml',
          line: 5,
          key: 'brand.nmae',
          message: expect.stringContaining('unknown key'),
        }),
        expect.objectContaining({
          file: 'test/fixtures/config/malformed.yaml',
          message: expect.stringContaining('YAML syntax'),
        }),
      ]),
    );
  });

  it('reports names that do not refer to anything declared elsewhere', () => {
    const problems = problemsOf([DEFAULT_CONFIG_FILE, 'test/fixtures/config/evil.yaml']);

    const keys = problems.map((p) => p.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'triage.default_severity',
        'triage.categories[1].name',
        'review.service_levels.whenever',
      ]),
    );
    expect(problems.find((p) => p.key === 'triage.default_severity')).toMatchObject({
      line: 3,
      message: expect.stringContaining('low, normal, high, critical'),
    });
  });

  it('names a missing file instead of failing obscurely', () => {
    const problems = problemsOf([DEFAULT_CONFIG_FILE, 'test/fixtures/config/does-not-exist.yaml']);

    expect(problems).toEqual([
      expect.objectContaining({
        file: 'test/fixtures/config/does-not-exist.yaml',
        message: 'file not found',
      }),
    ]);
  });

  it('lets a later file override single keys and leaves the rest at their defaults', () => {
    const config = loadConfig([
      DEFAULT_CONFIG_FILE,
      'test/fixtures/config/empty.yaml',
      'test/fixtures/config/override.yaml',
    ]);

    expect(config.brand.name).toBe('Globex');
    expect(config.brand.handles).toEqual(['acme', 'acme_help']);
    expect(config.worker.batch_size).toBe(7);
    expect(config.triage.ignore.authors).toEqual(['competitor_bot']);
    expect(config.triage.ignore.keywords.length).toBeGreaterThan(0);
  });

  it('keeps the JSON Schema for editors in step with the zod schema', () => {
    expect(readFileSync(JSON_SCHEMA_FILE, 'utf8')).toBe(configJsonSchema());
  });
});
