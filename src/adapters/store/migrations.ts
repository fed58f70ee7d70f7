import type { Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';

/**
 * Migrations live in code (not files read at run time) so they ship with the
 * module graph. Column types are the ones both SQLite and PostgreSQL accept;
 * never edit a released migration, add a new one.
 */
const migrations: Record<string, Migration> = {
  '0001-lifecycle': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('mentions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('post_id', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('lang', 'text', (c) => c.notNull())
        .addColumn('posted_at', 'text', (c) => c.notNull())
        .addColumn('url', 'text')
        .addColumn('conversation_id', 'text')
        .addColumn('in_reply_to_post_id', 'text')
        .addColumn('author_platform_id', 'text', (c) => c.notNull())
        .addColumn('author_handle', 'text', (c) => c.notNull())
        .addColumn('ingested_at', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('state_changed_at', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('next_attempt_at', 'text')
        .addColumn('failed_from', 'text')
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'text')
        .addColumn('publish_started_at', 'text')
        .addUniqueConstraint('mentions_platform_post', ['platform', 'post_id'])
        .execute();
      await db.schema
        .createIndex('mentions_state_due')
        .on('mentions')
        .columns(['state', 'next_attempt_at'])
        .execute();
      await db.schema
        .createIndex('mentions_author')
        .on('mentions')
        .columns(['author_platform_id', 'posted_at'])
        .execute();
      await db.schema.createIndex('mentions_posted').on('mentions').column('posted_at').execute();
      await db.schema
        .createIndex('mentions_conversation')
        .on('mentions')
        .columns(['conversation_id', 'author_platform_id'])
        .execute();

      await db.schema
        .createTable('authors')
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('handle', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('followers', 'integer', (c) => c.notNull())
        .addColumn('verified', 'integer', (c) => c.notNull())
        .addColumn('account_created_at', 'text')
        .addColumn('first_seen_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('authors_pk', ['platform', 'id'])
        .execute();
      await db.schema.createIndex('authors_id').on('authors').column('id').execute();

      await db.schema
        .createTable('verdicts')
        .addColumn('mention_id', 'text', (c) => c.primaryKey().references('mentions.id'))
        .addColumn('is_complaint', 'integer', (c) => c.notNull())
        .addColumn('sentiment', 'double precision', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('sarcasm', 'integer', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('priority', 'double precision', (c) => c.notNull())
        .addColumn('route', 'text', (c) => c.notNull())
        .addColumn('classifier', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('drafts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('mention_id', 'text', (c) => c.notNull().references('mentions.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('moves_to_private', 'integer', (c) => c.notNull())
        .addColumn('confidence', 'double precision', (c) => c.notNull())
        .addColumn('reviewer_note', 'text', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('findings', 'text', (c) => c.notNull())
        .addColumn('instruction', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('drafts_mention_version', ['mention_id', 'version'])
        .execute();

      await db.schema
        .createTable('cards')
        .addColumn('mention_id', 'text', (c) => c.primaryKey().references('mentions.id'))
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('message_ref', 'text')
        .addColumn('posted_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('reminded_at', 'text')
        .addColumn('breached_at', 'text')
        .execute();

      await db.schema
        .createTable('decisions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('mention_id', 'text', (c) => c.notNull().references('mentions.id'))
        .addColumn('draft_id', 'text')
        .addColumn('reviewer', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('dismiss_reason', 'text')
        .addColumn('note', 'text')
        .addColumn('text_before', 'text')
        .addColumn('text_after', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('decisions_mention')
        .on('decisions')
        .columns(['mention_id', 'created_at'])
        .execute();
      await db.schema
        .createIndex('decisions_created')
        .on('decisions')
        .column('created_at')
        .execute();

      await db.schema
        .createTable('replies')
        .addColumn('mention_id', 'text', (c) => c.primaryKey().references('mentions.id'))
        .addColumn('draft_id', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('reply_post_id', 'text', (c) => c.notNull())
        .addColumn('url', 'text')
        .addColumn('publisher', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('cursors')
        .addColumn('source_key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('job_runs')
        .addColumn('job', 'text', (c) => c.notNull())
        .addColumn('run_key', 'text', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addPrimaryKeyConstraint('job_runs_pk', ['job', 'run_key'])
        .execute();

      await db.schema
        .createTable('llm_usage')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('input_tokens', 'integer', (c) => c.notNull())
        .addColumn('output_tokens', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('llm_usage_at').on('llm_usage').column('at').execute();

      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
