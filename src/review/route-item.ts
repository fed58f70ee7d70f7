import type { Config } from '../config/schema.ts';

/** Which review channel an item goes to: the one place routing is decided. */
export function routeItem(category: string, severity: string, config: Config): string {
  const rule = config.review.routes.find(
    (r) =>
      (r.category === undefined || r.category === category) &&
      (r.severity === undefined || r.severity === severity),
  );
  if (rule) return rule.channel;
  return (
    config.triage.categories.find((c) => c.name === category)?.channel ??
    config.review.default_channel
  );
}
