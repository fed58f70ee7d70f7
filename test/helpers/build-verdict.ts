import type { Verdict } from '../../src/domain/verdict.ts';

/** A reply-worthy English delivery complaint; override what the test is about. */
export function buildVerdict(overrides: Partial<Verdict> = {}): Verdict {
  return {
    isComplaint: true,
    sentiment: -0.6,
    category: 'delivery',
    severity: 'normal',
    language: 'en',
    sarcasm: false,
    summary: 'my parcel is late, I am still waiting',
    reasons: [{ rule: 'category:delivery', detail: 'mentions "parcel"' }],
    action: 'reply',
    priority: 50,
    route: 'social-care',
    classifier: 'offline',
    ...overrides,
  };
}
