import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A scratch folder with a config that keeps the store and outbox inside it. */
export function createScratch(extraYaml = ''): {
  dir: string;
  configFile: string;
  outbox: string;
  dbFile: string;
} {
  const dir = mkdtempSync(join(tmpdir(), 'complaint-radar-'));
  const dbFile = join(dir, 'store.db');
  const outbox = join(dir, 'outbox.jsonl');
  const configFile = join(dir, 'test.yaml');
  writeFileSync(
    configFile,
    `store:\n  sqlite_path: ${dbFile}\npublishing:\n  outbox_file: ${outbox}\nops:\n  port: 0\n${extraYaml}`,
  );
  return { dir, configFile, outbox, dbFile };
}

export type CliRun = { code: number | null; stdout: string; stderr: string };

/** Runs the real CLI in a child process (Node 24, from the repo root), as a user would. */
export function runCliProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = startCliProcess(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function startCliProcess(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['src/main.ts', ...args], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
