import type { CascadeConfig, ChainsConfig } from './types.js';

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

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPositiveInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;
const isNonNegativeInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function fail(path: string, rule: string): never {
  throw new ConfigError(path, rule);
}

function key(path: string, name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;
}

function object(value: unknown, path: string, known: readonly string[]): Obj {
  if (!isObject(value)) fail(path, 'must be an object');
  for (const name of Object.keys(value)) {
    if (!known.includes(name)) fail(key(path, name), `is not a known option (known: ${known.join(', ')})`);
  }
  return value;
}

type Rule = 'positive integer' | 'non-negative integer' | 'non-negative number' | 'string' | 'boolean';

function optional(obj: Obj, name: string, path: string, rule: Rule): void {
  const value = obj[name];
  if (value === undefined) return;
  const at = key(path, name);
  const ok =
    rule === 'positive integer'
      ? isPositiveInt(value)
      : rule === 'non-negative integer'
        ? isNonNegativeInt(value)
        : rule === 'non-negative number'
          ? isNumber(value) && value >= 0
          : rule === 'string'
            ? typeof value === 'string' && value.length > 0
            : typeof value === 'boolean';
  if (!ok) fail(at, rule === 'string' ? 'must be a non-empty string' : `must be a ${rule}`);
}

function inRange(obj: Obj, name: string, path: string, min: number, max: number, minExclusive = false): void {
  const value = obj[name];
  if (value === undefined) return;
  const low = minExclusive ? `greater than ${min}` : `at least ${min}`;
  if (!isNumber(value) || value > max || (minExclusive ? value <= min : value < min)) {
    fail(key(path, name), `must be a number ${low} and at most ${max}`);
  }
}

const MODEL_KEYS = [
  'provider',
  'model',
  'name',
  'baseUrl',
  'apiKeyEnv',
  'timeouts',
  'retry',
  'breaker',
  'price',
  'validators',
  'confidence',
  'maxTokens',
  'temperature',
  'simulator',
] as const;
const FAILURE_KINDS = ['http', 'network', 'cut', 'stall', 'in-band-error', 'invalid'];

function checkModel(value: unknown, path: string): void {
  const model = object(value, path, MODEL_KEYS);
  const provider = model.provider;
  if (provider === undefined) fail(`${path}.provider`, 'is required');
  if (typeof provider === 'string') {
    if (!['openai', 'anthropic', 'simulator'].includes(provider)) {
      fail(`${path}.provider`, 'must be one of "openai", "anthropic", "simulator" (or a Provider object)');
    }
  } else if (!isObject(provider) || typeof provider.stream !== 'function') {
    fail(`${path}.provider`, 'must be one of "openai", "anthropic", "simulator" (or a Provider object)');
  }
  if (typeof model.model !== 'string' || model.model.length === 0) fail(`${path}.model`, 'must be a non-empty string');
  optional(model, 'name', path, 'string');
  if (model.baseUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = typeof model.baseUrl === 'string' ? new URL(model.baseUrl) : undefined;
    } catch {}
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
      fail(`${path}.baseUrl`, 'must be an http(s) URL');
  }
  if (
    model.apiKeyEnv !== undefined &&
    (typeof model.apiKeyEnv !== 'string' || !/^[A-Za-z_]\w*$/.test(model.apiKeyEnv))
  ) {
    fail(`${path}.apiKeyEnv`, 'must be the name of an environment variable');
  }
  if (model.timeouts !== undefined) {
    const timeouts = object(model.timeouts, `${path}.timeouts`, ['headersMs', 'firstTokenMs', 'idleMs']);
    for (const name of ['headersMs', 'firstTokenMs', 'idleMs'])
      optional(timeouts, name, `${path}.timeouts`, 'positive integer');
  }
  if (model.retry !== undefined && model.retry !== false) {
    const retry = object(model.retry, `${path}.retry`, ['attempts', 'baseDelayMs', 'maxDelayMs']);
    optional(retry, 'attempts', `${path}.retry`, 'positive integer');
    optional(retry, 'baseDelayMs', `${path}.retry`, 'non-negative integer');
    optional(retry, 'maxDelayMs', `${path}.retry`, 'non-negative integer');
  }
  if (model.breaker !== undefined && model.breaker !== false) {
    const at = `${path}.breaker`;
    const breaker = object(model.breaker, at, [
      'consecutiveFailures',
      'failureRate',
      'windowMs',
      'minimumCalls',
      'cooldownMs',
    ]);
    for (const name of ['consecutiveFailures', 'windowMs', 'minimumCalls', 'cooldownMs']) {
      optional(breaker, name, at, 'positive integer');
    }
    inRange(breaker, 'failureRate', at, 0, 1, true);
  }
  if (model.price !== undefined) {
    const price = object(model.price, `${path}.price`, ['inputPerMTok', 'outputPerMTok']);
    for (const name of ['inputPerMTok', 'outputPerMTok']) {
      if (price[name] === undefined) fail(`${path}.price.${name}`, 'is required');
      optional(price, name, `${path}.price`, 'non-negative number');
    }
  }
  if (model.validators !== undefined) {
    if (!Array.isArray(model.validators)) fail(`${path}.validators`, 'must be an array');
    model.validators.forEach((v: unknown, i: number) => {
      checkValidator(v, `${path}.validators[${i}]`);
    });
  }
  if (model.confidence !== undefined) {
    const confidence = object(model.confidence, `${path}.confidence`, ['threshold', 'scorer']);
    if (confidence.threshold === undefined) fail(`${path}.confidence.threshold`, 'is required');
    inRange(confidence, 'threshold', `${path}.confidence`, 0, 1);
    if (confidence.scorer !== undefined && typeof confidence.scorer !== 'function') {
      fail(`${path}.confidence.scorer`, 'must be a function');
    }
  }
  optional(model, 'maxTokens', path, 'positive integer');
  inRange(model, 'temperature', path, 0, 2);
  if (model.simulator !== undefined) checkSimulator(model.simulator, `${path}.simulator`);
}

