import { describe, expect, it } from 'vitest';
import type { MentionRecord } from '../../src/adapters/store/mention-records.ts';
import { isFailure, prepareEach } from '../../src/worker/run-step.ts';

const records = Array.from({ length: 20 }, (_, i) => ({ id: `m${i}` }) as MentionRecord);

describe('preparing a batch item by item', () => {
  it('overlaps up to the given number of slow calls and keeps the claim order and each failure', async () => {
    let inFlight = 0;
    let most = 0;
    const outcomes = await prepareEach(
      records,
      async (record) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        // Later items finish first, so order could only be kept on purpose.
        await new Promise((r) => setTimeout(r, 40 - Number(record.id.slice(1))));
        inFlight -= 1;
        if (record.id === 'm7') throw new Error('model timed out');
        return { to: 'drafted' };
      },
      8,
    );
    expect(most).toBe(8);
    expect([...outcomes.keys()]).toEqual(records.map((r) => r.id));
    expect(isFailure(outcomes.get('m7') ?? { to: 'drafted' })).toBe(true);
    expect([...outcomes.values()].filter((o) => !isFailure(o))).toHaveLength(19);
  });

  it('runs one at a time by default, for steps whose order matters', async () => {
    let inFlight = 0;
    let most = 0;
    await prepareEach(records.slice(0, 5), async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight -= 1;
      return { to: 'in_review' };
    });
    expect(most).toBe(1);
  });
});
