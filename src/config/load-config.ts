import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { type Document, isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from './config-error.ts';
import { type Config, configSchema } from './schema.ts';

export const DEFAULT_CONFIG_FILE = 'config/default.yaml';
/** Optional, git-ignored overrides next to the defaults. */
export const LOCAL_CONFIG_FILE = 'config/local.yaml';

type ParsedFile = { file: string; doc: Document; lines: LineCounter; value: unknown };

/**
 * The config files in effect, later ones overriding earlier ones key by key:
 * the shipped defaults, then `config/local.yaml` if present, then the files named
 * by `--config` or COMPLAINT_RADAR_CONFIG (separated by commas).
 */
export function configFiles(explicit: string[] = [], env = process.env): string[] {
  const fromEnv = (env.COMPLAINT_RADAR_CONFIG ?? '').split(',').filter(Boolean);
  const files = [DEFAULT_CONFIG_FILE];
  if (existsSync(LOCAL_CONFIG_FILE)) files.push(LOCAL_CONFIG_FILE);
  return [...files, ...fromEnv, ...explicit];
}

/** Loads, merges and validates; throws ConfigError listing every problem with file, line and key. */
export function loadConfig(files: string[]): Config {
  const problems: ConfigProblem[] = [];
  const parsed: ParsedFile[] = [];
  for (const file of files) {
    const result = parseFile(file);
    problems.push(...result.problems);
    if (result.parsed) parsed.push(result.parsed);
  }
  const merged = parsed.reduce<unknown>((acc, p) => mergeConfig(acc, p.value), {});
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const located = result.error.issues.map((i) => locateIssue(i, parsed));
    // Where syntax errors broke the structure, a schema issue with no place in any
    // file is their echo; the syntax errors already say where to look.
    const hadSyntaxErrors = problems.some((p) => p.message.startsWith('YAML syntax'));
    problems.push(...located.filter((p) => p.line > 0 || !hadSyntaxErrors));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return (result as { data: Config }).data;
}

/**
 * A file with YAML syntax errors is still validated as far as it parsed, so one
 * report shows the syntax error and the schema problems together.
 */
function parseFile(file: string): { parsed?: ParsedFile; problems: ConfigProblem[] } {
  const shown = relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    return { problems: [{ file: shown, line: 0, column: 0, key: '', message: reason }] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    // Warnings (e.g. a broken indent turning a list into a map key) surface as problems instead.
    logLevel: 'error',
  });
  const problems: ConfigProblem[] = doc.errors.map((e) => {
    const pos = lines.linePos(e.pos[0]);
    const message = `YAML syntax: ${e.message.split('\n')[0]}`;
    return { file: shown, line: pos.line, column: pos.col, key: '', message };
  });
  let value: unknown;
  try {
    value = doc.toJS() ?? {};
  } catch {
    return { problems };
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    const message = 'expected a mapping of sections at the top level';
    problems.push({ file: shown, line: 1, column: 1, key: '', message });
    return { problems };
  }
  return { parsed: { file: shown, doc, lines, value }, problems };
}

/** Objects merge key by key; anything else (lists included) replaces. */
function mergeConfig(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = mergeConfig(base[key], value);
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function locateIssue(issue: z.core.$ZodIssue, files: ParsedFile[]): ConfigProblem {
  const path = [...issue.path].map((p) => (typeof p === 'symbol' ? String(p) : p));
  const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...path, k]) : [path];
  const target = keys[0] ?? path;
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${shorten(k)}"`).join(', ')}; check the spelling against config/complaint-radar.schema.json`
      : issue.message;
  for (const file of [...files].reverse()) {
    const found = deepestNode(file, target);
    if (found) {
      const pos = file.lines.linePos(found.offset);
      return { file: file.file, line: pos.line, column: pos.col, key: formatPath(target), message };
    }
  }
  // Not in any file (a default the files broke, or a key that is not a plain name):
  // point at the top of the last file rather than nowhere.
  return {
    file: files.at(-1)?.file ?? '(config)',
    line: files.length ? 1 : 0,
    column: files.length ? 1 : 0,
    key: shorten(formatPath(target)),
    message: shorten(message),
  };
}

/** Offset of the node at `path`, or of its deepest existing ancestor's key; null if not in this file. */
function deepestNode(file: ParsedFile, path: (string | number)[]): { offset: number } | null {
  let node: unknown = file.doc.contents;
  let offset: number | null = null;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown })?.value === part);
      if (!pair) break;
      offset = (pair.key as { range?: [number, number, number] }).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as { range?: [number, number, number] } | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === null ? null : { offset };
}

/** Keys made of whole YAML collections (a broken indent) would fill the screen. */
function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}

function formatPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
