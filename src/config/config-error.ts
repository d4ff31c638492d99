/**
 * Thrown at startup when the configuration cannot be used. The message lists every problem at once,
 * so an operator fixes them in one round instead of one restart per mistake.
 */
export class ConfigError extends Error {
  readonly code = 'config.invalid';

  constructor(readonly problems: readonly string[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`The configuration has ${count} (docs/config.md describes every setting):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