function checkValidator(value: unknown, path: string): void {
  if (isObject(value) && typeof value.validate === 'function') return;
  if (!isObject(value) || typeof value.type !== 'string') {
    fail(path, 'must be a Validator or { "type": "non-empty" | "json" | "pattern" }');
  }
  switch (value.type) {
    case 'non-empty':
    case 'json':
      object(value, path, ['type']);
      return;
    case 'pattern': {
      object(value, path, ['type', 'pattern', 'flags', 'message']);
      if (typeof value.pattern !== 'string') fail(`${path}.pattern`, 'must be a string');
      try {
        new RegExp(value.pattern, typeof value.flags === 'string' ? value.flags : undefined);
      } catch {
        fail(value.flags === undefined ? `${path}.pattern` : `${path}.flags`, 'must form a valid regular expression');
      }
      optional(value, 'message', path, 'string');
      return;
    }
    default:
      fail(`${path}.type`, 'must be one of "non-empty", "json", "pattern"');
  }
}

function checkSimulator(value: unknown, path: string): void {
  const sim = object(value, path, [
    'seed',
    'text',
    'sentences',
    'headersMs',
    'ttftMs',
    'tokensPerSecond',
    'jitter',
    'logprob',
    'failure',
    'failCalls',
  ]);
  if (sim.seed !== undefined && !Number.isInteger(sim.seed)) fail(`${path}.seed`, 'must be an integer');
  if (sim.text !== undefined && typeof sim.text !== 'string' && typeof sim.text !== 'function') {
    fail(`${path}.text`, 'must be a string');
  }
  for (const name of ['sentences', 'failCalls']) optional(sim, name, path, 'non-negative integer');
  for (const name of ['headersMs', 'ttftMs']) optional(sim, name, path, 'non-negative number');
  if (sim.tokensPerSecond !== undefined && !(isNumber(sim.tokensPerSecond) && sim.tokensPerSecond > 0)) {
    fail(`${path}.tokensPerSecond`, 'must be a positive number');
  }
  inRange(sim, 'jitter', path, 0, 1);
  if (sim.logprob !== undefined && !(isNumber(sim.logprob) && sim.logprob <= 0))
    fail(`${path}.logprob`, 'must be a number ≤ 0');
  if (sim.failure !== undefined) {
    if (!isObject(sim.failure) || !FAILURE_KINDS.includes(sim.failure.kind as string)) {
      fail(`${path}.failure.kind`, `must be one of ${FAILURE_KINDS.map((k) => `"${k}"`).join(', ')}`);
    }
    if (sim.failure.kind === 'http' && !(isPositiveInt(sim.failure.status) && (sim.failure.status as number) >= 400)) {
      fail(`${path}.failure.status`, 'must be an HTTP error status (400-599)');
    }
  }
}

function checkModels(value: unknown, path: string, required: boolean): void {
  if (value === undefined && !required) return;
  if (!Array.isArray(value) || value.length === 0) fail(path, 'must be a non-empty array of models');
  value.forEach((model: unknown, i: number) => {
    checkModel(model, `${path}[${i}]`);
  });
}

const ROOT_KEYS = ['chains', 'defaultChain', 'basePath', 'maxBodyBytes'];
const CODE_ONLY_KEYS = ['logger', 'onAttempt', 'onSettled', 'env', 'clock', 'random', 'breakerStore', 'fetch'];

function checkRoot(value: unknown, allowCode: boolean): asserts value is ChainsConfig {
  const root = object(value, 'config', allowCode ? [...ROOT_KEYS, ...CODE_ONLY_KEYS] : ROOT_KEYS);
  const chains = object(root.chains, 'chains', Object.keys(isObject(root.chains) ? root.chains : {}));
  const names = Object.keys(chains);
  if (names.length === 0) fail('chains', 'must name at least one chain');
  for (const name of names) {
    const path = key('chains', name);
    const chain = object(chains[name], path, [
      'draft',
      'final',
      'deadlineMs',
      'retryBudgetMs',
      'failover',
      'contextNotes',
    ]);
    checkModels(chain.draft, `${path}.draft`, false);
    checkModels(chain.final, `${path}.final`, true);
    optional(chain, 'deadlineMs', path, 'positive integer');
    optional(chain, 'retryBudgetMs', path, 'non-negative integer');
    if (chain.failover !== undefined && chain.failover !== 'restart' && chain.failover !== 'continue') {
      fail(`${path}.failover`, 'must be "restart" or "continue"');
    }
    optional(chain, 'contextNotes', path, 'boolean');
  }
  if (
    root.defaultChain !== undefined &&
    (typeof root.defaultChain !== 'string' || !names.includes(root.defaultChain))
  ) {
    fail('defaultChain', `must name a configured chain (${names.join(', ')})`);
  }
  if (root.basePath !== undefined && (typeof root.basePath !== 'string' || !/^\/[\w\-./]*$/.test(root.basePath))) {
    fail('basePath', 'must be a path starting with "/"');
  }
  optional(root, 'maxBodyBytes', 'config', 'positive integer');
}

/**
 * Checks a whole handler configuration (TypeScript values allowed: Provider and Validator
 * objects, functions). Throws {@link ConfigError} naming the path and the rule.
 */
export function validateCascadeConfig(config: CascadeConfig): void {
  checkRoot(config, true);
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
  checkRoot(value, false);
  return value;
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
