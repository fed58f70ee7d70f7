import { AppError } from '../domain/errors.ts';

/** One problem in a config file, located for a person to fix. */
export type ConfigProblem = {
  file: string;
  /** 1-based; 0 when the problem has no single place (a missing file). */
  line: number;
  column: number;
  /** Dotted key path, e.g. `triage.categories[2].name`; empty for syntax errors. */
  key: string;
  message: string;
};

/** All problems of a config at once, so ops fix them in one go. */
export class ConfigError extends AppError {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    super('config_invalid', formatProblems(problems));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function formatProblems(problems: ConfigProblem[]): string {
  const lines = problems.map((p) => {
    const where = p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file;
    return `  ${where}  ${p.key ? `${p.key}: ` : ''}${p.message}`;
  });
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return `The configuration has ${count}:\n${lines.join('\n')}`;
}
