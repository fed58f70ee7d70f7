/**
 * Calendar days in a time zone, as UTC instants. Days are not 24 hours long
 * across daylight-saving changes, so boundaries are found from the zone's own
 * offset at each midnight rather than by adding hours.
 */
export type DayRange = { date: string; start: Date; end: Date };

export function dayRange(date: string, zone: string): DayRange {
  return { date, start: startOfLocalDay(date, zone), end: startOfLocalDay(addDays(date, 1), zone) };
}

/** The local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(at: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** Local wall-clock minutes since midnight. */
export function localMinutes(at: Date, zone: string): number {
  const parts = partsOf(at, zone);
  return parts.hour * 60 + parts.minute;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function isDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && addDays(value, 0) === value;
}

function startOfLocalDay(date: string, zone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  let guess = wall;
  // Two rounds settle on the offset in force at that local midnight.
  for (let i = 0; i < 3; i++) guess = wall - offsetMs(new Date(guess), zone);
  return new Date(guess);
}

function offsetMs(at: Date, zone: string): number {
  const p = partsOf(at, zone);
  return (
    Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) -
    Math.floor(at.getTime() / 1000) * 1000
  );
}

function partsOf(at: Date, zone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}
