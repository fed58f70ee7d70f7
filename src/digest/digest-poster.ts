import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One day's digest, ready to send. */
export type DigestMessage = {
  date: string;
  text: string;
  blocks: Record<string, unknown>[];
  markdown: string;
  chart: Buffer;
};

/** Where the digest goes: Slack, or files when Slack is not configured. */
export type DigestPoster = {
  describe(): string;
  post(message: DigestMessage): Promise<string>;
};

/** The stand-in: Markdown and chart under `folder`, one pair per day. */
export function createFileDigestPoster(folder: string): DigestPoster {
  return {
    describe: () => `files in ${folder}/`,
    async post(message) {
      mkdirSync(folder, { recursive: true });
      const base = join(folder, `digest-${message.date}`);
      writeFileSync(`${base}.md`, message.markdown);
      writeFileSync(`${base}.png`, message.chart);
      return `${base}.md`;
    },
  };
}
