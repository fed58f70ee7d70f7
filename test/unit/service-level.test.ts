import { describe, expect, it } from 'vitest';
import { dueAt } from '../../src/review/service-level.ts';
import { defaultConfig } from '../helpers/test-deps.ts';

function withHours() {
  const config = defaultConfig();
  config.brand.timezone = 'Europe/London';
  config.review.service_levels = { low: 1440, normal: 240, high: 60, critical: 15 };
  config.review.business_hours = {
    days: [1, 2, 3, 4, 5],
    start: '09:00',
    end: '18:00',
    around_the_clock: ['critical'],
  };
  return config;
}

describe('service levels', () => {
  it('run around the clock without business hours', () => {
    const config = defaultConfig();
    expect(dueAt('2026-11-20T17:00:00.000Z', 'normal', config).toISOString()).toBe(
      '2026-11-20T21:00:00.000Z',
    );
  });

  it('count only business hours: a Friday-evening post falls due on Monday, a critical one at once', () => {
    const config = withHours();
    // Friday 20 Nov 2026, 17:00 in London (GMT): one business hour left, three on Monday from 09:00.
    expect(dueAt('2026-11-20T17:00:00.000Z', 'normal', config).toISOString()).toBe(
      '2026-11-23T12:00:00.000Z',
    );
    // Saturday: the clock starts Monday 09:00.
    expect(dueAt('2026-11-21T10:00:00.000Z', 'high', config).toISOString()).toBe(
      '2026-11-23T10:00:00.000Z',
    );
    expect(dueAt('2026-11-20T17:00:00.000Z', 'critical', config).toISOString()).toBe(
      '2026-11-20T17:15:00.000Z',
    );
  });

  it('follow the local clock across a daylight-saving change', () => {
    const config = withHours();
    // Friday 27 Mar 2026 17:30 GMT; London moves to BST on Sunday 29 Mar: Monday 09:00 is 08:00Z.
    expect(dueAt('2026-03-27T17:30:00.000Z', 'high', config).toISOString()).toBe(
      '2026-03-30T08:30:00.000Z',
    );
  });
});
