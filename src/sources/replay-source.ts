import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../domain/errors.ts';
import { type Mention, mentionId } from '../domain/mention.ts';
import type { MentionSource } from './mention-source.ts';

/** One line of a replay file; field names follow X's API v2 where they exist. */
const replayLine = z.object({
  id: z.string().min(1),
  text: z.string(),
  lang: z.string().default('und'),
  created_at: z.string().datetime({ offset: true }).optional(),
  conversation_id: z.string().optional(),
  in_reply_to_id: z.string().optional(),
  author: z.object({
    id: z.string().min(1),
    username: z.string().min(1),
    name: z.string().optional(),
    followers_count: z.number().int().nonnegative().default(0),
    verified: z.boolean().default(false),
    created_at: z.string().optional(),
  }),
});

/**
 * Mentions from a JSONL file, one post per line: the embedded default source and
 * a way to replay an export. The cursor is the number of lines consumed, so a
 * restart continues after the last committed line. Posts without `created_at`
 * are stamped with the time they are read.
 */
export function createReplaySource(
  file: string,
  clock: { now(): Date },
  platform = 'replay',
  pageSize = 100,
): MentionSource {
  return {
    key: `replay:${file}`,
    describe: () => `replay file ${file}`,
    fetch: async (cursor) => {
      const lines = readLines(file);
      const start = cursor ? Number(cursor) : 0;
      const end = Math.min(lines.length, start + pageSize);
      const mentions: Mention[] = [];
      for (let i = start; i < end; i++) {
        const line = lines[i] ?? '';
        if (line.trim())
          mentions.push(toMention(parseLine(file, i + 1, line), platform, clock.now()));
      }
      return { mentions, cursor: String(end), hasMore: end < lines.length };
    },
  };
}

/** The last file read, kept while its size and time are unchanged (a burst is read page by page). */
let cached: { file: string; size: number; mtimeMs: number; lines: string[] } | null = null;

function readLines(file: string): string[] {
  try {
    const { size, mtimeMs } = statSync(file);
    if (cached?.file === file && cached.size === size && cached.mtimeMs === mtimeMs)
      return cached.lines;
    const lines = readFileSync(file, 'utf8').split('\n');
    // A last line still being written (no newline yet) is read next time.
    if (lines.at(-1) !== '') lines.pop();
    cached = { file, size, mtimeMs, lines };
    return lines;
  } catch (error) {
    throw new AppError(
      'config_missing',
      `Cannot read the replay file ${file} (${(error as Error).message}). Set sources.replay.file to an existing JSONL file or null.`,
    );
  }
}

function parseLine(file: string, lineNumber: number, line: string): z.infer<typeof replayLine> {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new AppError(
      'invalid_input',
      `${file}:${lineNumber}: not valid JSON. Each line must be one JSON object.`,
    );
  }
  const parsed = replayLine.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'invalid_input',
      `${file}:${lineNumber}: ${issue?.path.join('.') || 'line'}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

/** Maps one replay line (X API v2 field names) to a mention; the bench reuses it for synthetic posts. */
export function toMention(line: z.infer<typeof replayLine>, platform: string, now: Date): Mention {
  return {
    id: mentionId(platform, line.id),
    platform,
    postId: line.id,
    source: 'replay',
    text: line.text,
    lang: line.lang,
    postedAt: line.created_at ? new Date(line.created_at).toISOString() : now.toISOString(),
    url: null,
    conversationId: line.conversation_id ?? line.id,
    inReplyToPostId: line.in_reply_to_id ?? null,
    author: {
      id: line.author.id,
      handle: line.author.username,
      name: line.author.name ?? line.author.username,
      followers: line.author.followers_count,
      verified: line.author.verified,
      accountCreatedAt: line.author.created_at ?? null,
    },
  };
}
