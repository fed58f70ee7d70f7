import type { Config } from '../config/schema.ts';

/** When a decision is due: the post time plus the service level of its severity. */
export function dueAt(postedAt: string, severity: string, config: Config): Date {
  const minutes =
    config.review.service_levels[severity] ?? config.review.service_levels.normal ?? 240;
  return new Date(new Date(postedAt).getTime() + minutes * 60_000);
}
