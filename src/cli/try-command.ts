import { EMPTY_HISTORY } from '../triage/classifier.ts';
import { AppError } from '../domain/errors.ts';
import type { Command } from './command.ts';
import { CONFIG_OPTION, parseOptions } from './parse-options.ts';
import { postAsMention } from './triage-eval-command.ts';

export const tryCommand: Command = {
  name: 'try',
  summary: 'Show what the bot would decide and draft for one post, with the reasons.',
  help: `Usage: complaint-radar try "<post text>" [options]

Triages one post with the classifier in effect (the LLM when OPENAI_API_KEY is
set, else the offline rules) and drafts the reply the reviewer would see, with
every reason and guardrail finding. Nothing is stored or sent.

Options:
  --author-followers N  the author's follower count (reach changes priority)
  --handle <name>       the author's handle (default customer)
  --lang <code>         the language the platform reported (default: detect)
  --config <file>       extra config applied after the defaults (repeatable)
  --json                print verdict and draft as JSON`,
  async run(args, ctx) {
    const { values, positionals } = parseOptions(
      args,
      {
        'author-followers': { type: 'string' },
        handle: { type: 'string' },
        lang: { type: 'string' },
        json: { type: 'boolean' },
        ...CONFIG_OPTION,
      },
      true,
    );
    const text = positionals.join(' ').trim();
    if (!text) throw new AppError('invalid_input', 'Give the post text in quotes. See --help.');
    const followers =
      values['author-followers'] === undefined ? 100 : Number(values['author-followers']);
    if (!Number.isInteger(followers) || followers < 0)
      throw new AppError('invalid_input', '--author-followers must be a whole number ≥ 0.');
    const app = await ctx.openApp({ configFiles: values.config, migrate: false });
    try {
      const base = postAsMention(text, 0);
      const mention = {
        ...base,
        id: 'try:0',
        lang: values.lang ?? 'und',
        author: { ...base.author, followers, handle: values.handle ?? 'customer' },
      };
      const [verdict] = await app.deps.classifier.classify([{ mention, history: EMPTY_HISTORY }]);
      if (!verdict) throw new AppError('transient', 'The classifier returned no verdict.');
      const draft =
        verdict.action === 'ignore'
          ? null
          : await app.deps.drafter.draft({ mention, verdict, history: EMPTY_HISTORY });
      if (values.json) {
        ctx.stdout.write(`${JSON.stringify({ verdict, draft }, null, 2)}\n`);
        return 0;
      }
      const lines = [
        `${verdict.isComplaint ? 'Complaint' : 'Not a complaint'} · ${verdict.action} · ${verdict.category} · severity ${verdict.severity} · priority ${verdict.priority} · sentiment ${verdict.sentiment} · ${verdict.language} · → ${verdict.route}`,
        `classifier: ${verdict.classifier}${verdict.sarcasm ? ' · sarcasm likely' : ''}`,
        'reasons:',
        ...verdict.reasons.map((r) => `  - ${r.detail} [${r.rule}]`),
      ];
      if (draft) {
        lines.push(
          '',
          `draft (${draft.origin}, confidence ${draft.confidence}):`,
          `  ${draft.text}`,
          `reviewer note: ${draft.reviewerNote}`,
        );
        for (const f of draft.findings) lines.push(`  guardrail ${f.rule}: ${f.detail}`);
      } else {
        lines.push('', 'no reply needed: no draft');
      }
      ctx.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    } finally {
      await app.close();
    }
  },
};
