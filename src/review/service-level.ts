import type { Config } from '../config/schema.ts';
import { addDays, dayRange, localDate } from '../digest/local-day.ts';

/**
 * When a decision is due: the post time plus the service level of its
 * severity, counted in business hours when `review.business_hours` is set (in
 * the brand's time zone), and around the clock otherwise or for severities that
 * always run (critical, by default).
 */
export function dueAt(postedAt: string, severity: string, config: Config): Date {
  const minutes =
    config.review.service_levels[severity] ?? config.review.service_levels.normal ?? 240;
  const start = new Date(postedAt);
  const hours = config.review.business_hours;
  if (!hours || hours.around_the_clock.includes(severity))
    return new Date(start.getTime() + minutes * 60_000);
  return addBusinessMinutes(start, minutes, hours, config.brand.timezone);
}

type BusinessHours = NonNullable<Config['review']['business_hours']>;

function addBusinessMinutes(from: Date, minutes: number, hours: BusinessHours, zone: string): Date {
  const toMinutes = (hhmm: string) => {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    return h * 60 + m;
  };
  const open = toMinutes(hours.start);
  const close = toMinutes(hours.end);
  let left = minutes * 60_000;
  let day = localDate(from, zone);
  let cursor = from.getTime();
  // A year of days is far beyond any service level; the bound only guards bad config.
  for (let i = 0; i < 366 && left > 0; i++, day = addDays(day, 1)) {
    const isoDay = ((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
    if (!hours.days.includes(isoDay) || close <= open) continue;
    const midnight = dayRange(day, zone).start.getTime();
    const windowStart = Math.max(cursor, midnight + open * 60_000);
    const windowEnd = midnight + close * 60_000;
    if (windowStart >= windowEnd) continue;
    const used = Math.min(left, windowEnd - windowStart);
    left -= used;
    cursor = windowStart + used;
  }
  return new Date(cursor);
}
