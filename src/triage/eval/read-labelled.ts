import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { AppError } from '../../domain/errors.ts';

/** One labelled post: the text, whether it is a complaint, and what else the file says. */
export type LabelledPost = {
  text: string;
  complaint: boolean;
  category?: string;
  sentiment?: number;
  /** 1-based line (JSONL) or record (CSV) number, for reports. */
  line: number;
};

export type ColumnMap = {
  /** Column name, or 1-based position for header-less CSV. */
  text: string;
  complaint: string;
  category?: string;
  sentiment?: string;
  /** The CSV has no header row: columns are addressed by position. */
  noHeader: boolean;
};

export const DEFAULT_COLUMNS: ColumnMap = {
  text: 'text',
  complaint: 'complaint',
  noHeader: false,
};

/**
 * Reads labelled posts from JSONL or CSV (by extension), mapping columns by
 * name or by position, so a user's own export works as well as a research set.
 */
export function readLabelled(file: string, columns: ColumnMap): LabelledPost[] {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('invalid_input', `Cannot read ${file}: ${(error as Error).message}.`);
  }
  const rows = /\.jsonl?$/i.test(file) ? readJsonLines(file, raw) : readCsv(file, raw, columns);
  return rows.map(({ record, line }) => toPost(file, record, line, columns));
}

type RawRow = { record: Record<string, unknown> | unknown[]; line: number };

function readJsonLines(file: string, raw: string): RawRow[] {
  const rows: RawRow[] = [];
  raw.split('\n').forEach((text, i) => {
    if (!text.trim()) return;
    try {
      rows.push({ record: JSON.parse(text) as Record<string, unknown>, line: i + 1 });
    } catch {
      throw new AppError('invalid_input', `${file}:${i + 1}: not valid JSON.`);
    }
  });
  return rows;
}

function readCsv(file: string, raw: string, columns: ColumnMap): RawRow[] {
  try {
    const records = parse(raw, {
      columns: !columns.noHeader,
      skip_empty_lines: true,
      relax_column_count: true,
      bom: true,
    }) as (Record<string, unknown> | unknown[])[];
    return records.map((record, i) => ({ record, line: i + (columns.noHeader ? 1 : 2) }));
  } catch (error) {
    throw new AppError('invalid_input', `${file}: not valid CSV (${(error as Error).message}).`);
  }
}

function toPost(
  file: string,
  record: Record<string, unknown> | unknown[],
  line: number,
  columns: ColumnMap,
): LabelledPost {
  const get = (column: string | undefined): unknown => {
    if (column === undefined) return undefined;
    if (Array.isArray(record)) return record[Number(column) - 1];
    return record[column];
  };
  const text = get(columns.text);
  if (typeof text !== 'string')
    throw new AppError(
      'invalid_input',
      `${file}:${line}: no text in column "${columns.text}". Name the column with --text (a name, or a position with --no-header).`,
    );
  const complaint = toBoolean(get(columns.complaint));
  if (complaint === null)
    throw new AppError(
      'invalid_input',
      `${file}:${line}: the label in column "${columns.complaint}" is ${JSON.stringify(get(columns.complaint))}; use 1/0 or true/false, or name the column with --label.`,
    );
  const category = get(columns.category);
  const sentiment = Number(get(columns.sentiment));
  return {
    text,
    complaint,
    line,
    category: typeof category === 'string' && category ? category : undefined,
    sentiment: columns.sentiment && Number.isFinite(sentiment) ? sentiment : undefined,
  };
}

function toBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  const text = String(value ?? '')
    .trim()
    .toLowerCase();
  if (['1', 'true', 'yes', 'complaint'].includes(text)) return true;
  if (['0', 'false', 'no', 'not_complaint', 'not complaint'].includes(text)) return false;
  return null;
}
