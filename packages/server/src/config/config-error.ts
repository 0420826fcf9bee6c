/**
 * Invalid configuration. `path` names the offending value as in
 * `chains.support.final[1].timeouts.idleMs`, `rule` the rule it breaks.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'invalid-config';
  constructor(
    readonly path: string,
    readonly rule: string,
  ) {
    super(`${path} ${rule}`);
  }
}
