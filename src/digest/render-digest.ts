import type { Digest, Spread } from './compute-digest.ts';

/** The digest as Markdown that reads well in Slack, a terminal or pasted into an e-mail. */
export function renderDigestMarkdown(d: Digest, brand: string): string {
  const v = d.volume;
  const lines = [
    `# ${brand} complaint digest — ${longDate(d.date)}`,
    '',
    `**${v.complaints} complaints** in ${v.mentions} mentions (${pct(v.complaintRate)}). ${v.previousDay.hasData ? versus(v.complaints, v.previousDay.complaints, 'the day before') : 'No day before to compare with'}; ${versusAvg(v.complaints, v.sevenDayAverage.complaints, v.sevenDayAverage.days)}.`,
    '',
    '| | this day | day before | 7-day average |',
    '| --- | ---: | ---: | ---: |',
    `| mentions | ${v.mentions} | ${prev(v.previousDay.mentions, v.previousDay.hasData)} | ${avg(v.sevenDayAverage.mentions, v.sevenDayAverage.days)} |`,
    `| complaints | ${v.complaints} | ${prev(v.previousDay.complaints, v.previousDay.hasData)} | ${avg(v.sevenDayAverage.complaints, v.sevenDayAverage.days)} |`,
    `| complaint rate | ${pct(v.complaintRate)} | ${v.previousDay.hasData ? pct(v.previousDay.complaintRate) : '—'} | ${v.sevenDayAverage.days ? pct(v.sevenDayAverage.complaintRate) : '—'} |`,
    '',
    '## What went wrong',
  ];
  if (d.topProblems.length === 0) lines.push('', 'No complaints this day.');
  else {
    lines.push('');
    for (const p of d.topProblems) {
      const examples = p.examples
        .map((e) => (e.url ? `[@${e.handle}](${e.url})` : `@${e.handle}`))
        .join(', ');
      lines.push(
        `- **${label(p.category)}**: ${p.complaints}${examples ? ` — e.g. ${examples}` : ''}`,
      );
    }
    const severities = Object.entries(d.bySeverity)
      .map(([s, n]) => `${s} ${n}`)
      .join(' · ');
    if (severities) lines.push('', `By severity: ${severities}`);
    if (d.themes) {
      lines.push('', `**Themes** (summarised by ${d.themes.model}): ${d.themes.summary}`);
      for (const t of d.themes.themes) lines.push(`- ${t.title} (${t.complaints})`);
    }
    if (d.topPhrases.length)
      lines.push(
        '',
        `Recurring phrases: ${d.topPhrases.map((p) => `“${p.phrase}” (${p.count})`).join(', ')}`,
      );
  }
  if (d.mostVisible.length) {
    lines.push('', '## Most visible complaints', '');
    for (const m of d.mostVisible)
      lines.push(
        `- ${m.url ? `[@${m.handle}](${m.url})` : `@${m.handle}`} · ${m.followers.toLocaleString('en')} followers · ${label(m.category)} · ${m.severity} · ${m.state.replace('_', ' ')}`,
      );
  }
  const r = d.responseTimes;
  const sl = d.serviceLevel;
  lines.push(
    '',
    '## How fast we answered',
    '',
    '| | median | 90th percentile | items |',
    '| --- | ---: | ---: | ---: |',
    row('post → draft', r.postToDraft),
    row('post → approval', r.postToApproval),
    row('post → published reply', r.postToReply),
    '',
    sl.attainment === null
      ? 'Service levels: nothing was due yet.'
      : `Service levels met: **${pct(sl.attainment)}** (${sl.onTime} on time, ${sl.late} late, ${sl.overdueOpen} overdue and still open).`,
    '',
    `Still waiting now: ${d.waiting.open} item${d.waiting.open === 1 ? '' : 's'}${d.waiting.overdue ? `, **${d.waiting.overdue} overdue**` : ''}.`,
  );
  const dismissals = Object.entries(d.dismissals);
  lines.push('', '## The team', '');
  lines.push(
    dismissals.length
      ? `Dismissed: ${dismissals.map(([k, n]) => `${label(k)} ${n}`).join(' · ')}`
      : 'Dismissed: none',
  );
  lines.push(
    d.reviewerActions.length
      ? `Actions per reviewer: ${d.reviewerActions.map((a) => `${a.reviewer} ${a.actions}`).join(' · ')}`
      : 'Actions per reviewer: none',
  );
  lines.push(
    '',
    d.llm.calls
      ? `Model use: ${d.llm.calls} calls, ${(d.llm.inputTokens + d.llm.outputTokens).toLocaleString('en')} tokens, about $${d.llm.estimatedCostUsd.toFixed(2)}.`
      : 'Model use: none (offline triage and templates).',
    '',
    `_Times in ${d.timezone}; figures as of ${d.generatedAt.slice(0, 16).replace('T', ' ')} UTC._`,
  );
  return `${lines.join('\n')}\n`;
}

/** The digest as Slack blocks (one message; the chart is uploaded with it). */
export function renderDigestSlack(
  d: Digest,
  brand: string,
): { text: string; blocks: Record<string, unknown>[] } {
  const markdown = renderDigestMarkdown(d, brand);
  const sections = markdown
    .replace(/^# .*\n/, '')
    .split(/\n## /)
    .map((part, i) => (i === 0 ? part : `*${part.replace(/\n/, '*\n')}`))
    .map((part) =>
      part
        .replace(/\*\*(.+?)\*\*/g, '*$1*')
        .replace(/\[(.+?)\]\((.+?)\)/g, '<$2|$1>')
        .replace(/^\| --- .*\n/gm, '')
        .replace(/^\| (.*) \|$/gm, (_, cells: string) => cells.split(' | ').join(' · ')),
    );
  const blocks: Record<string, unknown>[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: `${brand} complaint digest — ${longDate(d.date)}`.slice(0, 150),
      },
    },
  ];
  for (const section of sections)
    if (section.trim())
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: section.trim().slice(0, 3000) },
      });
  const text = `${brand} complaint digest for ${d.date}: ${d.volume.complaints} complaints in ${d.volume.mentions} mentions`;
  return { text, blocks };
}

function row(name: string, s: Spread): string {
  return `| ${name} | ${minutes(s.medianMinutes)} | ${minutes(s.p90Minutes)} | ${s.n} |`;
}

function minutes(m: number | null): string {
  if (m === null) return '—';
  if (m < 60) return `${m.toFixed(m < 10 ? 1 : 0)} min`;
  return `${(m / 60).toFixed(1)} h`;
}

function prev(n: number, hasData: boolean): string {
  return hasData ? String(n) : '—';
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

function avg(x: number, days: number): string {
  return days ? x.toFixed(1) : '—';
}

function versus(now: number, before: number, what: string): string {
  if (now === before) return `Same as ${what}`;
  return `${now > before ? 'Up' : 'Down'} ${Math.abs(now - before)} from ${what}`;
}

function versusAvg(now: number, average: number, days: number): string {
  if (!days) return 'no earlier days to compare with yet';
  if (average === 0) return now === 0 ? 'as usual' : 'none on an average day';
  const change = (now - average) / average;
  return `${Math.abs(change) < 0.05 ? 'about the usual' : `${change > 0 ? '+' : '−'}${Math.round(Math.abs(change) * 100)} % against the ${days}-day average`}`;
}

function label(key: string): string {
  return key.replace(/_/g, ' ');
}

function longDate(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
