import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import { describeError } from '../domain/errors.ts';
import { loadConfig } from './load-config.ts';
import type { Config } from './schema.ts';

export type ConfigHolder = {
  /** The config in effect now; stages call this at the start of each step. */
  get(): Config;
  files: string[];
  /** Starts reloading on file changes; an invalid change is refused and logged. */
  watch(log: Logger): void;
  close(): void;
};

export function createConfigHolder(files: string[], initial = loadConfig(files)): ConfigHolder {
  let current = initial;
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;

  const reload = (log: Logger) => {
    try {
      current = loadConfig(files);
      log.info({ files }, 'configuration reloaded');
    } catch (error) {
      log.error(
        `configuration change refused, the last good configuration stays in effect.\n${describeError(error)}`,
      );
    }
  };

  return {
    get: () => current,
    files,
    watch(log) {
      for (const dir of new Set(files.map((f) => dirname(f)))) {
        const names = new Set(files.filter((f) => dirname(f) === dir).map((f) => basename(f)));
        // Watch the folder, not the file: editors save by writing a new file and renaming
        // it over the old one, which ends a watch on the old file. Saves come in bursts.
        const watcher = watch(dir, (_event, name) => {
          if (name && !names.has(name)) return;
          clearTimeout(timer);
          timer = setTimeout(() => reload(log), 200);
        });
        watcher.on('error', () => {});
        watchers.push(watcher);
      }
    },
    close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
