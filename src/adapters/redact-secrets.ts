/** Environment variables whose values are secrets, by name. */
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i;
/** Shorter values would redact ordinary words; real credentials are far longer. */
const MIN_SECRET_LENGTH = 8;

export type Redact = (text: string) => string;

/**
 * The secret values in an environment: every variable named like a key, token,
 * secret or password, and the password inside DATABASE_URL. Adapters log ids and
 * handles, never tokens, but client libraries put request headers and URLs into
 * their errors; redacting the known values at the outputs catches what slips by.
 */
export function secretValues(env: NodeJS.ProcessEnv): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (SECRET_NAME.test(name)) values.add(value.trim());
    if (/URL$/.test(name)) {
      try {
        const url = new URL(value);
        if (url.password) {
          values.add(url.password);
          values.add(decodeURIComponent(url.password));
        }
      } catch {
        // Not a URL: nothing hidden in it.
      }
    }
  }
  return [...values].filter((v) => v.length >= MIN_SECRET_LENGTH);
}

/** Replaces every occurrence of each secret (longest first, so no fragment survives). */
export function createRedactor(secrets: string[]): Redact {
  const sorted = [...new Set(secrets)].filter(Boolean).sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return (text) => text;
  const pattern = new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
  return (text) => text.replace(pattern, '[redacted]');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A writable that redacts what passes through (the CLI's stdout and stderr). */
export function redactingStream(
  target: NodeJS.WritableStream,
  redact: Redact,
): NodeJS.WritableStream {
  const write = (chunk: unknown, ...rest: unknown[]) =>
    (target.write as (...args: unknown[]) => boolean)(
      typeof chunk === 'string' || Buffer.isBuffer(chunk) ? redact(String(chunk)) : chunk,
      ...rest,
    );
  return new Proxy(target, {
    get: (t, prop, receiver) => (prop === 'write' ? write : Reflect.get(t, prop, receiver)),
  });
}
