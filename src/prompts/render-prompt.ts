import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../domain/errors.ts';

const PROMPTS_DIR = join(import.meta.dirname, '..', '..', 'prompts');
const cache = new Map<string, string>();

/**
 * Renders `prompts/<name>.md`, replacing `{{key}}` with `values[key]`. Prompts
 * are code: reviewed in `prompts/`, rendered only here, tested on their text.
 * A placeholder without a value (or a value no placeholder uses) is an error,
 * so a renamed key can never silently send a prompt with a hole in it.
 */
export function renderPrompt(name: string, values: Record<string, string>): string {
  const template = loadPrompt(name);
  const used = new Set<string>();
  const text = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_whole, key: string) => {
    const value = values[key];
    if (value === undefined)
      throw new AppError(
        'invalid_input',
        `prompts/${name}.md uses {{${key}}} but no value was given for it.`,
      );
    used.add(key);
    return value;
  });
  const unused = Object.keys(values).filter((k) => !used.has(k));
  if (unused.length > 0)
    throw new AppError(
      'invalid_input',
      `prompts/${name}.md has no placeholder for: ${unused.join(', ')}.`,
    );
  return text;
}

function loadPrompt(name: string): string {
  let template = cache.get(name);
  if (template === undefined) {
    try {
      template = readFileSync(join(PROMPTS_DIR, `${name}.md`), 'utf8');
    } catch {
      throw new AppError(
        'config_missing',
        `The prompt prompts/${name}.md is missing; it ships with complaint-radar, restore it from the repository.`,
      );
    }
    cache.set(name, template);
  }
  return template;
}
