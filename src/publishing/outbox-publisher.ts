import { randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Mention } from '../domain/mention.ts';
import type { PublishedReply, ReplyPublisher } from './reply-publisher.ts';

const outboxLine = z.object({ id: z.string(), mention_id: z.string(), published_at: z.string() });

/**
 * The local stand-in for X: appends each reply as one JSON line to a file.
 * Nothing leaves the machine. Like X, it can be asked whether a reply to a
 * mention already exists, which is what makes publishing exactly-once.
 */
export function createOutboxPublisher(file: string, clock: { now(): Date }): ReplyPublisher {
  return {
    name: 'outbox',
    isLocal: true,
    describe: () => `local outbox ${file} (nothing is posted)`,
    findExisting: async (mention) => findInOutbox(file, mention.id),
    publish: async (mention, text) => appendToOutbox(file, mention, text, clock.now()),
  };
}

function findInOutbox(file: string, mentionId: string): PublishedReply | null {
  if (!existsSync(file)) return null;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const parsed = outboxLine.safeParse(safeJson(line));
    if (parsed.success && parsed.data.mention_id === mentionId) {
      return { replyPostId: parsed.data.id, url: null, publishedAt: parsed.data.published_at };
    }
  }
  return null;
}

function appendToOutbox(file: string, mention: Mention, text: string, now: Date): PublishedReply {
  mkdirSync(dirname(file), { recursive: true });
  const reply: PublishedReply = {
    replyPostId: `outbox-${randomUUID()}`,
    url: null,
    publishedAt: now.toISOString(),
  };
  const line = JSON.stringify({
    id: reply.replyPostId,
    mention_id: mention.id,
    in_reply_to: mention.postId,
    to: `@${mention.author.handle}`,
    text,
    published_at: reply.publishedAt,
  });
  // fsync before reporting success: the caller records the reply as published next.
  const fd = openSync(file, 'a');
  try {
    writeSync(fd, `${line}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return reply;
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}
