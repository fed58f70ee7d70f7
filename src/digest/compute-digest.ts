import type { LlmClient } from '../adapters/openai/llm-client.ts';
import type { Db } from '../adapters/store/database.ts';
import type { Config } from '../config/schema.ts';
import { addDays, type DayRange, dayRange } from './local-day.ts';
import { summariseThemes, type Themes } from './summarise-themes.ts';

export type Spread = { n: number; medianMinutes: number | null; p90Minutes: number | null };

export type Digest = {
  date: string;
  timezone: string;
  /** When the figures were read (what is still waiting is "as of" this time). */
  generatedAt: string;
  volume: {
    mentions: number;
    complaints: number;
    complaintRate: number;
    /** `hasData` is false before the bot's first day: then there is nothing to compare with. */
    previousDay: { mentions: number; complaints: number; complaintRate: number; hasData: boolean };
    /** Average of the 7 days before, over the days the bot has data for. */
    sevenDayAverage: { mentions: number; complaints: number; complaintRate: number; days: number };
  };
  byCategory: { category: string; complaints: number }[];
  bySeverity: Record<string, number>;
  topProblems: {
    category: string;
    complaints: number;
    examples: { handle: string; url: string | null }[];
  }[];
  topPhrases: { phrase: string; count: number }[];
  /** With a model: the day's themes in a few factual lines; null offline or when it failed. */
  themes: Themes | null;
  mostVisible: {
    handle: string;
    followers: number;
    category: string;
    severity: string;
    state: string;
    url: string | null;
  }[];
  responseTimes: { postToDraft: Spread; postToApproval: Spread; postToReply: Spread };
  serviceLevel: {
    decided: number;
    onTime: number;
    late: number;
    overdueOpen: number;
    attainment: number | null;
  };
  waiting: { open: number; overdue: number };
  dismissals: Record<string, number>;
  reviewerActions: { reviewer: string; actions: number }[];
  llm: { calls: number; inputTokens: number; outputTokens: number; estimatedCostUsd: number };
  /** The chart's data: the 7 days ending on `date`. */
  week: {
    date: string;
    complaints: number;
    byCategory: Record<string, number>;
    medianResponseMinutes: number | null;
  }[];
};

const STOPWORDS = new Set(
  "a an the and or but to of in on at for with from by is are was were be been it its this that my me i you your we our they them he she his her not no so just have has had do does did can will would could should get got im i'm still again why what when how please pls any all am as if than then there here about after before still one two".split(
    ' ',
  ),
);

/**
 * The digest of one local day, computed from the store: volume against the
 * previous day and the week, what went wrong and how often, who was most
 * visible, how fast the team answered, what still waits, and what the model
 * cost. Public handles only: no names, texts or other personal data.
 */
