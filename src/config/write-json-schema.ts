import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { configSchema } from './schema.ts';

export const JSON_SCHEMA_FILE = 'config/complaint-radar.schema.json';

/** The JSON Schema editors use for completion, generated from the one zod schema. */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'complaint-radar configuration' }, null, 2)}\n`;
}

export function writeConfigJsonSchema(file = JSON_SCHEMA_FILE): void {
  writeFileSync(file, configJsonSchema());
}
