import { loadConfig, configFiles } from '../config/load-config.ts';
import type { Config } from '../config/schema.ts';
import { AppError } from '../domain/errors.ts';
import type { Mention } from '../domain/mention.ts';
import type { Verdict } from '../domain/verdict.ts';
import type { Classifier } from '../triage/classifier.ts';
import { EMPTY_HISTORY } from '../triage/classifier.ts';
import { labelsFromStore, parseSince } from '../triage/eval/labels-from-store.ts';
import { DEFAULT_COLUMNS, type LabelledPost, readLabelled } from '../triage/eval/read-labelled.ts';
import { type EvalScores, scoreVerdicts } from '../triage/eval/score-verdicts.ts';
import { createOfflineClassifier } from '../triage/offline-classifier.ts';
import type { Command } from './command.ts';
import { CONFIG_OPTION, parseOptions } from './parse-options.ts';

const CHUNK = 500;

export const triageEvalCommand: Command = {
  name: 'triage-eval',
  summary: 'Score triage on labelled posts (JSONL or CSV) or on reviewers’ past decisions.',
  help: `Usage: complaint-radar triage-eval <file> [options]
       complaint-radar triage-eval --from-store [--since 7d] [options]

Runs triage over labelled posts and prints precision, recall and F1 for
complaints, macro F1, accuracy, the confusion matrix, per-category accuracy
(where the file labels categories) and throughput.

Input: JSONL (one object per line) or CSV (by extension). By default the text
is in column "text" and the label in "complaint" (1/0 or true/false).
  --text <col>        column of the post text (a name, or a 1-based position)
  --label <col>       column of the complaint label
  --category <col>    column of the category label (optional)
  --sentiment <col>   column of a sentiment label (optional)
  --no-header         the CSV has no header row; address columns by position
                      e.g. --no-header --text 2 --label 3

Options:
  --classifier offline|llm  which classifier to score (default offline; llm needs OPENAI_API_KEY)
  --config <file>           extra config applied after the defaults (repeatable)
  --compare <file>          also run with this config added, and list the posts
                            whose verdict the change flips
  --from-store              use reviewers' decisions in the store as labels
  --since <age>             with --from-store: how far back (default 7d; e.g. 12h, 30d)
  --limit <n>               score only the first n posts
  --json                    print the figures as JSON`,
  async run(args, ctx) {
    const { values, positionals } = parseOptions(
      args,
      {
        text: { type: 'string' },
        label: { type: 'string' },
        category: { type: 'string' },
        sentiment: { type: 'string' },
        'no-header': { type: 'boolean' },
        classifier: { type: 'string', default: 'offline' },
        compare: { type: 'string' },
        'from-store': { type: 'boolean' },
        since: { type: 'string', default: '7d' },
        limit: { type: 'string' },
        json: { type: 'boolean' },
        ...CONFIG_OPTION,
      },
      true,
    );
    const kind = values.classifier;
    if (kind !== 'offline' && kind !== 'llm')
      throw new AppError('invalid_input', `--classifier must be offline or llm, not "${kind}".`);
    const [file] = positionals;
    if (!file && !values['from-store'])
      throw new AppError('invalid_input', 'Give a labelled file, or --from-store. See --help.');

    let posts: LabelledPost[];
    let source: string;
    let classifier: Classifier;
    let close = async () => {};
    if (values['from-store'] || kind === 'llm') {
      const app = await ctx.openApp({ configFiles: values.config });
      close = app.close;
      if (kind === 'llm' && app.deps.classifier.name !== 'llm')
        throw new AppError(
          'config_missing',
          'The LLM classifier needs OPENAI_API_KEY (and llm.daily_token_budget above 0).',
        );
      classifier = kind === 'llm' ? app.deps.classifier : createOfflineClassifier(app.config.get);
      if (values['from-store']) {
        const since = parseSince(values.since, new Date());
        if (!since)
          throw new AppError(
            'invalid_input',
            `--since "${values.since}" is not like 7d, 12h or 30m.`,
          );
        posts = await labelsFromStore(app.deps.store.db, since);
        source = `reviewers' decisions since ${since.toISOString()}`;
      } else {
        posts = readLabelled(file as string, columnMap(values));
        source = file as string;
      }
    } else {
      const config = loadConfig(configFiles(values.config ?? []));
      classifier = createOfflineClassifier(() => config);
      posts = readLabelled(file as string, columnMap(values));
      source = file as string;
    }
    try {
      if (values.limit) posts = posts.slice(0, Math.max(0, Number(values.limit)));
      if (posts.length === 0)
        throw new AppError('invalid_input', `No labelled posts found in ${source}.`);
      const progress = createProgress(ctx.stderr, posts.length, !values.json);
      const started = performance.now();
      const verdicts = await classifyAll(classifier, posts, progress);
      const seconds = (performance.now() - started) / 1000;
      progress.done();
      const scores = scoreVerdicts(
        posts.map((p, i) => ({
          truth: p.complaint,
          predicted: verdicts[i]?.isComplaint ?? false,
          category: p.category,
          predictedCategory: verdicts[i]?.category,
        })),
      );
      const flips = values.compare
        ? await compareWith(values.compare, values.config ?? [], posts, verdicts)
        : undefined;
      const report = {
        source,
        classifier: classifier.name,
        scores,
        seconds,
        postsPerSecond: posts.length / Math.max(seconds, 1e-9),
        flips,
      };
      ctx.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
      return 0;
    } finally {
      await close();
    }
  },
};