export async function computeDigest(
  db: Db,
  config: Config,
  date: string,
  now: Date,
  llm: LlmClient | null = null,
): Promise<Digest> {
  const zone = config.brand.timezone;
  const day = dayRange(date, zone);
  const weekStart = dayRange(addDays(date, -7), zone).start;
  const rows = await db
    .selectFrom('mentions')
    .leftJoin('verdicts', 'verdicts.mention_id', 'mentions.id')
    .leftJoin('authors', (join) =>
      join
        .onRef('authors.platform', '=', 'mentions.platform')
        .onRef('authors.id', '=', 'mentions.author_platform_id'),
    )
    .select([
      'mentions.id',
      'mentions.posted_at',
      'mentions.state',
      'mentions.url',
      'mentions.text',
      'mentions.author_handle',
      'verdicts.is_complaint',
      'verdicts.category',
      'verdicts.severity',
      'authors.followers',
    ])
    .where('mentions.posted_at', '>=', weekStart.toISOString())
    .where('mentions.posted_at', '<', day.end.toISOString())
    .execute();
  const inRange = (r: DayRange) =>
    rows.filter((m) => m.posted_at >= r.start.toISOString() && m.posted_at < r.end.toISOString());
  const isComplaint = (m: (typeof rows)[number]) => Number(m.is_complaint ?? 0) === 1;
  const today = inRange(day);
  const complaints = today.filter(isComplaint);
  const counts = (list: typeof rows) => {
    const c = list.filter(isComplaint).length;
    return {
      mentions: list.length,
      complaints: c,
      complaintRate: list.length ? c / list.length : 0,
    };
  };

  const weekDays = Array.from({ length: 7 }, (_, i) => dayRange(addDays(date, i - 7), zone));
  const firstSeen = rows.reduce(
    (min, r) => (r.posted_at < min ? r.posted_at : min),
    day.start.toISOString(),
  );
  const daysWithData = weekDays.filter((d) => d.end.toISOString() > firstSeen);
  const weekCounts = daysWithData.map((d) => counts(inRange(d)));
  const avg = (pick: (c: ReturnType<typeof counts>) => number) =>
    weekCounts.length ? weekCounts.reduce((n, c) => n + pick(c), 0) / weekCounts.length : 0;

  const byCategory = tally(complaints.map((m) => m.category ?? 'other'));
  const topProblems = byCategory.slice(0, config.digest.top_problems).map(({ key, count }) => ({
    category: key,
    complaints: count,
    examples: complaints
      .filter((m) => (m.category ?? 'other') === key)
      .sort((a, b) => Number(b.followers ?? 0) - Number(a.followers ?? 0))
      .slice(0, 2)
      .map((m) => ({ handle: m.author_handle, url: m.url })),
  }));

  const ids = today.map((m) => m.id);
  const times = await responseTimes(db, ids, day, now);
  const decisionsToday = await db
    .selectFrom('decisions')
    .select(['reviewer', 'action', 'dismiss_reason'])
    .where('created_at', '>=', day.start.toISOString())
    .where('created_at', '<', day.end.toISOString())
    .execute();
  const waiting = await db
    .selectFrom('mentions')
    .leftJoin('cards', 'cards.mention_id', 'mentions.id')
    .select(['cards.due_at'])
    .where('mentions.state', 'in', ['in_review', 'escalated'])
    .execute();
  const usage = await db
    .selectFrom('llm_usage')
    .select(['input_tokens', 'output_tokens'])
    .where('at', '>=', day.start.toISOString())
    .where('at', '<', day.end.toISOString())
    .execute();
  const inputTokens = usage.reduce((n, u) => n + Number(u.input_tokens), 0);
  const outputTokens = usage.reduce((n, u) => n + Number(u.output_tokens), 0);

  const week = [...weekDays.slice(1), day].map((d) => {
    const list = inRange(d);
    return {
      date: d.date,
      complaints: list.filter(isComplaint).length,
      byCategory: Object.fromEntries(
        tally(list.filter(isComplaint).map((m) => m.category ?? 'other')).map((t) => [
          t.key,
          t.count,
        ]),
      ),
      medianResponseMinutes: null as number | null,
    };
  });
  for (const w of week)
    w.medianResponseMinutes = (
      await responseTimes(
        db,
        inRange(dayRange(w.date, zone)).map((m) => m.id),
        dayRange(w.date, zone),
        now,
      )
    ).postToApproval.medianMinutes;

  return {
    date,
    timezone: zone,
    generatedAt: now.toISOString(),
    volume: {
      ...counts(today),
      previousDay: {
        ...counts(inRange(dayRange(addDays(date, -1), zone))),
        hasData: dayRange(addDays(date, -1), zone).end.toISOString() > firstSeen,
      },
      sevenDayAverage: {
        mentions: avg((c) => c.mentions),
        complaints: avg((c) => c.complaints),
        complaintRate: avg((c) => c.complaintRate),
        days: weekCounts.length,
      },
    },
    byCategory: byCategory.map((t) => ({ category: t.key, complaints: t.count })),
    bySeverity: Object.fromEntries(
      tally(complaints.map((m) => m.severity ?? 'normal')).map((t) => [t.key, t.count]),
    ),
    topProblems,
    topPhrases: topPhrases(
      complaints.map((m) => m.text),
      5,
    ),
    themes: llm
      ? await summariseThemes(
          llm,
          config.brand.name,
          complaints.map((m) => m.text),
          config.digest.top_problems,
        ).catch(() => null)
      : null,
    mostVisible: [...complaints]
      .sort((a, b) => Number(b.followers ?? 0) - Number(a.followers ?? 0))
      .slice(0, config.digest.most_visible)
      .map((m) => ({
        handle: m.author_handle,
        followers: Number(m.followers ?? 0),
        category: m.category ?? 'other',
        severity: m.severity ?? 'normal',
        state: m.state,
        url: m.url,
      })),
    responseTimes: {
      postToDraft: times.postToDraft,
      postToApproval: times.postToApproval,
      postToReply: times.postToReply,
    },
    serviceLevel: { ...times.serviceLevel, overdueOpen: times.serviceLevel.overdueOpen },
    waiting: {
      open: waiting.length,
      overdue: waiting.filter((w) => w.due_at !== null && w.due_at < now.toISOString()).length,
    },
    dismissals: Object.fromEntries(
      tally(
        decisionsToday
          .filter((d) => d.action === 'dismiss')
          .map((d) => d.dismiss_reason ?? 'unspecified'),
      ).map((t) => [t.key, t.count]),
    ),
    reviewerActions: tally(decisionsToday.map((d) => d.reviewer)).map((t) => ({
      reviewer: t.key,
      actions: t.count,
    })),
    llm: {
      calls: usage.length,
      inputTokens,
      outputTokens,
      estimatedCostUsd:
        (inputTokens / 1e6) * config.llm.price_per_million_input_tokens +
        (outputTokens / 1e6) * config.llm.price_per_million_output_tokens,
    },
    week,
  };
}

