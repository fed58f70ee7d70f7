/** A DATABASE_URL that puts a process in one PostgreSQL schema (tests and benchmarks isolate themselves so). */
export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}
