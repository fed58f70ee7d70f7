import { randomUUID } from 'node:crypto';
import type { LlmUsage } from '../openai/llm-client.ts';
import type { Db } from './database.ts';

/** Every model call's tokens, for the daily budget and the digest's cost line. */
export async function recordLlmUsage(
  db: Db,
  purpose: string,
  model: string,
  usage: LlmUsage,
  now: Date,
): Promise<void> {
  await db
    .insertInto('llm_usage')
    .values({
      id: randomUUID(),
      at: now.toISOString(),
      purpose,
      model,
      input_tokens: usage.inputTokens,
      output_tokens: usage.outputTokens,
    })
    .execute();
}

/** Tokens spent since `since` (the start of the budget's day). */
export async function tokensSpentSince(db: Db, since: Date): Promise<number> {
  const row = await db
    .selectFrom('llm_usage')
    .select((eb) => [
      eb.fn.sum<number>('input_tokens').as('input'),
      eb.fn.sum<number>('output_tokens').as('output'),
    ])
    .where('at', '>=', since.toISOString())
    .executeTakeFirst();
  return Number(row?.input ?? 0) + Number(row?.output ?? 0);
}