async function responseTimes(db: Db, ids: string[], day: DayRange, now: Date) {
  const empty: Spread = { n: 0, medianMinutes: null, p90Minutes: null };
  if (ids.length === 0)
    return {
      postToDraft: empty,
      postToApproval: empty,
      postToReply: empty,
      serviceLevel: { decided: 0, onTime: 0, late: 0, overdueOpen: 0, attainment: null },
    };
  const toDraft: number[] = [];
  const toApproval: number[] = [];
  const toReply: number[] = [];
  let onTime = 0;
  let late = 0;
  let overdueOpen = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const [mentions, drafts, decisions, replies, cards] = await Promise.all([
      db
        .selectFrom('mentions')
        .select(['id', 'posted_at', 'state'])
        .where('id', 'in', chunk)
        .execute(),
      db
        .selectFrom('drafts')
        .select(['mention_id', 'created_at'])
        .where('mention_id', 'in', chunk)
        .where('version', '=', 1)
        .execute(),
      db
        .selectFrom('decisions')
        .select(['mention_id', 'action', 'created_at'])
        .where('mention_id', 'in', chunk)
        .orderBy('created_at')
        .execute(),
      db
        .selectFrom('replies')
        .select(['mention_id', 'published_at'])
        .where('mention_id', 'in', chunk)
        .execute(),
      db
        .selectFrom('cards')
        .select(['mention_id', 'due_at'])
        .where('mention_id', 'in', chunk)
        .execute(),
    ]);
    const posted = new Map(mentions.map((m) => [m.id, Date.parse(m.posted_at)]));
    const minutes = (id: string, at: string) =>
      (Date.parse(at) - (posted.get(id) ?? Date.parse(at))) / 60_000;
    for (const d of drafts) toDraft.push(minutes(d.mention_id, d.created_at));
    const firstDecision = new Map<string, string>();
    for (const d of decisions)
      if (!firstDecision.has(d.mention_id)) firstDecision.set(d.mention_id, d.created_at);
    const firstApproval = new Map<string, string>();
    for (const d of decisions)
      if (d.action === 'approve' && !firstApproval.has(d.mention_id))
        firstApproval.set(d.mention_id, d.created_at);
    for (const [id, at] of firstApproval) toApproval.push(minutes(id, at));
    for (const r of replies) toReply.push(minutes(r.mention_id, r.published_at));
    for (const c of cards) {
      const decided = firstDecision.get(c.mention_id);
      if (decided) decided <= c.due_at ? onTime++ : late++;
      else if (c.due_at < now.toISOString()) overdueOpen++;
    }
  }
  const decided = onTime + late;
  return {
    postToDraft: spread(toDraft),
    postToApproval: spread(toApproval),
    postToReply: spread(toReply),
    serviceLevel: {
      decided,
      onTime,
      late,
      overdueOpen,
      attainment: decided + overdueOpen ? onTime / (decided + overdueOpen) : null,
    },
    day,
  };
}

/** Median and 90th percentile (nearest rank), in minutes rounded to 0.1. */
export function spread(values: number[]): Spread {
  if (values.length === 0) return { n: 0, medianMinutes: null, p90Minutes: null };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] as number;
  const round = (n: number) => Math.round(n * 10) / 10;
  const mid =
    sorted.length % 2
      ? rank(0.5)
      : ((sorted[sorted.length / 2 - 1] as number) + (sorted[sorted.length / 2] as number)) / 2;
  return { n: values.length, medianMinutes: round(mid), p90Minutes: round(rank(0.9)) };
}

function tally(keys: string[]): { key: string; count: number }[] {
  const map = new Map<string, number>();
  for (const k of keys) map.set(k, (map.get(k) ?? 0) + 1);
  return [...map.entries()]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** Recurring two-word phrases across complaints (handles, links and numbers left out). */
function topPhrases(texts: string[], limit: number): { phrase: string; count: number }[] {
  const seen = new Map<string, Set<number>>();
  texts.forEach((text, i) => {
    const words = text
      .toLowerCase()
      .replace(/@\w+|https?:\/\/\S+|#\d+|\d+/g, ' ')
      .split(/[^\p{L}'’]+/u)
      .filter((w) => w.length > 1 && !STOPWORDS.has(w));
    for (let j = 0; j + 1 < words.length; j++) {
      const phrase = `${words[j]} ${words[j + 1]}`;
      const set = seen.get(phrase) ?? new Set<number>();
      set.add(i);
      seen.set(phrase, set);
    }
  });
  return [...seen.entries()]
    .map(([phrase, set]) => ({ phrase, count: set.size }))
    .filter((p) => p.count >= 2)
    .sort((a, b) => b.count - a.count || a.phrase.localeCompare(b.phrase))
    .slice(0, limit);
}
