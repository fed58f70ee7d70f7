import type { Config } from '../config/schema.ts';
import type { Digest } from './compute-digest.ts';
import type { DigestMessage } from './digest-poster.ts';
import { renderDigestChart } from './render-digest-chart.ts';
import { renderDigestMarkdown, renderDigestSlack } from './render-digest.ts';

export async function buildDigestMessage(digest: Digest, config: Config): Promise<DigestMessage> {
  const slack = renderDigestSlack(digest, config.brand.name);
  return {
    date: digest.date,
    text: slack.text,
    blocks: slack.blocks,
    markdown: renderDigestMarkdown(digest, config.brand.name),
    chart: await renderDigestChart(digest),
  };
}
