import type * as v from 'valibot';
import { ConfigError } from './config-error.js';
import { firstIssue } from './rules.js';
import { cascadeConfigSchema, chainsConfigSchema } from './schema.js';
import type { CascadeConfig, ChainsConfig } from './types.js';

export { ConfigError };

// Root keys named bare in messages (`chains.support…`, `basePath …`); the others are named from
// the root (`config.maxBodyBytes`, `config.logger is not a known option`). Users match on these
// messages: keep the paths stable.
const BARE_ROOT_KEYS = new Set(['chains', 'defaultChain', 'basePath']);

function keyPath(path: string, name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;
}

/** `chains.support.final[1].timeouts.idleMs`, `chains["my chain"]`, `config` for the root. */
function issuePath(items: readonly v.IssuePathItem[] = []): string {
  let path = 'config';
  items.forEach((item, i) => {
    const name = String(item.key);
    if (item.type === 'array') path = `${path}[${name}]`;
    else if (i === 0 && BARE_ROOT_KEYS.has(name)) path = name;
    else path = keyPath(path, name);
  });
  return path;
}

function check(schema: v.GenericSchema, value: unknown): void {
  const issue = firstIssue(schema, value);
  if (issue) throw new ConfigError(issuePath(issue.path), issue.message);
}

/**
 * Checks a whole handler configuration (TypeScript values allowed: Provider and Validator
 * objects, functions). Throws {@link ConfigError} naming the path and the rule.
 */
export function validateCascadeConfig(config: CascadeConfig): void {
  check(cascadeConfigSchema, config);
}

/**
 * Loads chain configuration from JSON text or an already parsed JSON value, and checks it.
 * Throws {@link ConfigError}, e.g. `chains.support.final[1].timeouts.idleMs must be a positive integer`.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const chains = loadChainConfig(readFileSync('cascade.config.json', 'utf8'));
 * const handler = createCascadeHandler({ ...chains, logger: pino() });
 * ```
 */
export function loadChainConfig(json: string | unknown): ChainsConfig {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new ConfigError('config', `must be valid JSON (${(error as Error).message})`);
    }
  }
  check(chainsConfigSchema, value);
  // The value itself, not the schema's copy: it has passed the check.
  return value as ChainsConfig;
}

/**
 * Identity function that types a configuration object (editor completion, checks at compile time).
 *
 * @example
 * ```ts
 * export default defineConfig({ chains: { support: { final: [{ provider: 'simulator', model: 'sim' }] } } });
 * ```
 */
export function defineConfig<const T extends CascadeConfig>(config: T): T {
  return config;
}
