/**
 * What each source last did, for readiness and for the worker's own pacing:
 * a source that asked to wait (rate limit) is not called before that time.
 */
export type SourceStatus = {
  key: string;
  description: string;
  lastOkAt: Date | null;
  lastError: string | null;
  waitUntil: Date | null;
};

export type SourceStatusBoard = {
  get(key: string): SourceStatus | undefined;
  list(): SourceStatus[];
  update(key: string, description: string, change: Partial<SourceStatus>): void;
};

export function createSourceStatusBoard(): SourceStatusBoard {
  const statuses = new Map<string, SourceStatus>();
  return {
    get: (key) => statuses.get(key),
    list: () => [...statuses.values()],
    update(key, description, change) {
      const current = statuses.get(key) ?? {
        key,
        description,
        lastOkAt: null,
        lastError: null,
        waitUntil: null,
      };
      statuses.set(key, { ...current, ...change });
    },
  };
}