function columnMap(values: {
  text?: string;
  label?: string;
  category?: string;
  sentiment?: string;
  'no-header'?: boolean;
}) {
  return {
    text: values.text ?? DEFAULT_COLUMNS.text,
    complaint: values.label ?? DEFAULT_COLUMNS.complaint,
    category: values.category,
    sentiment: values.sentiment,
    noHeader: values['no-header'] ?? false,
  };
}

/** A labelled post as a mention: an ordinary customer, so only the text decides. */
export function postAsMention(text: string, index: number): Mention {
  return {
    id: `eval:${index}`,
    platform: 'eval',
    postId: String(index),
    source: 'eval',
    text,
    lang: 'und',
    postedAt: new Date(0).toISOString(),
    url: null,
    conversationId: null,
    inReplyToPostId: null,
    author: {
      id: `eval-author-${index}`,
      handle: 'customer',
      name: 'Customer',
      followers: 100,
      verified: false,
      accountCreatedAt: null,
    },
  };
}

async function classifyAll(
  classifier: Classifier,
  posts: LabelledPost[],
  progress: { tick(n: number): void },
): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  for (let i = 0; i < posts.length; i += CHUNK) {
    const chunk = posts.slice(i, i + CHUNK);
    verdicts.push(
      ...(await classifier.classify(
        chunk.map((p, j) => ({ mention: postAsMention(p.text, i + j), history: EMPTY_HISTORY })),
      )),
    );
    progress.tick(chunk.length);
  }
  return verdicts;
}

async function compareWith(
  file: string,
  base: string[],
  posts: LabelledPost[],
  verdicts: Verdict[],
) {
  const other: Config = loadConfig(configFiles([...base, file]));
  const changed = await classifyAll(
    createOfflineClassifier(() => other),
    posts,
    { tick() {} },
  );
  return posts.flatMap((post, i) => {
    const before = verdicts[i];
    const after = changed[i];
    if (!before || !after || before.isComplaint === after.isComplaint) return [];
    return [
      {
        line: post.line,
        text: post.text,
        label: post.complaint,
        before: before.isComplaint,
        after: after.isComplaint,
        nowCorrect: after.isComplaint === post.complaint,
      },
    ];
  });
}

function createProgress(out: NodeJS.WritableStream, total: number, enabled: boolean) {
  const tty = enabled && (out as NodeJS.WriteStream).isTTY === true && total > CHUNK;
  let done = 0;
  return {
    tick(n: number) {
      done += n;
      if (!tty) return;
      const width = 30;
      const filled = Math.round((done / total) * width);
      out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    },
    done() {
      if (tty) out.write('\n');
    },
  };
}

type Report = {
  source: string;
  classifier: string;
  scores: EvalScores;
  seconds: number;
  postsPerSecond: number;
  flips?: {
    line: number;
    text: string;
    label: boolean;
    before: boolean;
    after: boolean;
    nowCorrect: boolean;
  }[];
};

function renderReport(r: Report): string {
  const s = r.scores;
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
  const c = s.confusion;
  const lines = [
    `Triage (${r.classifier}) on ${s.items} posts from ${r.source}`,
    '',
    `                 precision  recall     F1`,
    `complaint        ${pct(s.complaint.precision).padStart(9)}  ${pct(s.complaint.recall).padStart(6)}  ${s.complaint.f1.toFixed(3)}`,
    `not a complaint  ${pct(s.notComplaint.precision).padStart(9)}  ${pct(s.notComplaint.recall).padStart(6)}  ${s.notComplaint.f1.toFixed(3)}`,
    '',
    `macro F1   ${s.macroF1.toFixed(3)}`,
    `accuracy   ${pct(s.accuracy)}`,
    '',
    'confusion (rows: label, columns: verdict)',
    `                 complaint  not`,
    `complaint        ${String(c.truePositive).padStart(9)}  ${String(c.falseNegative).padStart(5)}`,
    `not a complaint  ${String(c.falsePositive).padStart(9)}  ${String(c.trueNegative).padStart(5)}`,
  ];
  const categories = Object.entries(s.perCategory);
  if (categories.length) {
    lines.push('', 'category accuracy (labelled complaints)');
    for (const [name, e] of categories)
      lines.push(`  ${name.padEnd(16)} ${pct(e.accuracy).padStart(6)}  (${e.correct}/${e.items})`);
  }
  lines.push(
    '',
    `throughput ${Math.round(r.postsPerSecond).toLocaleString('en-US')} posts/s (${r.seconds.toFixed(2)} s)`,
  );
  if (r.flips) {
    const fixed = r.flips.filter((f) => f.nowCorrect).length;
    lines.push(
      '',
      `--compare flips ${r.flips.length} verdicts: ${fixed} now right, ${r.flips.length - fixed} now wrong`,
    );
    for (const f of r.flips.slice(0, 50))
      lines.push(
        `  ${f.nowCorrect ? 'fixed ' : 'broken'} line ${f.line}: ${f.before ? 'complaint' : 'not'} → ${f.after ? 'complaint' : 'not'}  ${f.text.replace(/\s+/g, ' ').slice(0, 100)}`,
      );
    if (r.flips.length > 50) lines.push(`  … and ${r.flips.length - 50} more (--json lists all)`);
  }
  return `${lines.join('\n')}\n`;
}
