import type { Kysely } from 'kysely';

/**
 * Table types shared by both dialects. Times are ISO-8601 UTC strings
 * (`Date#toISOString`), which sort and compare correctly as text in SQLite and
 * PostgreSQL alike; JSON is stored as text; booleans as 0/1.
 */
export type MentionRow = {
  id: string;
  platform: string;
  post_id: string;
  source: string;
  text: string;
  lang: string;
  posted_at: string;
  url: string | null;
  conversation_id: string | null;
  in_reply_to_post_id: string | null;
  author_platform_id: string;
  author_handle: string;
  ingested_at: string;
  state: string;
  state_changed_at: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  failed_from: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  publish_started_at: string | null;
};

export type AuthorRow = {
  platform: string;
  id: string;
  handle: string;
  name: string;
  followers: number;
  verified: number;
  account_created_at: string | null;
  first_seen_at: string;
  last_seen_at: string;
};

export type VerdictRow = {
  mention_id: string;
  is_complaint: number;
  sentiment: number;
  category: string;
  severity: string;
  language: string;
  sarcasm: number;
  summary: string;
  reasons: string;
  action: string;
  priority: number;
  route: string;
  classifier: string;
  created_at: string;
};

export type DraftRow = {
  id: string;
  mention_id: string;
  version: number;
  text: string;
  language: string;
  moves_to_private: number;
  confidence: number;
  reviewer_note: string;
  origin: string;
  findings: string;
  instruction: string | null;
  created_by: string;
  created_at: string;
};

export type CardRow = {
  mention_id: string;
  channel: string;
  message_ref: string | null;
  posted_at: string | null;
  updated_at: string;
  due_at: string;
  reminded_at: string | null;
  breached_at: string | null;
};

export type DecisionRow = {
  id: string;
  mention_id: string;
  draft_id: string | null;
  reviewer: string;
  action: string;
  dismiss_reason: string | null;
  note: string | null;
  text_before: string | null;
  text_after: string | null;
  created_at: string;
};

export type ReplyRow = {
  mention_id: string;
  draft_id: string;
  text: string;
  reply_post_id: string;
  url: string | null;
  publisher: string;
  published_at: string;
};

export type CursorRow = { source_key: string; value: string; updated_at: string };
export type LeaseRow = { name: string; owner: string; expires_at: string };
export type JobRunRow = {
  job: string;
  run_key: string;
  owner: string;
  started_at: string;
  finished_at: string | null;
};
export type LlmUsageRow = {
  id: string;
  at: string;
  purpose: string;
  model: string;
  input_tokens: number;
  output_tokens: number;
};
export type SettingRow = { key: string; value: string; updated_at: string };

export type Database = {
  mentions: MentionRow;
  authors: AuthorRow;
  verdicts: VerdictRow;
  drafts: DraftRow;
  cards: CardRow;
  decisions: DecisionRow;
  replies: ReplyRow;
  cursors: CursorRow;
  leases: LeaseRow;
  job_runs: JobRunRow;
  llm_usage: LlmUsageRow;
  settings: SettingRow;
};

export type Db = Kysely<Database>;
